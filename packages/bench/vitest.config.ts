import { defineConfig } from 'vitest/config'

// The pure parts and the light clients' Socket.IO wire (against an in-process Socket.IO server on
// 127.0.0.1) are unit-tested; the benchmarks themselves run with `pnpm bench`.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } })
