import { defineConfig } from 'vitest/config'

// The concurrency property runs many histories (FC_RUNS); give it room, not a race.
export default defineConfig({ test: { testTimeout: 300_000 } })
