import { defineConfig } from 'vitest/config'

// Only the pure parts are unit-tested; the benchmarks themselves run with `pnpm bench`.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } })
