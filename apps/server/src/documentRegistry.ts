import * as Y from 'yjs'
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, parseDocName } from '@cellmate/protocol'
import { pruneOrphanCells, sheetTypes, workbookTypes } from '@cellmate/model'
import type { Store } from './store/store.js'
import type { DocFanout, RemoteDocMessage } from './cluster/docFanout.js'

/** A loaded document and who is using it. */
export interface DocEntry {
  readonly name: string
  readonly doc: Y.Doc
  /** Presence of the sockets in the room; relayed, never stored. */
  readonly awareness: Awareness
  /** Awareness client ids announced by each socket, removed when that socket leaves. */
  readonly awarenessBySocket: Map<string, Set<number>>
  refs: number
  lastSeq: number
  entries: number
  unloadTimer: NodeJS.Timeout | null
}

/**
 * Sends a stored update or awareness change to a document's room. Updates go to this node's
 * sockets only (other nodes relay what they receive over the `DocFanout`); awareness may go
 * through the Socket.IO adapter to every node's.
 */
export type Broadcast = (
  event: 'update' | 'awareness',
  doc: string,
  update: Uint8Array,
  exceptSocketId?: string,
) => void

export interface RegistryOptions {
  store: Store
  log: FastifyBaseLogger
  broadcast: Broadcast
  /** Unload a document this long after its last user left (default 30 s). */
  idleUnloadMs?: number
  /** Compact the update log into a snapshot once it holds this many entries (default 200). */
  compactAfterEntries?: number
  /** The other server processes sharing the store (`REDIS_URL`); absent on a single node. */
  fanout?: DocFanout
  /** Counts every update applied to a loaded document, by where it came from (`/metrics`). */
  onUpdateIn?: (source: UpdateSource) => void
  /** Called with the seconds each `Store.appendUpdate` took (`/metrics`). */
  onPersist?: (seconds: number) => void
}

/** Where an update came from: a socket, a server-side change (REST), another node. */
export type UpdateSource = 'client' | 'server' | 'remote'

/** Origin of what another node sent: not a socket id, so it is never attributed to a socket. */
const REMOTE_ORIGIN = Symbol('remote node')

/**
 * Loads each document once (snapshot + log) on first use, keeps it while anyone uses it, and
 * unloads it after an idle delay. Every change goes through `applyUpdate` or `change`, which
 * persist before they resolve and broadcast after they persist.
 */
export class DocumentRegistry {
  private readonly loaded = new Map<string, DocEntry>()
  private readonly loading = new Map<string, Promise<DocEntry>>()
  private readonly idleUnloadMs: number
  private readonly compactAfterEntries: number

  constructor(private readonly options: RegistryOptions) {
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000
    this.compactAfterEntries = options.compactAfterEntries ?? 200
  }

  get loadedCount(): number {
    return this.loaded.size
  }

