import * as Y from 'yjs'
import { frameSlices } from '@cellmate/protocol'
import { addedUnits } from '@cellmate/model'
import { encodeStateSlices } from './stateSlices.js'

interface Encoded {
  stateVector?: Uint8Array
  /** The whole document as one update: what a newcomer (empty state vector) is sent. */
  update?: Uint8Array
  /**
   * The document in slices (`encodeStateSlices`) as it was when they were made, kept across
   * small changes (see `changedSince`): the first, and the rest as an answer sends them.
   */
  slices?: SlicedState
  /** Struct units (cell entries, characters…) added or deleted since `slices` were made. */
  changedSince: number
  /** The first slice with every change since the slices were made merged in (until the next). */
  head?: Uint8Array
}

/** A document's state in slices: the first, and the rest framed whole or in parts (made once). */
interface SlicedState {
  update: Uint8Array
  rest: Uint8Array[]
  more?: Uint8Array
  parts?: Uint8Array[]
  /** The document's state vector when the slices were made. */
  stateVector: Uint8Array
  /** Struct units the document had made when the slices were made (its clocks' sum). */
  units: number
}

/**
 * A newcomer gets kept slices plus the changes since (merged into the first slice) until this
 * many struct units changed: a twentieth of the units the document had made when the slices
 * were made (its clocks' sum, deleted ones included), at least 2,000. Encoding a
 * 1,000,000-cell sheet's slices again took ~0.3 s of the event loop, for every first join
 * after any edit; the changes since are an update of their own size plus the delete set.
 */
function changeLimit(slices: SlicedState): number {
  return Math.max(2_000, slices.units / 20)
}

/**
 * Bytes of slices per `joinPart` message: arriving in a browser costs ~15-30 ms per MB of its
 * main thread (native work, one task per message), so parts this size stay short tasks.
 */
export const PART_BYTES = 256 * 1024

/**
 * A rest this big is offered for download over HTTP (`JoinOk.download`) to a client that can
 * take it: below it, the extra request costs more than the socket's few parts.
 */
export const DOWNLOAD_MIN_BYTES = 1024 * 1024

/**
 * How a joiner wants the state: one update, slices framed in the ack, slices in parts, or
 * (`download`) the framed rest when it is `DOWNLOAD_MIN_BYTES` or more and parts otherwise.
 */
export type JoinShape = 'whole' | 'sliced' | 'parts' | 'download'

/** Per document, its encoded state until its next change (then dropped, see `joinState`). */
const cache = new WeakMap<Y.Doc, Encoded>()

/**
 * What a joiner with `clientStateVector` is sent: the server's diff and its state vector (Yjs
 * sync step 1 answered). Both are encoded once per document change, not once per joiner: a
 * crowd opening the same sheet costs one encoding. A client that already holds part of the
 * document gets its own diff.
 */
export function joinState(
  doc: Y.Doc,
  clientStateVector: Uint8Array,
  shape: JoinShape = 'whole',
): { update: Uint8Array; more?: Uint8Array; parts?: Uint8Array[]; stateVector: Uint8Array } {
  let encoded = cache.get(doc)
  if (!encoded) {
    const fresh: Encoded = { changedSince: 0 }
    encoded = fresh
    cache.set(doc, fresh)
    // Not `update`: listening to it makes Yjs encode every transaction as an update (on the
    // path of every edit) only for it to be thrown away here.
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      const units = changedUnits(tr)
      if (units === 0) return
      fresh.stateVector = undefined
      fresh.update = undefined
      fresh.head = undefined
      if (fresh.slices) fresh.changedSince += units
    })
  }
  encoded.stateVector ??= Y.encodeStateVector(doc)
  if (shape !== 'whole') {
    const newcomer = isEmptyStateVector(clientStateVector)
    if (newcomer && encoded.slices && encoded.changedSince > changeLimit(encoded.slices)) {
      encoded.slices = undefined
    }
    if (newcomer && !encoded.slices) {
      encoded.slices = sliceState(doc, clientStateVector, encoded.stateVector)
      encoded.changedSince = 0
    }
    const slices = newcomer
      ? (encoded.slices as SlicedState)
      : sliceState(doc, clientStateVector, encoded.stateVector)
    // The kept slices, then what changed since: merged into the first slice, which the client
    // applies first; what in it builds on a later slice waits in Yjs until that one is in.
    const update =
      newcomer && encoded.changedSince > 0
        ? (encoded.head ??= Y.mergeUpdates([
            slices.update,
            Y.encodeStateAsUpdate(doc, slices.stateVector),
          ]))
        : slices.update
    if (
      shape === 'parts' ||
      (shape === 'download' && framedBytes(slices.rest) < DOWNLOAD_MIN_BYTES)
    ) {
      slices.parts ??= partsOf(slices.rest)
      return { update, parts: slices.parts, stateVector: encoded.stateVector }
    }
    slices.more ??= frameSlices(slices.rest)
    return { update, more: slices.more, stateVector: encoded.stateVector }
  }
  const update = isEmptyStateVector(clientStateVector)
    ? (encoded.update ??= Y.encodeStateAsUpdate(doc))
    : Y.encodeStateAsUpdate(doc, clientStateVector)
  return { update, stateVector: encoded.stateVector }
}

/** `doc` in slices for a client at `clientStateVector`; `stateVector` is `doc`'s own now. */
function sliceState(
  doc: Y.Doc,
  clientStateVector: Uint8Array,
  stateVector: Uint8Array,
): SlicedState {
  const [update, ...rest] = encodeStateSlices(doc, clientStateVector)
  let units = 0
  for (const clock of Y.decodeStateVector(stateVector).values()) units += clock
  return { update: update as Uint8Array, rest, stateVector, units }
}

/** The size of `slices` framed as one binary (`frameSlices`). */
function framedBytes(slices: readonly Uint8Array[]): number {
  let bytes = 0
  for (const slice of slices) bytes += 4 + slice.byteLength
  return bytes
}

/** Slices in order, framed in groups of about `PART_BYTES` (a slice is never cut). */
export function partsOf(slices: readonly Uint8Array[], partBytes = PART_BYTES): Uint8Array[] {
  const parts: Uint8Array[] = []
  let group: Uint8Array[] = []
  let bytes = 0
  for (const slice of slices) {
    if (group.length > 0 && bytes + slice.byteLength > partBytes) {
      parts.push(frameSlices(group))
      group = []
      bytes = 0
    }
    group.push(slice)
    bytes += slice.byteLength
  }
  if (group.length > 0) parts.push(frameSlices(group))
  return parts
}

/**
 * Struct units a transaction added or deleted; 0 when it changed nothing (when Yjs would emit
 * no `update`).
 */
function changedUnits(tr: Y.Transaction): number {
  let units = addedUnits(tr)
  for (const ranges of tr.deleteSet.clients.values()) for (const r of ranges) units += r.len
  return units
}

/** An encoded state vector with no clients (a new `Y.Doc`'s is the single byte 0). */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.length === 0 || (sv.length === 1 && sv[0] === 0)
}
