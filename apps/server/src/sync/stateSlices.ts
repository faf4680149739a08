import * as Y from 'yjs'
import type { SlicedSnapshot } from '../store/compaction.js'

/**
 * Yjs struct lengths (cell entries, row ids, characters) per slice of a joiner's state. A
 * slice of 4,000 cell entries applies in tens of milliseconds in a browser, so a client that
 * yields between slices never blocks its page for long (issue 19).
 */
export const SLICE_LENGTH = 4_000

/** The part of a struct one slice carries: `[from, to)` of its own clock range. */
interface Piece {
  struct: Y.Item | Y.GC
  from: number
  to: number
}

interface Slice {
  client: number
  pieces: Piece[]
  /** Per other client, the clock this slice's structs need it to have reached. */
  needs: Map<number, number>
}

/**
 * Everything `doc` holds that `clientStateVector` lacks, as several updates applied in order
 * (each one an ordinary V1 update; the last carries the delete set). Together they are the
 * same as `Y.encodeStateAsUpdate(doc, clientStateVector)`; apart, each is small enough to
 * apply without holding a browser's main thread for long. Structs longer than a slice are cut
 * where Yjs would cut them itself (`Item.write` with an offset, a truncated content copy).
 *
 * Slices are ordered so that what a slice's structs refer to (origins, parents) comes first
 * when it can; a slice that still refers ahead is kept pending by Yjs until the rest arrives,
 * which is correct, only slower.
 */
export function encodeStateSlices(
  doc: Y.Doc,
  clientStateVector: Uint8Array,
  sliceLength = SLICE_LENGTH,
): Uint8Array[] {
  const known = Y.decodeStateVector(clientStateVector)
  const queues: Slice[][] = []
  // Clients in descending order, as Yjs writes them.
  const clients = [...doc.store.clients.keys()].sort((a, b) => b - a)
  for (const client of clients) {
    const structs = doc.store.clients.get(client) ?? []
    const queue = sliceClient(client, structs, known.get(client) ?? 0, sliceLength)
    if (queue.length > 0) queues.push(queue)
  }
  const reached = new Map(known)
  const out: Uint8Array[] = []
  for (let left = queues.reduce((n, q) => n + q.length, 0); left > 0; left--) {
    const queue = pickNext(queues, reached)
    const slice = queue.shift() as Slice
    out.push(encodeSlice(slice))
    const last = slice.pieces[slice.pieces.length - 1] as Piece
    reached.set(slice.client, last.struct.id.clock + last.to)
  }
  // The delete set alone: an update with no structs and every deletion the document knows.
  out.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))
  return out
}

/**
 * Struct units per stored slice of a compacted document: ~10 ms for the server to apply (a
 * slice of 16,000 took ~40 ms, and 1,000,000 cells ~0.5 s in one piece), so loading it never
 * holds the event loop for long.
 */
export const STORED_SLICE_LENGTH = 4_000
/** At most this many slices are stored per document: a bigger one gets bigger slices. */
export const MAX_STORED_SLICES = 256

/**
 * `doc`'s whole state as compaction stores it (`Store.compact`): one update when it is small,
 * else its slices (`encodeStateSlices`, each up to `STORED_SLICE_LENGTH` struct units, at most
 * `MAX_STORED_SLICES` of them, then the delete set) with the state vector they reach.
 */
export function encodeSnapshotRows(doc: Y.Doc): Uint8Array | SlicedSnapshot {
  let units = 0
  for (const client of doc.store.clients.keys()) units += Y.getState(doc.store, client)
  if (units <= STORED_SLICE_LENGTH) return Y.encodeStateAsUpdate(doc)
  const length = Math.max(STORED_SLICE_LENGTH, Math.ceil(units / MAX_STORED_SLICES))
  return {
    rows: encodeStateSlices(doc, EMPTY_STATE_VECTOR, length),
    stateVector: Y.encodeStateVector(doc),
  }
}

/** The state vector of an empty document: nothing known. */
const EMPTY_STATE_VECTOR = new Uint8Array([0])

