import type * as Y from 'yjs'

const counters = new WeakMap<Y.Doc, number>()

/**
 * A globally unique id for a row or column, made on the client that creates it. (Sheet ids
 * are not made here: the server issues them, unguessable, and records which workbook has each.)
 *
 * Yjs already requires `doc.clientID` to be unique among the replicas of a document (a new
 * random one per session), so `clientID + per-session counter` is unique without coordination
 * and stays short — it is stored once per row in `rows`, which matters for million-row sheets.
 * Ids never contain `:` because cell keys are `rowId:colId`.
 */
export function newId(doc: Y.Doc): string {
  const next = (counters.get(doc) ?? 0) + 1
  counters.set(doc, next)
  return `${doc.clientID.toString(36)}.${next.toString(36)}`
}
