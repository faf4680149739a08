import { cellCount, splitBatches } from './cellEditBatches.js'
import type { CellEditBatch } from './historyRecords.js'
import type { CommitError, PackedAppends } from './sqliteUpdateCommit.js'

/*
 * What `SqliteAppender` queues and hands to a commit: the writes waiting (appends, client id
 * claims, cell edit log rows), how a batch is taken from them and packed for the commit
 * thread, and how a batch's writes hear of its outcome. The appender decides when and where a
 * batch commits (the event loop or the commit thread); this module only says what a batch is.
 */

export type Queued =
  | {
      kind: 'append'
      doc: string
      update: Uint8Array
      /** Called once the commit is written (before `resolve`, which waits for its fsync). */
      written: ((seq: number) => void) | undefined
      resolve: (seq: number) => void
      reject: (err: unknown) => void
    }
  | {
      kind: 'claim'
      doc: string
      claims: ReadonlyArray<{ clientId: number; owner: string }>
      resolve: (owners: Map<number, string>) => void
      reject: (err: unknown) => void
    }
  | {
      kind: 'edits'
      edits: readonly CellEditBatch[]
      /** Their cells (`cellCount`). */
      rows: number
      /**
       * Sent at once rather than held for the next commit: a reader waits for it, or the rows
       * are many (`SEND_AT_ONCE_ROWS`).
       */
      urgent: boolean
      /** When they were queued (`performance.now()`): they wait at most `HISTORY_HOLD_MS`. */
      at: number
      resolve: () => void
      reject: (err: unknown) => void
    }

/** A queued batch of cell edit log rows, before its promise is attached. */
export type EditsPart = { edits: readonly CellEditBatch[]; rows: number; urgent: boolean }

/**
 * How long cell edit log rows wait to be written together with later ones. They are recorded
 * after their update is applied and written after some later commit's acks, in a transaction of
 * their own: one per edit cost the event loop ~0.15 ms of every edit with 100 people each
 * editing once a second (8 % of its busy time, the largest part after the room's socket writes;
 * server README, "The cell edit log's rows, together"). Held, a room's rows go in one
 * transaction every 200 ms at most; readers of the log (`historyWritten`) make them go at
 * once, and a crash can only take history rows, never the cells they describe (the updates
 * are committed and fsynced before their acks, as ever).
 */
export const HISTORY_HOLD_MS = 200

/** Held rows go with the next commit once this many are queued (the event loop writes 64). */
const HOLD_MAX_ROWS = 32

/**
 * Rows from one change that commit at once instead of waiting for the next commit: a big
 * paste's. Held, a 25,000-cell paste's rows (~100 ms to insert) rode with the next paste's
 * commit, which its ack then waited for; sent at once they are written while its author makes
 * the next one. At this size the commit of their own costs little next to the rows.
 */
const SEND_AT_ONCE_ROWS = 1000

/**
 * The most cell edit log rows one commit takes: a big paste's rows go in several, and the
 * appends and claims queued meanwhile go with the next one, ahead of the rest. Whole, a
 * 25,000-cell paste's rows (~120 ms to insert) held every update that came meanwhile: the
 * author's next paste ~20 ms on average, and someone typing beside pastes like it saw p90 of
 * 120–133 ms for their edits to reach others, 64–66 ms in parts (server README).
 */
const HISTORY_BATCH_ROWS = 5000

/**
 * One change's cell edit log rows as queued: in parts of at most `HISTORY_BATCH_ROWS`. Rows of
 * a REST write or the server's own (a restore) are not held: such a change comes alone (a
 * script's write, then perhaps its exit), and its rows go with the next commit as they always
 * did; a tab's edits come in a stream, whose rows wait for each other (`HISTORY_HOLD_MS`).
 */
export function editsParts(edits: readonly CellEditBatch[]): EditsPart[] {
  const rows = cellCount(edits)
  const urgent = rows >= SEND_AT_ONCE_ROWS || edits.some((e) => e.source !== 'socket')
  if (rows <= HISTORY_BATCH_ROWS) return [{ edits, rows, urgent }]
  return splitBatches(edits, HISTORY_BATCH_ROWS).map((part) => ({
    edits: part,
    rows: cellCount(part),
    urgent,
  }))
}

/** Nothing but cell edit log rows (and waits for them) is queued. */
export function onlyRows(queue: readonly Queued[]): boolean {
  return queue.every((q) => q.kind === 'edits')
}

