import crypto from 'node:crypto'
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import { SHEET_ROOTS, migrateLegacyCells, type SheetLimits } from '@cellmate/model'
import type { Store } from './store/store.js'
import type { Author } from './store/historyRecords.js'
import type { DocFanout } from './cluster/docFanout.js'
import type { DocEntry, UpdateSender, WriteJob } from './docEntry.js'
import { checkClientBatch } from './sync/clientBatchCheck.js'

/** Most client updates of one document checked and stored together (one group commit). */
const MAX_BATCH = 256

/**
 * A stored batch of at least this many bytes (a paste) is applied to the server's copy after
 * its acks instead of before them: see `writeBatch`.
 */
export const APPLY_AFTER_ACKS_BYTES = 128 * 1024

/** Per sheet document: whether a transaction has changed its old-layout cell map since asked. */
const legacyWatches = new WeakMap<Y.Doc, { changed: boolean }>()

/**
 * Whether `doc`'s old-layout cell map (`SHEET_ROOTS.legacyCells`) holds cells: asked after
 * every batch, answered from the map only when a transaction changed it since the last ask.
 * A `Y.Map`'s `size` walks every key it ever had, deleted ones too, and a sheet moved out of
 * that layout keeps one deleted entry per cell: 17–25 ms a batch for 100,000 cells here.
 */
function legacyCellsWritten(doc: Y.Doc): boolean {
  const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
  let watch = legacyWatches.get(doc)
  if (!watch) {
    const fresh = { changed: true }
    legacy.observe(() => {
      fresh.changed = true
    })
    legacyWatches.set(doc, fresh)
    watch = fresh
  }
  if (!watch.changed) return false
  watch.changed = false
  return legacy.size > 0
}

/** Names this process's claim on the server's own client id of each loaded document. */
const SERVER_INSTANCE = crypto.randomUUID()

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

/** Where an update came from: a socket, a server-side change (REST), another node. */
export type UpdateSource = 'client' | 'server' | 'remote'

/** What the write path of a loaded document needs (a part of `RegistryOptions`). */
export interface DocWritesOptions {
  store: Store
  log: FastifyBaseLogger
  broadcast: Broadcast
  sendBroadcasts?: (doc: string) => void
  fanout?: DocFanout
  onUpdateIn?: (source: UpdateSource) => void
  onPersist?: (seconds: number) => void
  onWritten?: (entry: DocEntry, author: Author) => void
}

/** What the registry does for the write path: drop a copy the store refused, let go of one. */
export interface DocWritesHooks {
  poison(entry: DocEntry): void
  release(entry: DocEntry): void
}

/**
 * The write path of loaded documents (`DocumentRegistry` owns their loading and unloading):
 * each document's writes queue and run one turn at a time, a server change or a batch of
 * client updates; every write is stored before it is applied and broadcast, and a copy that
 * may hold what the store refused is handed to `hooks.poison`.
 */
export class DocWrites {
  constructor(
    private readonly options: DocWritesOptions,
    private readonly limits: SheetLimits,
    private readonly hooks: DocWritesHooks,
  ) {}

  /**
   * Checks a client update against the document, stores it, then broadcasts it to the room
   * (not back to the sender) and applies it as soon as the store has it, and resolves once it
   * is durable (survives a power loss: the store's flush). Nothing is sent or applied that is
   * not stored, and nothing is stored that the document cannot integrate. Rejects with
   * OUT_OF_ORDER (it builds on edits the server lacks), INVALID_UPDATE / LIMIT_EXCEEDED (what
   * it would do is not allowed), CLIENT_ID_TAKEN (it writes with another session's client id)
   * or STORAGE_FAILED.
   */
  applyUpdate(entry: DocEntry, update: Uint8Array, from: UpdateSender): Promise<void> {
    return new Promise((resolve, reject) => {
      if (entry.poisoned) {
        reject(storageFailed())
        return
      }
      entry.queue.push({ kind: 'client', update, from, resolve, reject })
      void this.drain(entry)
    })
  }

