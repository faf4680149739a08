import * as Y from 'yjs'
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, parseDocName } from '@cellmate/protocol'
import {
  DEFAULT_SHEET_LIMITS,
  migrateLegacyCells,
  pruneOrphanCells,
  repairSheet,
  repairWorkbook,
  type SheetLimits,
} from '@cellmate/model'
import type { Store } from './store/store.js'
import type { Author } from './store/historyRecords.js'
import type { DocFanout, RemoteDocMessage } from './cluster/docFanout.js'
import {
  LOAD_TURN_MS,
  loadedEntry,
  nextTurn,
  type DocEntry,
  type UpdateSender,
} from './docEntry.js'
import { DocWrites, storageFailed, type Broadcast, type UpdateSource } from './docWrites.js'
import { encodeSnapshotRows } from './sync/stateSlices.js'

export type { Broadcast, UpdateSource } from './docWrites.js'

export interface RegistryOptions {
  store: Store
  log: FastifyBaseLogger
  broadcast: Broadcast
  /**
   * Sends what `broadcast` holds for `doc`'s room now instead of at the end of the microtask
   * (a small room; a big room's window still decides): a client batch goes out before the
   * server applies it to its copy.
   */
  sendBroadcasts?: (doc: string) => void
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
  /** Row and column limits of a sheet (`MAX_ROWS`, `MAX_COLS`). */
  limits?: SheetLimits
  /** Called with each document once loaded, before anyone uses it (history observers). */
  onLoaded?: (entry: DocEntry) => void
  /** Called after an attributed change (a client update, a server change with an author) is stored and applied. */
  onWritten?: (entry: DocEntry, author: Author) => void
}

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
  private readonly writes: DocWrites

  constructor(private readonly options: RegistryOptions) {
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000
    this.compactAfterEntries = options.compactAfterEntries ?? 200
    this.writes = new DocWrites(options, options.limits ?? DEFAULT_SHEET_LIMITS, {
      poison: (entry) => this.poison(entry),
      release: (entry) => this.release(entry),
    })
  }

  get loadedCount(): number {
    return this.loaded.size
  }

  /**
   * Takes a reference on a document, loading it if needed. Pair with `release`. Waits while a
   * server change to it is not stored yet, so the caller never reads what may not be kept.
   */
  async acquire(name: string): Promise<DocEntry> {
    for (;;) {
      let entry = this.loaded.get(name)
      if (!entry) {
        let pending = this.loading.get(name)
        if (!pending) {
          pending = this.load(name).finally(() => this.loading.delete(name))
          this.loading.set(name, pending)
        }
        entry = await pending
      }
      if (entry.unstored) await entry.unstored.catch(() => {})
      if (entry.poisoned) continue
      entry.refs++
      if (entry.unloadTimer) {
        clearTimeout(entry.unloadTimer)
        entry.unloadTimer = null
      }
      return entry
    }
  }

  release(entry: DocEntry): void {
    entry.refs--
    if (entry.poisoned) {
      if (entry.refs <= 0) this.discard(entry)
      return
    }
    if (entry.refs > 0 || entry.unloadTimer) return
    entry.unloadTimer = setTimeout(() => void this.unload(entry), this.idleUnloadMs)
    entry.unloadTimer.unref()
  }

  /** The document if it is loaded (and served) now, without loading it or taking a reference. */
  peek(name: string): DocEntry | undefined {
    const entry = this.loaded.get(name)
    return entry && !entry.poisoned && !entry.unstored ? entry : undefined
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
   * Checks a client update against the document, stores it, then applies it and broadcasts it
   * to the room (not back to the sender); see `DocWrites.applyUpdate`.
   */
  applyUpdate(entry: DocEntry, update: Uint8Array, from: UpdateSender): Promise<void> {
    return this.writes.applyUpdate(entry, update, from)
  }

  /**
   * Makes a server-side change (REST writes) as one transaction, then stores and broadcasts
   * the resulting update like any client's, in its turn among the document's writes.
   */
  change<T>(entry: DocEntry, fn: (doc: Y.Doc) => T, author: Author | null = null): Promise<T> {
    return this.writes.change(entry, fn, author)
  }

  /**
   * Binds a joiner's Yjs client id of this document to its session, durably (first claim wins,
   * on every node), without making the join wait for the store's commit. False at once when
   * the id is known to belong to another session; otherwise true, and the binding is stored
   * meanwhile (`claiming`, then `owners`). Until it is, nothing trusts the id: presence waits
   * for it (`untilClaimed`), and a write with it claims it itself before its ack, so a claim
   * lost to another session refuses the write (CLIENT_ID_TAKEN) as it always did.
   * `onFailed` hears a store that cannot write.
   */
  claimClient(
    entry: DocEntry,
    clientId: number,
    owner: string,
    onFailed: (err: unknown) => void,
  ): boolean {
    const known = entry.owners.get(clientId)
    if (known !== undefined) return known === owner
    if (!entry.claiming.has(clientId)) {
      const claim = this.options.store
        .claimClients(entry.name, [{ clientId, owner }])
        .then((owners) => {
          for (const [id, o] of owners) entry.owners.set(id, o)
        }, onFailed)
        .finally(() => entry.claiming.delete(clientId))
      entry.claiming.set(clientId, claim)
    }
    return true
  }

  /** Resolves once the claims in flight for these client ids are settled (see `claimClient`). */
  async untilClaimed(entry: DocEntry, clientIds: readonly number[]): Promise<void> {
    const pending = clientIds.flatMap((id) => entry.claiming.get(id) ?? [])
    if (pending.length > 0) await Promise.all(pending)
  }

  /**
   * Drops a loaded copy that holds a change the store refused: the next use loads the
   * document from the store again (sockets swap to it, see `liveEntry` in the sync namespace)
   * and queued writes are refused (clients resend them). The copy is destroyed once nobody
   * holds it.
   */
  private poison(entry: DocEntry): void {
    if (entry.poisoned) return
    entry.poisoned = true
    this.options.log.warn({ doc: entry.name }, 'dropped a loaded document the store refused')
    if (this.loaded.get(entry.name) === entry) {
      this.loaded.delete(entry.name)
      this.options.fanout?.unsubscribe(entry.name)
    }
    for (const job of entry.queue.splice(0)) {
      if (job.kind === 'client') job.reject(storageFailed())
      else void job.run()
    }
    if (entry.refs <= 0) this.discard(entry)
  }

  private discard(entry: DocEntry): void {
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    entry.unloadTimer = null
    entry.awareness.destroy()
    entry.doc.destroy()
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

  private async load(name: string, repair = true): Promise<DocEntry> {
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
    let owners: Map<number, string>
    try {
      owners = await this.options.store.loadClientOwners(name)
    } catch (err) {
      fanout?.unsubscribe(name)
      throw err
    }
    const { entry, hadPending } = await loadedEntry(
      name,
      ref.kind,
      stored,
      owners,
      this.options.log,
    )
    this.options.onLoaded?.(entry)
    this.loaded.set(name, entry)
    onRemote = (message) => this.applyRemote(entry, message)
    for (const message of early) onRemote(message)
    // Values no reader can use (stored before updates were checked against the document) are
    // removed as a server change, stored and sent like any other. Should the store refuse it,
    // the copy is dropped and the document served as stored: readers skip such values anyway.
    if (repair && !(await this.repairLoaded(entry))) return this.load(name, false)
    this.options.log.debug(
      { doc: name, entries: entry.entries, ms: Math.round(performance.now() - started) },
      'document loaded',
    )
    // A compacted big document is its slices: only what was appended after them counts.
    if (hadPending || entry.entries - entry.compactedEntries > this.compactAfterEntries)
      await this.compact(entry, hadPending)
    // A long load's last steps (its last slice, the repair) were one task: what its waiters do
    // next (a joiner's state encoded, say) is left to another, so other documents get a turn.
    if (performance.now() - started > LOAD_TURN_MS) await nextTurn()
    return entry
  }

  /**
   * Runs `repairSheet`/`repairWorkbook` on a just-loaded document, and moves a sheet's cells
   * from the old layout into the cell log (the one-time migration of stored sheets); false if
   * that was not stored.
   */
  private async repairLoaded(entry: DocEntry): Promise<boolean> {
    try {
      const { report, moved } = await this.writes.commit(entry, (doc) =>
        entry.kind === 'sheet'
          ? { report: repairSheet(doc), moved: migrateLegacyCells(doc) }
          : { report: repairWorkbook(doc), moved: 0 },
      )
      if (report.total > 0) {
        this.options.log.warn(
          { doc: entry.name, removed: report.byRoot },
          'repaired values no reader can use in a stored document',
        )
      }
      if (moved > 0) {
        this.options.log.info(
          { doc: entry.name, moved },
          "moved a stored sheet's cells to the cell log",
        )
      }
      return true
    } catch (err) {
      this.options.log.error({ err, doc: entry.name }, 'could not store the repair of a document')
      return false
    }
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

  private async compact(entry: DocEntry, dropPending = false): Promise<void> {
    if (entry.poisoned) return
    const snapshot = encodeSnapshotRows(entry.doc)
    const through = entry.lastSeq
    try {
      entry.compactedEntries = await this.options.store.compact(
        entry.name,
        snapshot,
        through,
        dropPending,
      )
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
    if (entry.kind === 'sheet') {
      try {
        await this.change(entry, (doc) => pruneOrphanCells(doc))
      } catch (err) {
        this.options.log.error({ err, doc: entry.name }, 'pruning orphan cells failed')
      }
    }
    if (entry.entries > Math.max(1, entry.compactedEntries)) await this.compact(entry)
    if ((entry.refs > 0 || entry.writing) && !force) return
    if (this.loaded.get(entry.name) !== entry) return
    this.loaded.delete(entry.name)
    this.options.fanout?.unsubscribe(entry.name)
    this.discard(entry)
  }
}
