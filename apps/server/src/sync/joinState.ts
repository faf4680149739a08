import * as Y from 'yjs'
import { frameSlices } from '@cellmate/protocol'
import { encodeStateSlices } from './stateSlices.js'

interface Encoded {
  stateVector?: Uint8Array
  /** The whole document as one update: what a newcomer (empty state vector) is sent. */
  update?: Uint8Array
  /** The same in slices (`encodeStateSlices`): the first, and the rest framed as one. */
  slices?: { update: Uint8Array; more: Uint8Array }
}

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
  sliced = false,
): { update: Uint8Array; more?: Uint8Array; stateVector: Uint8Array } {
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
  if (sliced) {
    const slices = isEmptyStateVector(clientStateVector)
      ? (encoded.slices ??= sliceState(doc, clientStateVector))
      : sliceState(doc, clientStateVector)
    return { ...slices, stateVector: encoded.stateVector }
  }
  const update = isEmptyStateVector(clientStateVector)
    ? (encoded.update ??= Y.encodeStateAsUpdate(doc))
    : Y.encodeStateAsUpdate(doc, clientStateVector)
  return { update, stateVector: encoded.stateVector }
}

function sliceState(
  doc: Y.Doc,
  clientStateVector: Uint8Array,
): { update: Uint8Array; more: Uint8Array } {
  const [update, ...more] = encodeStateSlices(doc, clientStateVector)
  return { update: update as Uint8Array, more: frameSlices(more) }
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
