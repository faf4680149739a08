import { defineConfig } from 'vitest/config'

// Property suites run thousands of histories (FC_RUNS); give them room, not a race.
export default defineConfig({ test: { testTimeout: 300_000 } })
