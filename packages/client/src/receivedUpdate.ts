import * as Y from 'yjs'
import { addedClients } from '@cellmate/model'

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void

/** Where lib0's `ObservableV2` (Y.Doc's base class) keeps its listeners by event name. */
interface Observed {
  _observers: Map<string, Set<UpdateListener>>
}

/**
 * Applies an update received from the server and hands the document's `update` listeners (the
 * IndexedDB persistence, the provider itself) the bytes as received, instead of letting Yjs
 * encode the transaction again for them. For a sheet's first sync that encoding is the whole
 * sheet a second time: 4.9 s of the 28 s of main-thread work that opening 1,000,000 cells took
 * in Chromium (`packages/bench/scripts/browserOpenProfile.mjs`).
 *
 * The bytes hold everything the transaction changed, and possibly parts the document already
 * had, which applying them again (the only thing a listener may do with an update) ignores.
 * Listeners are told only when the update changed the document, as Yjs does.
 */
export function applyReceivedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const observers = (doc as unknown as Observed)._observers
  const listeners = observers.get('update')
  if (!listeners || listeners.size === 0) {
    Y.applyUpdate(doc, update, origin)
    return
  }
  let applied: Y.Transaction | null = null
  const onTransaction = (tr: Y.Transaction): void => {
    applied = tr
  }
  observers.delete('update')
  doc.on('afterTransaction', onTransaction)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    doc.off('afterTransaction', onTransaction)
    // Listeners added meanwhile (by an observer) stay, after the others.
    for (const added of observers.get('update') ?? []) listeners.add(added)
    observers.set('update', listeners)
  }
  const tr = applied as Y.Transaction | null
  if (tr && changedDocument(tr)) {
    for (const listener of [...listeners]) listener(update, origin, doc, tr)
  }
}

function changedDocument(tr: Y.Transaction): boolean {
  return tr.deleteSet.clients.size > 0 || addedClients(tr).length > 0
}
