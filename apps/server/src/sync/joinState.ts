import * as Y from 'yjs'
import { frameSlices } from '@cellmate/protocol'
import { encodeStateSlices } from './stateSlices.js'

interface Encoded {
  stateVector?: Uint8Array
  /** The whole document as one update: what a newcomer (empty state vector) is sent. */
  update?: Uint8Array
  /** The same in slices (`encodeStateSlices`): the first, and the rest as an answer sends them. */
  slices?: SlicedState
}

/** A document's state in slices: the first, and the rest framed whole or in parts (made once). */
interface SlicedState {
  update: Uint8Array
  rest: Uint8Array[]
  more?: Uint8Array
  parts?: Uint8Array[]
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
    const fresh: Encoded = {}
    encoded = fresh
    cache.set(doc, fresh)
    // Not `update`: listening to it makes Yjs encode every transaction as an update (on the
    // path of every edit) only for it to be thrown away here.
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!changedAnything(tr)) return
      fresh.stateVector = undefined
      fresh.update = undefined
      fresh.slices = undefined
    })
  }
  encoded.stateVector ??= Y.encodeStateVector(doc)
  if (shape !== 'whole') {
    const slices = isEmptyStateVector(clientStateVector)
      ? (encoded.slices ??= sliceState(doc, clientStateVector))
      : sliceState(doc, clientStateVector)
    const { update } = slices
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

function sliceState(doc: Y.Doc, clientStateVector: Uint8Array): SlicedState {
  const [update, ...rest] = encodeStateSlices(doc, clientStateVector)
  return { update: update as Uint8Array, rest }
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

/** Whether a transaction added or deleted anything (when Yjs would emit `update`). */
function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) {
    if (tr.beforeState.get(client) !== clock) return true
  }
  return false
}

/** An encoded state vector with no clients (a new `Y.Doc`'s is the single byte 0). */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.length === 0 || (sv.length === 1 && sv[0] === 0)
}
