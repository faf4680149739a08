import * as Y from 'yjs'

/**
 * The single entry that replaces compacted log entries: `snapshot` plus whatever those entries
 * hold that the snapshot lacks.
 *
 * A node's snapshot is its in-memory copy, which may trail the log: on several processes,
 * another node's append can be stored before this node has received it over Redis. Dropping
 * such an entry would lose an acknowledged edit, so compaction never overwrites: each entry
 * is reduced to what the snapshot's state vector does not cover (plus its delete set, which is
 * small and idempotent) and merged in. Yjs updates commute, so the result is the same whatever
 * the order.
 */
export function mergeForCompaction(
  snapshot: Uint8Array,
  entries: readonly Uint8Array[],
  dropPending = false,
): Uint8Array {
  const covered = Y.encodeStateVectorFromUpdate(snapshot)
  const merged =
    entries.length === 0
      ? snapshot
      : Y.mergeUpdates([snapshot, ...entries.map((entry) => Y.diffUpdate(entry, covered))])
  return dropPending ? withoutPending(merged) : merged
}

/** An update with no structs and an empty delete set. */
const EMPTY_UPDATE_BYTES = 2

/**
 * A big document's state as several updates applied in order (`encodeSnapshotRows`), with the
 * state vector they reach together (Yjs reads one only from a whole update).
 */
export interface SlicedSnapshot {
  rows: readonly Uint8Array[]
  stateVector: Uint8Array
}

/**
 * The entries that replace compacted log entries, in order. One snapshot update: merged with
 * what those entries hold that it lacks, as `mergeForCompaction` does. A sliced snapshot: its
 * slices as they are — so a big document loads a slice at a time (`applyStored`) — then one
 * entry with what the log entries hold beyond its state vector, when they hold anything (a
 * delete set, or another node's append this node had not seen); merging that into the slices
 * would rewrite all of them.
 */
export function compactionRows(
  snapshot: Uint8Array | SlicedSnapshot,
  entries: readonly Uint8Array[],
  dropPending = false,
): Uint8Array[] {
  if (snapshot instanceof Uint8Array) return [mergeForCompaction(snapshot, entries, dropPending)]
  if (dropPending) return [mergeForCompaction(Y.mergeUpdates([...snapshot.rows]), entries, true)]
  if (entries.length === 0) return [...snapshot.rows]
  const rest = Y.mergeUpdates(entries.map((entry) => Y.diffUpdate(entry, snapshot.stateVector)))
  return rest.byteLength > EMPTY_UPDATE_BYTES ? [...snapshot.rows, rest] : [...snapshot.rows]
}

/**
 * The update minus what can never integrate: structs whose earlier clocks exist nowhere and
 * deletions of clocks nobody wrote. Stored before updates were checked against their document,
 * they were sent to every joiner and would delete the edits their client id makes next.
 */
export function withoutPending(update: Uint8Array): Uint8Array {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, update)
    doc.store.pendingStructs = null
    doc.store.pendingDs = null
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