/**
 * Whether the queued cell edit log rows go with the next commit: the oldest has waited
 * `HISTORY_HOLD_MS` (at `now`), one is urgent (a reader waits, or a big paste's), or they are
 * many.
 */
export function rowsDue(queue: readonly Queued[], now: number): boolean {
  let rows = 0
  for (const q of queue) {
    if (q.kind !== 'edits') continue
    if (q.urgent || now - q.at >= HISTORY_HOLD_MS) return true
    rows += q.rows
  }
  return rows >= HOLD_MAX_ROWS
}

/** When the queue's oldest cell edit log rows have waited `HISTORY_HOLD_MS`; null if none. */
export function rowsDueAt(queue: readonly Queued[]): number | null {
  const oldest = queue.find((q) => q.kind === 'edits')
  return oldest?.kind === 'edits' ? oldest.at + HISTORY_HOLD_MS : null
}

/**
 * The next batch of `queue`: every queued append and claim, and — `withRows` — the cell edit
 * log rows in the order recorded, up to `HISTORY_BATCH_ROWS` (at least one entry); `rest` are
 * the rows that wait, in order, for a later commit.
 */
export function takeBatch(
  queue: readonly Queued[],
  withRows: boolean,
): { batch: Queued[]; rest: Queued[] } {
  const batch: Queued[] = []
  const rest: Queued[] = []
  let rows = 0
  for (const q of queue) {
    if (q.kind !== 'edits') batch.push(q)
    else if (!withRows || rest.length > 0 || (rows > 0 && rows + q.rows > HISTORY_BATCH_ROWS)) {
      rest.push(q)
    } else {
      rows += q.rows
      batch.push(q)
    }
  }
  return { batch, rest }
}

/**
 * A batch as a commit takes it. The updates travel as one buffer, handed over to the commit
 * thread: posting each Uint8Array would copy the whole buffer it is a view of (often a
 * socket's much larger read buffer).
 */
export function packBatch(batch: readonly Queued[]): {
  packed: PackedAppends
  /** `packed.data`'s buffer, to transfer. */
  buffer: ArrayBuffer
  claims: Array<{ doc: string; clientId: number; owner: string }>
  edits: CellEditBatch[]
} {
  const docs: string[] = []
  const lengths: number[] = []
  let bytes = 0
  for (const q of batch) {
    if (q.kind !== 'append') continue
    docs.push(q.doc)
    lengths.push(q.update.byteLength)
    bytes += q.update.byteLength
  }
  const data = new Uint8Array(bytes)
  let at = 0
  for (const q of batch) {
    if (q.kind !== 'append') continue
    data.set(q.update, at)
    at += q.update.byteLength
  }
  const claims = batch.flatMap((q) =>
    q.kind === 'claim' ? q.claims.map((c) => ({ doc: q.doc, ...c })) : [],
  )
  const edits = batch.flatMap((q) => (q.kind === 'edits' ? q.edits : []))
  return { packed: { docs, data, lengths }, buffer: data.buffer, claims, edits }
}

/** Tells a batch's appends their commit is written (in the WAL, not yet fsynced). */
export function announceWritten(batch: readonly Queued[], seqs: readonly number[]): void {
  let append = 0
  for (const q of batch) {
    if (q.kind === 'append') q.written?.(seqs[append++] ?? 0)
  }
}

/** The appends and claims of a fsynced batch resolve, with their sequence numbers and owners. */
export function resolveUpdates(
  batch: readonly Queued[],
  { seqs, owners }: { seqs: readonly number[]; owners: ReadonlyArray<string | null> },
): void {
  let append = 0
  let claim = 0
  for (const q of batch) {
    if (q.kind === 'append') q.resolve(seqs[append++] ?? 0)
    if (q.kind !== 'claim') continue
    const bound = new Map<number, string>()
    for (const c of q.claims) {
      const owner = owners[claim++]
      if (owner) bound.set(c.clientId, owner)
    }
    q.resolve(bound)
  }
}

/** The batch's cell edit log rows (and waits for the log) resolve, or reject with `err`. */
export function settleEdits(batch: readonly Queued[], err: Error | null): void {
  for (const q of batch) {
    if (q.kind !== 'edits') continue
    if (err) q.reject(err)
    else q.resolve()
  }
}

/** The error a write's promise rejects with: `storageFailure` reads its `code`. */
export function commitFailure({ message, code }: CommitError): Error {
  return Object.assign(new Error(message), { code })
}
