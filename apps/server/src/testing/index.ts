// Throwaway Postgres and Redis servers for tests and benchmarks (`@cellmate/server/testing`):
// they are not part of the server, which only ever connects to `DATABASE_URL`/`REDIS_URL`.

// localPostgres.ts
export { LocalPostgres, findPostgresBin } from './localPostgres.js'

// localRedis.ts
export { LocalRedis, findRedisServer } from './localRedis.js'

// tcpBalancer.ts
export type { BalancerMode } from './tcpBalancer.js'
export { TcpBalancer } from './tcpBalancer.js'

// localProcess.ts
export { freeLoopbackPort } from './localProcess.js'
