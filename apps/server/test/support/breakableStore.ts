import Database from 'better-sqlite3'
import { SqliteStore, type Store } from '../../src/index.js'

/** Store calls that only read; every other call writes. */
const READS = /^(load|get|list|find|count|close)/

/**
 * The real SQLite store, whose writes fail as SQLite's do on a full disk (`SQLITE_FULL`) or a
 * read-only data dir (`SQLITE_READONLY`) while `fail` is set; reads keep working. (Tests run as
 * root here, which file permissions do not stop, so the failure is injected at the driver.)
 */
export function breakableStore(dir: string): { store: Store; fail: 'full' | 'read-only' | null } {
  const state = { store: null as unknown as Store, fail: null as 'full' | 'read-only' | null }
  const real = new SqliteStore(dir)
  state.store = new Proxy(real, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function' || (typeof key === 'string' && READS.test(key))) {
        return typeof value === 'function' ? value.bind(target) : value
      }
      return (...args: unknown[]) => {
        if (state.fail === 'full') {
          return Promise.reject(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'))
        }
        if (state.fail === 'read-only') {
          return Promise.reject(
            new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'),
          )
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return state
}
