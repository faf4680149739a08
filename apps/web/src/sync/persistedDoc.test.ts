import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { OpenOptions, SyncProvider } from '@cellmate/client'
import { openPersistedDoc } from './persistedDoc'

/** An IndexedDB whose databases never finish opening, listing `existing` as stored. */
function stallingIndexedDB(existing: string[]): void {
  vi.stubGlobal('indexedDB', {
    databases: () => Promise.resolve(existing.map((name) => ({ name, version: 1 }))),
    open: () => ({}),
  })
}

function fakeProvider(): {
  provider: SyncProvider
  opened: string[]
  options: Map<string, OpenOptions | undefined>
} {
  const opened: string[] = []
  const options = new Map<string, OpenOptions | undefined>()
  const provider = {
    open: (name: string, _doc: Y.Doc, opts?: OpenOptions) => {
      opened.push(name)
      options.set(name, opts)
      return { whenSynced: () => new Promise(() => {}) }
    },
    closeDoc: () => {},
  } as unknown as SyncProvider
  return { provider, opened, options }
}

const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))

describe('openPersistedDoc', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('joins at once a document this browser never stored, without waiting for its database', async () => {
    stallingIndexedDB(['cellmate:wb:other'])
    const { provider, opened } = fakeProvider()
    const binding = await openPersistedDoc(provider, 'wb:fresh', new Y.Doc(), () => false)
    expect(binding?.name).toBe('wb:fresh')
    expect(opened).toEqual(['wb:fresh'])
  })

  it('opens a never-stored document as holding nothing unsent, so nothing waits for its join', async () => {
    stallingIndexedDB([])
    const { provider, options } = fakeProvider()
    await openPersistedDoc(provider, 'wb:new', new Y.Doc(), () => false)
    expect(options.get('wb:new')?.mayHaveUnsyncedState).toBe(false)
  })

  it('loads a stored document from IndexedDB before it joins (offline edits may be there)', async () => {
    stallingIndexedDB(['cellmate:wb:stored'])
    const { provider, opened } = fakeProvider()
    let resolved = false
    void openPersistedDoc(provider, 'wb:stored', new Y.Doc(), () => false).then(() => {
      resolved = true
    })
    await settled()
    expect(resolved).toBe(false)
    expect(opened).toEqual([])
  })

  it('lists the databases once per page, and waits for one this page opened before', async () => {
    let listed = 0
    vi.stubGlobal('indexedDB', {
      databases: () => {
        listed++
        return Promise.resolve([])
      },
      open: () => ({}),
    })
    const { provider, opened } = fakeProvider()
    await openPersistedDoc(provider, 'sheet:w:a', new Y.Doc(), () => false)
    await openPersistedDoc(provider, 'sheet:w:b', new Y.Doc(), () => false)
    void openPersistedDoc(provider, 'sheet:w:a', new Y.Doc(), () => false)
    await settled()
    expect(listed).toBe(1)
    expect(opened).toEqual(['sheet:w:a', 'sheet:w:b'])
  })

  it('waits for the database when the browser cannot list its databases', async () => {
    vi.stubGlobal('indexedDB', { open: () => ({}) })
    const { provider, opened } = fakeProvider()
    void openPersistedDoc(provider, 'wb:unknown', new Y.Doc(), () => false)
    await settled()
    expect(opened).toEqual([])
  })
})
