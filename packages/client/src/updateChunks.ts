import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

/**
 * Splits a Yjs update (V1) into updates of at most `maxBytes` each that, applied in order,
 * do what the whole does: the structs in their order, cut between structs, and the delete set
 * in the last one. The server refuses an update over its size limit (and drops a connection
 * whose message is over it), so an update that large — a join's diff after many edits made
 * offline, a merged resend, a very large paste — would otherwise never reach it. A single
 * struct over `maxBytes` (one huge cell value) stays one update of its own; the server refuses
 * it as before.
 *
 * Returns `[update]` unchanged when it fits.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update]
  const decoded = Y.decodeUpdate(update)
  const structs = causalOrder(decoded.structs)
  const deleteSet = encodeDeleteSet(decoded.ds)
  const chunks: Uint8Array[] = []
  let run: Struct[] = []
  let runClients = new Set<number>()
  let runBytes = HEADER_BYTES
  for (const struct of structs) {
    const client = struct.id.client
    const bytes = encodedSize(struct)
    const header = runClients.has(client) ? 0 : CLIENT_HEADER_BYTES
    if (run.length > 0 && runBytes + header + bytes > maxBytes) {
      chunks.push(encodeStructs(run, NO_DELETIONS))
      run = []
      runClients = new Set()
      runBytes = HEADER_BYTES
    }
    if (!runClients.has(client)) {
      runClients.add(client)
      runBytes += CLIENT_HEADER_BYTES
    }
    run.push(struct)
    runBytes += bytes
  }
  if (decoded.ds.clients.size === 0) {
    if (run.length > 0) chunks.push(encodeStructs(run, NO_DELETIONS))
    return chunks
  }
  // The delete set goes with the last structs when they fit together, else on its own.
  if (run.length > 0 && runBytes + deleteSet.byteLength <= maxBytes) {
    chunks.push(encodeStructs(run, deleteSet))
  } else {
    if (run.length > 0) chunks.push(encodeStructs(run, NO_DELETIONS))
    chunks.push(encodeStructs([], deleteSet))
  }
  return chunks
}

/** An empty delete set: no clients. */
const NO_DELETIONS = new Uint8Array([0])

type Struct = Y.Item | Y.GC | Y.Skip
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds']

/** At most: the number of clients, and the empty delete set (varuints). */
const HEADER_BYTES = 6
/** At most, per client: its number of structs, its id and its first clock (varuints). */
const CLIENT_HEADER_BYTES = 15

/**
 * The structs in an order where each comes after those of the update it builds on (its
 * left and right neighbours at insertion, its parent, the previous clock of its client), so
 * that every part applies without waiting for a later one: a server refuses an update that
 * builds on what it does not have. An update lists its structs client by client, and one
 * client's item may sit next to another's of a later client.
 */
function causalOrder(structs: Struct[]): Struct[] {
  const queues = new Map<number, Struct[]>()
  for (const s of structs) {
    const q = queues.get(s.id.client)
    if (q) q.push(s)
    else queues.set(s.id.client, [s])
  }
  // Per client: the first clock the update carries, and the next one not yet placed.
  const start = new Map<number, number>()
  const next = new Map<number, number>()
  for (const [client, q] of queues) {
    q.sort((a, b) => a.id.clock - b.id.clock)
    start.set(client, (q[0] as Struct).id.clock)
    next.set(client, (q[0] as Struct).id.clock)
  }
  const placed = (id: Y.ID | null): boolean => {
    if (id === null) return true
    const from = start.get(id.client)
    // Not in the update (the receiver has it or lacks it either way), or already placed.
    return from === undefined || id.clock < from || id.clock < (next.get(id.client) as number)
  }
  const ready = (s: Struct): boolean =>
    !(s instanceof Y.Item) ||
    (placed(s.origin) && placed(s.rightOrigin) && !(s.parent instanceof Y.ID && !placed(s.parent)))
  const out: Struct[] = []
  const heads = new Map<number, number>([...queues.keys()].map((c) => [c, 0]))
  while (out.length < structs.length) {
    let progressed = false
    for (const [client, q] of queues) {
      let i = heads.get(client) as number
      while (i < q.length && ready(q[i] as Struct)) {
        const s = q[i] as Struct
        out.push(s)
        next.set(client, s.id.clock + s.length)
        i++
        progressed = true
      }
      heads.set(client, i)
    }
    if (!progressed) {
      // Builds on something neither the update nor (as far as it says) the receiver has: the
      // rest in update order, which the receiver refuses as it would refuse the whole.
      for (const [client, q] of queues) out.push(...q.slice(heads.get(client)))
      break
    }
  }
  return out
}

/** Bytes `struct` takes in an update (written alone; client and clock headers excluded). */
function encodedSize(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1()
  struct.write(encoder, 0)
  return encoding.length(encoder.restEncoder)
}

/**
 * An update of `structs` (consecutive clocks within each client) and the encoded `deleteSet`,
 * in Yjs's V1 layout: per client, the number of structs, the client, the first clock, then
 * each struct; then the delete set. (`Y.mergeUpdates` of such a part and an update of the
 * deletions alone was seen to drop a struct: hence both written here.)
 */
function encodeStructs(structs: Struct[], deleteSet: Uint8Array): Uint8Array {
  const byClient = new Map<number, Struct[]>()
  for (const s of structs) {
    const list = byClient.get(s.id.client)
    if (list) list.push(s)
    else byClient.set(s.id.client, [s])
  }
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, (list[0] as Struct).id.clock)
    for (const s of list) s.write(encoder, 0)
  }
  encoding.writeUint8Array(encoder.restEncoder, deleteSet)
  return encoder.toUint8Array()
}

/** A delete set in Yjs's V1 layout: per client, the client and its (clock, length) ranges. */
function encodeDeleteSet(ds: DeleteSet): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, ds.clients.size)
  for (const [client, ranges] of ds.clients) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, ranges.length)
    for (const r of ranges) {
      encoding.writeVarUint(encoder, r.clock)
      encoding.writeVarUint(encoder, r.len)
    }
  }
  return encoding.toUint8Array(encoder)
}
