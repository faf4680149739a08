import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import type { DocRef, Role } from '@cellmate/protocol'
import { sheetTypes, workbookTypes } from '@cellmate/model'
import type { StoredDoc } from './store/store.js'
import type { Author } from './store/historyRecords.js'

/** A loaded document and who is using it. */
export interface DocEntry {
  readonly name: string
  readonly kind: DocRef['kind']
  readonly doc: Y.Doc
  /** Presence of the sockets in the room; relayed, never stored. */
  readonly awareness: Awareness
  /** Awareness client ids announced by each socket, removed when that socket leaves. */
  readonly awarenessBySocket: Map<string, Set<number>>
  refs: number
  lastSeq: number
  entries: number
  unloadTimer: NodeJS.Timeout | null
  /** Who owns each Yjs client id that wrote to this document (see `claimClient`). */
  readonly owners: Map<number, string>
  /** Joiners' client ids being bound in the store right now (see `claimClient`). */
  readonly claiming: Map<number, Promise<void>>
  /** Writes waiting their turn: one document's writes are checked, stored and applied in order. */
  readonly queue: WriteJob[]
  writing: boolean
  /**
   * Set while a server change is applied but not yet stored: readers wait for it, so nothing
   * unstored is ever read.
   */
  unstored: Promise<void> | null
  /**
   * The in-memory document holds a change the store refused: it is no longer served (the next
   * use loads the document again from the store) and is never compacted.
   */
  poisoned: boolean
  /** The server's own client id of this copy is bound to it in the store (`commit`). */
  serverClientIdBound: boolean
  /**
   * Who wrote the change being applied right now (set around each client update and server
   * change), for observers that attribute it (the cell edit log); null otherwise.
   */
  author: Author | null
}

/** Who sent a client update: the socket (not echoed back to it) and the session that owns it. */
export interface UpdateSender {
  socketId: string
  /** Opaque id of the session (its client key's hash); client ids are bound to it. */
  owner: string
  /** The sender's role: what it may write (a commenter only comments). Default: editor. */
  role?: Role
  /** Who the person is (link, display name), for history; absent in tests that do not care. */
  author?: Author
}

export type WriteJob =
  | {
      kind: 'client'
      update: Uint8Array
      from: UpdateSender
      resolve: () => void
      reject: (err: unknown) => void
    }
  | {
      kind: 'server'
      run: () => Promise<void>
    }

/**
 * A document as `DocumentRegistry` holds it once loaded, built from what the store holds: the
 * stored updates merged into a fresh copy whose root types are fixed first (so a hostile
 * update cannot redefine them), presence tracked per socket, nobody using it yet.
 *
 * `hadPending`: the stored updates held structs or deletions that can never integrate (stored
 * before updates were checked against the document). They would be sent to every joiner and
 * delete clocks their owner has yet to write, so they are dropped here, and the caller
 * rewrites the stored log without them.
 */
export function loadedEntry(
  name: string,
  kind: DocRef['kind'],
  stored: StoredDoc,
  owners: Map<number, string>,
  log: FastifyBaseLogger,
): { entry: DocEntry; hadPending: boolean } {
  const doc = new Y.Doc()
  if (kind === 'sheet') sheetTypes(doc)
  else workbookTypes(doc)
  applyStored(doc, stored.updates, name, log)
  const hadPending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  if (hadPending) {
    log.warn({ doc: name }, 'dropping stored structs that never integrate')
    doc.store.pendingStructs = null
    doc.store.pendingDs = null
  }
  const awareness = new Awareness(doc)
  awareness.setLocalState(null)
  const awarenessBySocket = new Map<string, Set<number>>()
  awareness.on(
    'update',
    (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      // Sockets apply their updates with their id as origin: remember whose clients are whose.
      if (typeof origin !== 'string') return
      let mine = awarenessBySocket.get(origin)
      if (!mine) awarenessBySocket.set(origin, (mine = new Set()))
      for (const id of [...added, ...updated]) mine.add(id)
      for (const id of removed) mine.delete(id)
    },
  )
  const entry: DocEntry = {
    name,
    kind,
    doc,
    awareness,
    awarenessBySocket,
    refs: 0,
    lastSeq: stored.lastSeq,
    entries: stored.updates.length,
    unloadTimer: null,
    owners,
    claiming: new Map(),
    queue: [],
    writing: false,
    unstored: null,
    poisoned: false,
    serverClientIdBound: false,
    author: null,
  }
  return { entry, hadPending }
}

/**
 * Merges the stored updates into `doc`. A stored entry that fails to decode (which validation
 * should make impossible) is logged and skipped rather than making the document unloadable.
 */
function applyStored(
  doc: Y.Doc,
  updates: Uint8Array[],
  name: string,
  log: FastifyBaseLogger,
): void {
  if (updates.length === 0) return
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates))
    return
  } catch (err) {
    log.error({ err, doc: name }, 'stored updates do not merge; applying one by one')
  }
  for (const u of updates) {
    try {
      Y.applyUpdate(doc, u)
    } catch (err) {
      log.error({ err, doc: name }, 'skipping a stored update that does not decode')
    }
  }
}
