import type * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { SyncProvider, SyncedDoc } from '@cellmate/client'
import { JoinWrites } from './joinWrites'

/** y-indexeddb's object store of updates (one Yjs update per record, auto-incremented keys). */
const UPDATES_STORE = 'updates'

/** A Yjs document kept in IndexedDB and synced through the provider. */
export interface PersistedDoc {
  readonly name: string
  readonly doc: Y.Doc
  /** The provider's binding: pending count, `flushed()`, awareness. */
  readonly synced: SyncedDoc
  /** Stops syncing and persisting; the document itself is left to the caller. */
  close(): void
}

/**
 * Loads `doc` from IndexedDB, then starts syncing it. The order matters: edits typed offline
 * are only in IndexedDB after a reload, and the provider must see them in the document when
 * it first joins (`mayHaveUnsyncedState`) to send them to the server.
 *
 * Resolves to null when `cancelled()` became true while loading (the user navigated away).
 * `after` delays the join until that document is flushed (see `OpenOptions.after`).
 */
export async function openPersistedDoc(
  provider: SyncProvider,
  name: string,
  doc: Y.Doc,
  cancelled: () => boolean,
  after?: SyncedDoc,
): Promise<PersistedDoc | null> {
  const dbName = `cellmate:${name}`
  const stored = await mayHoldDatabase(dbName)
  openedHere.add(dbName)
  const persistence = new IndexeddbPersistence(dbName, doc)
  // A document this browser never stored has nothing to load: it joins at once, while its
  // database is created (what the document holds by then is written there when it opens).
  if (stored) {
    try {
      await persistence.whenSynced
    } catch (err) {
      // Without IndexedDB (some private modes) the app still works online; only offline
      // edits are lost on reload, so say so instead of refusing to open.
      console.warn(
        `IndexedDB unavailable for ${name}; offline edits will not survive a reload`,
        err,
      )
    }
  }
  if (cancelled()) {
    void persistence.destroy()
    return null
  }
  // A big sheet applies in slices (the page stays responsive), and a first visit shows the
  // server's first screen meanwhile (`WorkbookSession.openSheet`). The workbook document is
  // small and read whole: half of its sheet list would send a link's sheet to the first one.
  const sheetDoc = name.startsWith('sheet:')
  // Only a stored document can hold edits the server never acknowledged. A fresh one holds
  // nothing to send, so nothing waits for its first join: a sheet opened `after` the workbook
  // joins beside it instead of one round trip later.
  const synced = provider.open(name, doc, {
    mayHaveUnsyncedState: stored,
    after,
    slices: sheetDoc,
    preview: sheetDoc,
  })
  // The join's updates are written after it, off the path to an editable sheet (`JoinWrites`).
  const joinWrites = new JoinWrites(doc, synced, persistence._storeUpdate, {
    opened: persistence.whenSynced,
    write: (batch) => writeRecords(persistence.db, name, batch),
  })
  doc.off('update', persistence._storeUpdate)
  const joined = (): Promise<void> =>
    joinWrites.joined().catch(() => {
      // No IndexedDB here (warned above): the server keeps the document.
    })
  // A refused join brought nothing to hold; stop holding all the same.
  void synced.whenSynced().then(joined, joined)
  return {
    name,
    doc,
    synced,
    close() {
      provider.closeDoc(name)
      joinWrites.close()
      void persistence.destroy()
    },
  }
}

/** Adds updates as y-indexeddb records, in one IndexedDB transaction. */
function writeRecords(db: IDBDatabase | null, name: string, batch: readonly Uint8Array[]): void {
  // Not open yet: y-indexeddb stores the whole document when it opens.
  if (!db) return
  const tx = db.transaction([UPDATES_STORE], 'readwrite')
  tx.onerror = () => console.warn(`Could not store ${name} in IndexedDB`, tx.error)
  const store = tx.objectStore(UPDATES_STORE)
  for (const update of batch) store.add(update)
}

/**
 * The IndexedDB databases the browser held when this page first asked (one listing per page:
 * asking again costs as much as opening one), by the `indexedDB` it asked; null when it cannot
 * say. Databases opened by this page since are in `openedHere`.
 */
const listings = new WeakMap<IDBFactory, Promise<Set<string> | null>>()
const openedHere = new Set<string>()

/**
 * False only when the browser had no IndexedDB database of that name when the page started
 * and this page has not opened one since (a first visit: nothing typed offline can be waiting
 * there); true when it has one or cannot say. Should another tab create one meanwhile, what it
 * holds loads a moment after the join and goes to the server like any edit.
 */
async function mayHoldDatabase(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true
  if (openedHere.has(name)) return true
  let listing = listings.get(indexedDB)
  if (!listing) {
    listing = indexedDB.databases().then(
      (databases) => new Set(databases.flatMap((db) => (db.name ? [db.name] : []))),
      () => null,
    )
    listings.set(indexedDB, listing)
  }
  const names = await listing
  return names === null || names.has(name)
}
