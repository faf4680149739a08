import { findPostgresBin, findRedisServer } from '../../src/testing/index.js'

/**
 * Whether Postgres and Redis are installed for the multi-node tests. `.ci/run` installs both,
 * so in CI (`CI=true`) a missing one fails the run instead of skipping the tests; locally the
 * tests skip with a message saying what to install.
 */
export function clusterServicesAvailable(): boolean {
  const missing = [
    findPostgresBin() ? null : 'postgresql (initdb, postgres)',
    findRedisServer() ? null : 'redis-server',
  ].filter((m): m is string => m !== null)
  if (missing.length === 0) return true
  const message = `multi-node tests need ${missing.join(' and ')}: apt-get install -y redis-server postgresql`
  if (process.env.CI === 'true') throw new Error(`${message} (CI must run them)`)
  console.warn(`SKIPPED: ${message}`)
  return false
}
