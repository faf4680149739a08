import type { FastifyPluginAsync } from 'fastify'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { StoreHealth } from '../store/storeHealth.js'

/**
 * `/healthz` for load balancers and tests: 200 `{status: "ok"}` while the store can write,
 * 503 `{status: "degraded", store: "cannot write: storage is full"}` when it cannot (a full
 * disk, a read-only data dir, an unreachable database), so edits would be refused.
 */
export const healthRoutes: FastifyPluginAsync<{
  registry: DocumentRegistry
  storeHealth: StoreHealth
}> = async (app, opts) => {
  // Load balancers and tests poll it; it is cheap (a write probe at most every few seconds)
  // and never rate limited.
  app.get(
    '/healthz',
    { schema: { hide: true }, config: { rateLimit: false } },
    async (_, reply) => {
      const store = await opts.storeHealth.status()
      const documentsLoaded = opts.registry.loadedCount
      if (store.writable) return { status: 'ok', store: 'ok', documentsLoaded }
      return reply.status(503).send({ status: 'degraded', store: store.reason, documentsLoaded })
    },
  )
}
