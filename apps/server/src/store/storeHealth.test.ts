import { describe, expect, it } from 'vitest'
import { CellmateError } from '@cellmate/protocol'
import type { Store } from './store.js'
import { StoreHealth, monitorStore } from './storeHealth.js'

/** A store whose writes fail with `failWith` (a driver error) while it is set. */
function fakeStore(): { store: Store; failWith: Error | null; probes: number } {
  const state = { store: null as unknown as Store, failWith: null as Error | null, probes: 0 }
  const write = async (): Promise<void> => {
    if (state.failWith) throw state.failWith
  }
  state.store = {
    appendUpdate: async () => {
      await write()
      return 1
    },
    createWorkbook: write,
    probeWrite: async () => {
      state.probes++
      await write()
    },
    getWorkbook: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  } as unknown as Store
  return state
}

const sqliteError = (code: string, message: string): Error =>
  Object.assign(new Error(message), { code })

describe('StoreHealth', () => {
  it('turns storage failures into STORAGE_FAILED saying why, and passes other errors through', async () => {
    const fake = fakeStore()
    const store = monitorStore(fake.store, new StoreHealth())
    fake.failWith = sqliteError('SQLITE_FULL', 'database or disk is full')
    const full = await store
      .createWorkbook({ id: 'w', ownerTokenHash: 'h', createdAt: 0 }, [], [])
      .then(
        () => null,
        (err: unknown) => err,
      )
    expect(full).toBeInstanceOf(CellmateError)
    expect((full as CellmateError).code).toBe('STORAGE_FAILED')
    expect((full as CellmateError).message).toBe(
      'storage is full: the workbook was not created; try again later',
    )
    fake.failWith = sqliteError('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database')
    await expect(store.appendUpdate('sheet:x', new Uint8Array())).rejects.toThrow(
      'storage is read-only: the change was not saved; try again later',
    )
    const bug = sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed')
    fake.failWith = bug
    await expect(store.appendUpdate('sheet:x', new Uint8Array())).rejects.toBe(bug)
  })

  it('reports a failed write at once, and recovery after the next write or probe succeeds', async () => {
    let now = 0
    const fake = fakeStore()
    const health = new StoreHealth({ now: () => now, probeIntervalMs: 5000, retryMs: 1000 })
    const store = monitorStore(fake.store, health)
    await store.appendUpdate('sheet:x', new Uint8Array())
    expect(await health.status()).toEqual({ writable: true })
    expect(fake.probes).toBe(0)

    fake.failWith = sqliteError('SQLITE_IOERR_FSYNC', 'disk I/O error')
    await expect(store.appendUpdate('sheet:x', new Uint8Array())).rejects.toThrow()
    expect(await health.status()).toEqual({
      writable: false,
      reason: 'cannot write: storage has an I/O error',
    })
    fake.failWith = null
    // Still failing until something writes: a probe, at most once per retry delay.
    now += 500
    expect((await health.status()).writable).toBe(false)
    now += 600
    expect(await health.status()).toEqual({ writable: true })
    expect(fake.probes).toBe(2)

    fake.failWith = sqliteError('SQLITE_FULL', 'database or disk is full')
    await expect(store.appendUpdate('sheet:x', new Uint8Array())).rejects.toThrow()
    fake.failWith = null
    await store.appendUpdate('sheet:x', new Uint8Array())
    expect(await health.status()).toEqual({ writable: true })
  })

  it('probes a quiet store, so an idle server notices a data dir that became read-only', async () => {
    let now = 0
    const fake = fakeStore()
    const health = new StoreHealth({ now: () => now, probeIntervalMs: 5000 })
    const store = monitorStore(fake.store, health)
    await store.appendUpdate('sheet:x', new Uint8Array())
    fake.failWith = sqliteError('EROFS', 'read-only file system')
    now += 4000
    expect((await health.status()).writable).toBe(true)
    expect(fake.probes).toBe(0)
    now += 1000
    expect(await health.status()).toEqual({
      writable: false,
      reason: 'cannot write: storage is read-only',
    })
    expect(fake.probes).toBe(1)
  })

  it('answers within the probe timeout when the store hangs', async () => {
    const hanging = {
      probeWrite: () => new Promise<void>(() => {}),
      close: () => Promise.resolve(),
    } as unknown as Store
    const health = new StoreHealth({ probeTimeoutMs: 20 })
    monitorStore(hanging, health)
    expect(await health.status()).toEqual({
      writable: false,
      reason: 'cannot write: storage is unavailable',
    })
  })
})