  /**
   * Makes a server-side change (REST writes) as one transaction, then stores and broadcasts
   * the resulting update like any client's. It takes its turn among the document's writes.
   */
  change<T>(entry: DocEntry, fn: (doc: Y.Doc) => T, author: Author | null = null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (entry.poisoned) {
        reject(storageFailed())
        return
      }
      entry.queue.push({
        kind: 'server',
        run: () => this.commit(entry, fn, author).then(resolve, reject),
      })
      void this.drain(entry)
    })
  }

  /** Runs the document's queued writes one turn at a time: a server change, or a batch. */
  private async drain(entry: DocEntry): Promise<void> {
    if (entry.writing) return
    entry.writing = true
    entry.refs++
    try {
      while (entry.queue.length > 0) {
        const head = entry.queue[0] as WriteJob
        if (head.kind === 'server') {
          entry.queue.shift()
          await head.run()
          continue
        }
        // The batch leaves the queue in one piece: shifting job by job moved the rest of a
        // long queue along each time.
        let count = 0
        while (count < MAX_BATCH && entry.queue[count]?.kind === 'client') count++
        const batch = entry.queue.splice(0, count) as Array<Extract<WriteJob, { kind: 'client' }>>
        await this.writeBatch(entry, batch)
      }
    } finally {
      entry.writing = false
      this.hooks.release(entry)
    }
  }

  /**
   * Checks each update of the batch against the document plus the ones accepted before it,
   * binds new client ids to their sessions, stores what was accepted (one group commit), then
   * broadcasts and applies it in order once written, and resolves it once flushed.
   */
  private async writeBatch(
    entry: DocEntry,
    batch: Array<Extract<WriteJob, { kind: 'client' }>>,
  ): Promise<void> {
    if (entry.poisoned) {
      for (const job of batch) job.reject(storageFailed())
      return
    }
    let accepted = batch
    // A claim lost to another session refuses its update, and whatever built on it is checked
    // again without it.
    for (;;) {
      const { ok, claims } = checkClientBatch(entry, accepted, this.limits)
      accepted = ok
      if (claims.size === 0) break
      let owners: Map<number, string>
      try {
        owners = await this.options.store.claimClients(
          entry.name,
          [...claims].map(([clientId, owner]) => ({ clientId, owner })),
        )
      } catch (err) {
        this.options.log.error({ err, doc: entry.name }, 'failed to store client ids')
        for (const job of accepted) job.reject(storageFailed())
        return
      }
      for (const [id, owner] of owners) entry.owners.set(id, owner)
    }
    if (accepted.length === 0) return
    const started = performance.now()
    const appends = accepted.map((job) => stagedAppend(this.options.store, entry.name, job.update))
    const stored = await Promise.allSettled(appends.map((a) => a.written))
    const failed = stored.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) {
      this.options.log.error({ err: failed.reason, doc: entry.name }, 'failed to persist update')
      // Whatever part of the batch was stored is in the log but not here: serve the document
      // from the store again rather than from a copy that lacks it.
      if (stored.some((r) => r.status === 'fulfilled')) this.hooks.poison(entry)
      for (const job of accepted) job.reject(storageFailed())
      return
    }
    for (const r of stored) {
      entry.lastSeq = Math.max(entry.lastSeq, (r as PromiseFulfilledResult<number>).value)
      entry.entries++
    }
    // Stored, so it may be seen: it goes to the room before the server's copy takes it (the
    // others' wait is then the store's alone). The copy takes it in the same synchronous run,
    // so nobody can join in between and miss it — or, for a big batch, after its acks, and
    // joiners wait for that (`entry.applying`): applying a 25,000-cell paste takes the event
    // loop ~13 ms, its fsync ~1 ms, and the fsync's answer waited for the apply. The batch's
    // turn lasts until it is applied, so the next batch and server changes are checked
    // against a copy that has it.
    for (const job of accepted) {
      this.options.broadcast('update', entry.name, job.update, job.from.socketId)
      this.options.fanout?.publish(entry.name, { kind: 'update', payload: job.update })
    }
    this.options.sendBroadcasts?.(entry.name)
    let bytes = 0
    for (const job of accepted) bytes += job.update.byteLength
    const late = bytes >= APPLY_AFTER_ACKS_BYTES
    let applied = (): void => {}
    if (late) entry.applying = new Promise<void>((resolve) => (applied = resolve))
    else if (!this.applyBatch(entry, accepted)) return
    try {
      // Written is enough to be seen (a refused update never is: it is never written); an ack
      // promises more, that the edit survives a power loss, so the acks wait for the flush.
      const flushed = await Promise.allSettled(appends.map((a) => a.durable))
      const lost = flushed.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (lost) {
        // Readers have it and the log may or may not keep it: the copy is read again from the
        // store, and its author, told it failed, sends it again (Yjs applies an update once).
        this.options.log.error({ err: lost.reason, doc: entry.name }, 'failed to flush update')
        this.hooks.poison(entry)
        for (const job of accepted) job.reject(storageFailed())
        return
      }
      this.options.onPersist?.((performance.now() - started) / 1000)
      for (const job of accepted) job.resolve()
      if (late) {
        // After the acks: a tick queued from a promise job runs once they all have run.
        await new Promise<void>((resolve) => process.nextTick(resolve))
        if (!this.applyBatch(entry, accepted)) return
      }
    } finally {
      if (late) {
        entry.applying = null
        applied()
      }
    }
    if (entry.doc.store.pendingStructs || entry.doc.store.pendingDs) {
      this.options.log.error({ doc: entry.name }, 'an accepted update left pending structs')
    }
    if (entry.kind === 'sheet' && legacyCellsWritten(entry.doc)) this.migrateLegacy(entry)
  }

  /**
   * Applies a stored batch to the server's copy, in order; false when Yjs throws on one of
   * them: the copy may be half-changed, so it is dropped and read again from the store (where
   * loading skips what fails, and where the readers' copies came from), and the updates not
   * yet applied are refused (a batch applied after its acks has none left to tell).
   */
  private applyBatch(
    entry: DocEntry,
    batch: ReadonlyArray<Extract<WriteJob, { kind: 'client' }>>,
  ): boolean {
    for (const [i, job] of batch.entries()) {
      try {
        entry.author = job.from.author ?? null
        Y.applyUpdate(entry.doc, job.update, job.from.socketId)
      } catch (err) {
        this.options.log.error({ err, doc: entry.name }, 'a checked update failed to apply')
        this.hooks.poison(entry)
        for (const rest of batch.slice(i)) rest.reject(storageFailed())
        return false
      } finally {
        entry.author = null
      }
      if (job.from.author) this.options.onWritten?.(entry, job.from.author)
      this.options.onUpdateIn?.('client')
    }
    return true
  }

  /**
   * Runs `fn` as one server transaction, then stores and broadcasts what it changed. Readers
   * wait until it is stored; if the store refuses it, the in-memory copy is dropped
   * (`poison`), so the refused change is never seen by anyone. Runs at once, outside the
   * document's queue: `change` for anything but a document nobody can see yet (its load).
   */
  async commit<T>(
    entry: DocEntry,
    fn: (doc: Y.Doc) => T,
    author: Author | null = null,
  ): Promise<T> {
    if (entry.poisoned) throw storageFailed()
    if (!entry.serverClientIdBound) avoidClientIds(entry.doc, entry.owners)
    const updates: Uint8Array[] = []
    const onUpdate = (update: Uint8Array): void => {
      updates.push(update)
    }
    entry.doc.on('update', onUpdate)
    let result: T | undefined
    let failure: unknown = null
    try {
      entry.author = author
      entry.doc.transact(() => {
        result = fn(entry.doc)
      }, 'server')
    } catch (err) {
      failure = err
    } finally {
      entry.author = null
      entry.doc.off('update', onUpdate)
    }
    // Whatever part of the change was applied is stored and sent even if `fn` then threw,
    // so the loaded document never holds anything the store and the clients lack.
    if (updates.length > 0) {
      const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates)
      const persisting = this.claimServerClientId(entry).then(() => this.persist(entry, update))
      entry.unstored = persisting
      try {
        await persisting
      } catch (err) {
        this.hooks.poison(entry)
        throw err
      } finally {
        entry.unstored = null
      }
      if (author) this.options.onWritten?.(entry, author)
      this.options.onUpdateIn?.('server')
      this.options.broadcast('update', entry.name, update)
      this.options.fanout?.publish(entry.name, { kind: 'update', payload: update })
    }
    if (failure) throw failure
    return result as T
  }

  private async persist(entry: DocEntry, update: Uint8Array): Promise<void> {
    const started = performance.now()
    try {
      entry.lastSeq = await this.options.store.appendUpdate(entry.name, update)
      this.options.onPersist?.((performance.now() - started) / 1000)
      entry.entries++
    } catch (err) {
      this.options.log.error({ err, doc: entry.name }, 'failed to persist update')
      throw storageFailed()
    }
  }

  /**
   * A tab of an older version (or its offline copy) wrote cells in the old layout: they are
   * moved into the cell log as a server change, stored and sent like any other, so every
   * reader sees them. Should the store refuse it, the values stay in the stored update and
   * move at the next load.
   */
  private migrateLegacy(entry: DocEntry): void {
    void this.change(entry, (doc) => migrateLegacyCells(doc)).then(
      (moved) => {
        if (moved > 0)
          this.options.log.info({ doc: entry.name, moved }, 'moved cells written in the old layout')
      },
      (err: unknown) =>
        this.options.log.error(
          { err, doc: entry.name },
          'could not move cells written in the old layout',
        ),
    )
  }

  /**
   * Binds the server's own client id of this copy (REST changes are written with it) durably
   * before its first change is stored, so no client can write with it: that would corrupt
   * both. Not at load: a store that cannot write still serves reads.
   */
  private async claimServerClientId(entry: DocEntry): Promise<void> {
    if (entry.serverClientIdBound) return
    const owner = `server:${SERVER_INSTANCE}`
    let owners: Map<number, string>
    try {
      owners = await this.options.store.claimClients(entry.name, [
        { clientId: entry.doc.clientID, owner },
      ])
    } catch (err) {
      this.options.log.error({ err, doc: entry.name }, 'failed to store client ids')
      throw storageFailed()
    }
    for (const [id, o] of owners) entry.owners.set(id, o)
    // Only if a client bound this very id between the check and now (it would have to guess a
    // random 32-bit id): the change cannot be kept.
    if (owners.get(entry.doc.clientID) !== owner) throw storageFailed()
    entry.serverClientIdBound = true
  }
}

/**
 * An append heard of twice: `written` once the store has it (readable, kept if the process is
 * killed; the promise itself for a store that cannot tell), `durable` once it survives a power
 * loss. `written` rejects if the append fails before it was written.
 */
function stagedAppend(
  store: Store,
  doc: string,
  update: Uint8Array,
): { written: Promise<number>; durable: Promise<number> } {
  let markWritten: (seq: number) => void = () => {}
  const written = new Promise<number>((resolve) => {
    markWritten = resolve
  })
  const durable = store.appendUpdate(doc, update, (seq) => markWritten(seq))
  return { written: Promise.race([written, durable]), durable }
}

/** Moves `doc` off client ids a client has bound or written with (before its first change). */
function avoidClientIds(doc: Y.Doc, owners: ReadonlyMap<number, string>): void {
  while (owners.has(doc.clientID) || Y.getState(doc.store, doc.clientID) > 0) {
    doc.clientID = Math.floor(Math.random() * 0x100000000)
  }
}

export function storageFailed(): CellmateError {
  return new CellmateError(ERROR_CODES.STORAGE_FAILED, 'the update could not be stored; retry')
}
