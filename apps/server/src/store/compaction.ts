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
): Uint8Array {
  if (entries.length === 0) return snapshot
  const covered = Y.encodeStateVectorFromUpdate(snapshot)
  return Y.mergeUpdates([snapshot, ...entries.map((entry) => Y.diffUpdate(entry, covered))])
}