/** The first queue whose next slice needs nothing not yet sent; else the first queue. */
function pickNext(queues: Slice[][], reached: ReadonlyMap<number, number>): Slice[] {
  let fallback: Slice[] | null = null
  for (const queue of queues) {
    const next = queue[0]
    if (!next) continue
    fallback ??= queue
    let ready = true
    for (const [client, clock] of next.needs) {
      if ((reached.get(client) ?? 0) < clock) {
        ready = false
        break
      }
    }
    if (ready) return queue
  }
  return fallback as Slice[]
}

function sliceClient(
  client: number,
  structs: ReadonlyArray<Y.Item | Y.GC>,
  fromClock: number,
  sliceLength: number,
): Slice[] {
  const slices: Slice[] = []
  const last = structs[structs.length - 1]
  if (!last || last.id.clock + last.length <= fromClock) return slices
  let slice: Slice = { client, pieces: [], needs: new Map() }
  let room = sliceLength
  for (let i = Y.findIndexSS(structs as Y.Item[], fromClock); i < structs.length; i++) {
    const struct = structs[i] as Y.Item | Y.GC
    let from = Math.max(0, fromClock - struct.id.clock)
    while (from < struct.length) {
      const to = Math.min(struct.length, from + room)
      slice.pieces.push({ struct, from, to })
      noteNeeds(slice, struct)
      room -= to - from
      from = to
      if (room === 0) {
        slices.push(slice)
        slice = { client, pieces: [], needs: new Map() }
        room = sliceLength
      }
    }
  }
  if (slice.pieces.length > 0) slices.push(slice)
  return slices
}

function noteNeeds(slice: Slice, struct: Y.Item | Y.GC): void {
  if (!(struct instanceof Y.Item)) return
  const need = (id: Y.ID | null): void => {
    if (!id || id.client === slice.client) return
    slice.needs.set(id.client, Math.max(slice.needs.get(id.client) ?? 0, id.clock + 1))
  }
  need(struct.origin)
  need(struct.rightOrigin)
  const parent = struct.parent
  if (parent instanceof Y.AbstractType && parent._item) need(parent._item.id)
}

/** One client's clock range as a V1 update (what Yjs's `writeStructs` writes, cut at `to`). */
function encodeSlice(slice: Slice): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  const first = slice.pieces[0] as Piece
  encoder.writeLen(1) // clients
  encoder.writeLen(slice.pieces.length)
  encoder.writeClient(slice.client)
  encoder.writeLen(first.struct.id.clock + first.from)
  for (const piece of slice.pieces) {
    const { struct, offset } = cut(piece)
    struct.write(encoder, offset)
  }
  encoder.writeLen(0) // no deletions: the last update carries them all
  return encoder.toUint8Array()
}

/**
 * A piece as a struct to write from `offset` (`Item.write` starts there and runs to its end):
 * the struct itself when whole. A run of cell entries is copied for its piece only: copying
 * the whole run for each of its slices (Yjs's `copy` then `splice`) made encoding a
 * 1,000,000-entry sheet quadratic, 7-25 s of a joiner's wait on a busy machine.
 */
function cut({ struct, from, to }: Piece): { struct: Y.Item | Y.GC; offset: number } {
  if (to === struct.length) return { struct, offset: from }
  if (struct instanceof Y.GC) return { struct: new Y.GC(struct.id, to), offset: from }
  const { client, clock } = struct.id
  const content = struct.content
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    const part = content.arr.slice(from, to)
    // What `write` with an offset writes: the piece's left neighbour as its origin.
    const origin = from > 0 ? Y.createID(client, clock + from - 1) : struct.origin
    const piece = new Y.Item(
      Y.createID(client, clock + from),
      null,
      origin,
      null,
      struct.rightOrigin,
      struct.parent,
      struct.parentSub,
      content instanceof Y.ContentAny ? new Y.ContentAny(part) : new Y.ContentJSON(part),
    )
    return { struct: piece, offset: 0 }
  }
  const copy = content.copy()
  copy.splice(to)
  const piece = new Y.Item(
    struct.id,
    null,
    struct.origin,
    null,
    struct.rightOrigin,
    struct.parent,
    struct.parentSub,
    copy,
  )
  return { struct: piece, offset: from }
}
