import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import type { DocRef, Role } from '@cellmate/protocol'
import { sheetTypes, workbookTypes } from '@cellmate/model'
import type { StoredDoc } from './store/store.js'
import { MAX_STORED_SLICES } from './sync/stateSlices.js'
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
  /** Stored log entries of the document (a compacted state counts its slices). */
  entries: number
  /**
   * Entries the last compaction left (its snapshot's slices and at most one more), or at load
   * the stored entries when they are few enough to count as compacted; unloading compacts
   * only when there are more now.
   */
  compactedEntries: number
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
   * Set while a stored batch was sent to the room but is not applied to this copy yet (a big
   * one waits for its acks, `DocWrites.writeBatch`): a joiner waits for it before it joins the
   * room and reads the state, or it would miss the batch in both.
   */
  applying: Promise<void> | null
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
export async function loadedEntry(
  name: string,
  kind: DocRef['kind'],
  stored: StoredDoc,
  owners: Map<number, string>,
  log: FastifyBaseLogger,
): Promise<{ entry: DocEntry; hadPending: boolean }> {
  const doc = new Y.Doc()
  if (kind === 'sheet') sheetTypes(doc)
  else workbookTypes(doc)
  await applyStored(doc, stored.updates, name, log)
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
    compactedEntries: stored.updates.length <= COMPACTED_ENTRIES ? stored.updates.length : 0,
    unloadTimer: null,
    owners,
    claiming: new Map(),
    queue: [],
    writing: false,
    unstored: null,
    applying: null,
    poisoned: false,
    serverClientIdBound: false,
    author: null,
  }
  return { entry, hadPending }
}

/** A log this short counts as compacted (a big document's slices and one more). */
const COMPACTED_ENTRIES = MAX_STORED_SLICES + 2
/** Consecutive stored entries merged and applied as one, up to this many bytes together. */
const GROUP_BYTES = 256 * 1024
/** How long loading applies stored entries before it lets the event loop run other work. */
export const LOAD_TURN_MS = 8

/** Resolves in a later turn of the event loop, once what is waiting (I/O, timers) has run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * Applies the stored updates to `doc`, in order: small consecutive entries merged and applied
 * together, and the event loop let run others' work (`setImmediate`) every `LOAD_TURN_MS` between
 * them. A compacted big document is stored in slices (`encodeSnapshotRows`), so opening a
 * sheet of a million cells no longer holds every other document on the server for the ~0.5 s
 * its state took to apply in one piece. What an entry needs from a later one waits in Yjs
 * (pending) until that one is applied, as it did when everything was merged first. An entry
 * that fails to decode (which validation should make impossible) is logged and skipped
 * rather than making the document unloadable.
 */
async function applyStored(
  doc: Y.Doc,
  updates: readonly Uint8Array[],
  name: string,
  log: FastifyBaseLogger,
): Promise<void> {
  let turn = performance.now()
  for (let at = 0; at < updates.length;) {
    let end = at + 1
    let bytes = (updates[at] as Uint8Array).byteLength
    while (end < updates.length && bytes + (updates[end] as Uint8Array).byteLength <= GROUP_BYTES) {
      bytes += (updates[end] as Uint8Array).byteLength
      end++
    }
    applyGroup(doc, updates.slice(at, end), name, log)
    at = end
    if (at < updates.length && performance.now() - turn >= LOAD_TURN_MS) {
      await nextTurn()
      turn = performance.now()
    }
  }
}

function applyGroup(
  doc: Y.Doc,
  group: readonly Uint8Array[],
  name: string,
  log: FastifyBaseLogger,
): void {
  try {
    Y.applyUpdate(doc, group.length === 1 ? (group[0] as Uint8Array) : Y.mergeUpdates([...group]))
    return
  } catch (err) {
    if (group.length > 1)
      log.error({ err, doc: name }, 'stored updates do not merge; applying one by one')
    else log.error({ err, doc: name }, 'skipping a stored update that does not decode')
  }
  if (group.length === 1) return
  for (const u of group) {
    try {
      Y.applyUpdate(doc, u)
    } catch (err) {
      log.error({ err, doc: name }, 'skipping a stored update that does not decode')
    }
  }
}