  /** Takes a reference on a document, loading it if needed. Pair with `release`. */
  async acquire(name: string): Promise<DocEntry> {
    let entry = this.loaded.get(name)
    if (!entry) {
      let pending = this.loading.get(name)
      if (!pending) {
        pending = this.load(name).finally(() => this.loading.delete(name))
        this.loading.set(name, pending)
      }
      entry = await pending
    }
    entry.refs++
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer)
      entry.unloadTimer = null
    }
    return entry
  }

  release(entry: DocEntry): void {
    entry.refs--
    if (entry.refs > 0 || entry.unloadTimer) return
    entry.unloadTimer = setTimeout(() => void this.unload(entry), this.idleUnloadMs)
    entry.unloadTimer.unref()
  }

  /** Runs `fn` with the document loaded, for callers that do not hold a reference. */
  async use<T>(name: string, fn: (entry: DocEntry) => T | Promise<T>): Promise<T> {
    const entry = await this.acquire(name)
    try {
      return await fn(entry)
    } finally {
      this.release(entry)
    }
  }

  /**
   * Applies a validated client update, stores it, then broadcasts it to the room (not back to
   * the sender). Resolves once durable; rejects with STORAGE_FAILED if it could not be stored.
   */
  async applyUpdate(entry: DocEntry, update: Uint8Array, fromSocketId?: string): Promise<void> {
    entry.refs++
    try {
      Y.applyUpdate(entry.doc, update, fromSocketId ?? 'server')
      await this.persist(entry, update)
      this.options.onUpdateIn?.(fromSocketId ? 'client' : 'server')
      this.options.broadcast('update', entry.name, update, fromSocketId)
      this.options.fanout?.publish(entry.name, { kind: 'update', payload: update })
    } finally {
      this.release(entry)
    }
  }

  /**
   * Makes a server-side change (REST writes) as one transaction, then stores and broadcasts
   * the resulting update like any client's.
   */
  async change<T>(entry: DocEntry, fn: (doc: Y.Doc) => T): Promise<T> {
    entry.refs++
    try {
      return await this.commit(entry, fn)
    } finally {
      this.release(entry)
    }
  }

  /** Runs `fn` as one server transaction, then stores and broadcasts what it changed. */
  private async commit<T>(entry: DocEntry, fn: (doc: Y.Doc) => T): Promise<T> {
    const updates: Uint8Array[] = []
    const onUpdate = (update: Uint8Array): void => {
      updates.push(update)
    }
    entry.doc.on('update', onUpdate)
    let result: T | undefined
    let failure: unknown = null
    try {
      entry.doc.transact(() => {
        result = fn(entry.doc)
      }, 'server')
    } catch (err) {
      failure = err
    } finally {
      entry.doc.off('update', onUpdate)
    }
    // Whatever part of the change was applied is stored and sent even if `fn` then threw,
    // so the loaded document never holds anything the store and the clients lack.
    if (updates.length > 0) {
      const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates)
      await this.persist(entry, update)
      this.options.onUpdateIn?.('server')
      this.options.broadcast('update', entry.name, update)
      this.options.fanout?.publish(entry.name, { kind: 'update', payload: update })
    }
    if (failure) throw failure
    return result as T
  }

  /** Forgets the presence a socket announced in a document and tells the room. */
  dropAwareness(entry: DocEntry, socketId: string): void {
    const ids = entry.awarenessBySocket.get(socketId)
    entry.awarenessBySocket.delete(socketId)
    if (!ids || ids.size === 0) return
    const clients = [...ids]
    removeAwarenessStates(entry.awareness, clients, 'server')
    const update = encodeAwarenessUpdate(entry.awareness, clients)
    this.options.broadcast('awareness', entry.name, update)
    this.options.fanout?.publish(entry.name, { kind: 'awareness', payload: update })
  }

  /**
   * Applies a socket's presence change to the document's awareness and hands it to the other
   * nodes' copies, so people who join there see it. Relaying it to sockets is the caller's.
   */
  applyAwareness(entry: DocEntry, update: Uint8Array, socketId: string): void {
    applyAwarenessUpdate(entry.awareness, update, socketId)
    this.options.fanout?.publish(entry.name, { kind: 'awareness', payload: update })
  }

  /**
   * Re-reads every loaded document from the store and relays what this node lacked to its
   * sockets: after a lost Redis connection, whatever other nodes published meanwhile.
   */
  async resyncFromStore(): Promise<void> {
    for (const entry of [...this.loaded.values()]) {
      try {
        const stored = await this.options.store.loadDoc(entry.name)
        if (this.loaded.get(entry.name) !== entry || stored.updates.length === 0) continue
        const before = Y.encodeStateVector(entry.doc)
        Y.applyUpdate(entry.doc, Y.mergeUpdates(stored.updates), REMOTE_ORIGIN)
        const missed = Y.encodeStateAsUpdate(entry.doc, before)
        // An update with no structs and an empty delete set is 2 bytes.
        if (missed.byteLength > 2) this.options.broadcast('update', entry.name, missed)
      } catch (err) {
        this.options.log.error({ err, doc: entry.name }, 'resync from the store failed')
      }
    }
  }

  /** Compacts and unloads everything (shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.loading.values()])
    await Promise.all([...this.loaded.values()].map((e) => this.unload(e, true)))
  }

  private async persist(entry: DocEntry, update: Uint8Array): Promise<void> {
    const started = performance.now()
    try {
      entry.lastSeq = await this.options.store.appendUpdate(entry.name, update)
      this.options.onPersist?.((performance.now() - started) / 1000)
      entry.entries++
    } catch (err) {
      this.options.log.error({ err, doc: entry.name }, 'failed to persist update')
      throw new CellmateError(ERROR_CODES.STORAGE_FAILED, 'the update could not be stored; retry')
    }
  }

  private async load(name: string): Promise<DocEntry> {
    const ref = parseDocName(name)
    if (!ref) throw new CellmateError(ERROR_CODES.NOT_FOUND, `unknown document ${name}`)
    const started = performance.now()
    // Subscribe before reading the store: whatever another node stores after the read is
    // published after it, so it arrives here; until the entry exists it waits in `early`.
    const fanout = this.options.fanout
    const early: RemoteDocMessage[] = []
    let onRemote = (message: RemoteDocMessage): void => void early.push(message)
    if (fanout) await fanout.subscribe(name, (message) => onRemote(message))
    let stored
    try {
      stored = await this.options.store.loadDoc(name)
    } catch (err) {
      fanout?.unsubscribe(name)
      throw err
    }
    const doc = new Y.Doc()
    // Fix the root types before any update names them, so a hostile update cannot redefine them.
    if (ref.kind === 'sheet') sheetTypes(doc)
    else workbookTypes(doc)
    applyStored(doc, stored.updates, name, this.options.log)
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
      doc,
      awareness,
      awarenessBySocket,
      refs: 0,
      lastSeq: stored.lastSeq,
      entries: stored.updates.length,
      unloadTimer: null,
    }
    this.loaded.set(name, entry)
    onRemote = (message) => this.applyRemote(entry, message)
    for (const message of early) onRemote(message)
    this.options.log.debug(
      { doc: name, entries: entry.entries, ms: Math.round(performance.now() - started) },
      'document loaded',
    )
    if (entry.entries > this.compactAfterEntries) await this.compact(entry)
    return entry
  }

  /** What another node stored or announced: applied here and relayed to this node's sockets. */
  private applyRemote(entry: DocEntry, message: RemoteDocMessage): void {
    if (message.kind === 'awareness') {
      // The Socket.IO adapter already relayed it to the sockets; this keeps the copy for joiners.
      applyAwarenessUpdate(entry.awareness, message.payload, REMOTE_ORIGIN)
      return
    }
    // Stored by the node that received it: not persisted or published again.
    Y.applyUpdate(entry.doc, message.payload, REMOTE_ORIGIN)
    this.options.onUpdateIn?.('remote')
    this.options.broadcast('update', entry.name, message.payload)
  }

  private async compact(entry: DocEntry): Promise<void> {
    const snapshot = Y.encodeStateAsUpdate(entry.doc)
    const through = entry.lastSeq
    try {
      await this.options.store.compact(entry.name, snapshot, through)
      entry.entries = await this.options.store.countEntries(entry.name)
    } catch (err) {
      // The log is intact; compaction is only an optimisation.
      this.options.log.error({ err, doc: entry.name }, 'compaction failed')
    }
  }

  private async unload(entry: DocEntry, force = false): Promise<void> {
    entry.unloadTimer = null
    if (entry.refs > 0 && !force) return
    if (this.loaded.get(entry.name) !== entry) return
    if (parseDocName(entry.name)?.kind === 'sheet') {
      try {
        await this.commit(entry, (doc) => pruneOrphanCells(doc))
      } catch (err) {
        this.options.log.error({ err, doc: entry.name }, 'pruning orphan cells failed')
      }
    }
    if (entry.entries > 1) await this.compact(entry)
    if (entry.refs > 0 && !force) return
    this.loaded.delete(entry.name)
    this.options.fanout?.unsubscribe(entry.name)
    entry.awareness.destroy()
    entry.doc.destroy()
  }
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
