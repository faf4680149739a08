import type * as Y from 'yjs'

/**
 * The clients whose structs a transaction added, each with its clock before and after, as a
 * flat list `[client, before, after, client, before, after, …]`.
 *
 * Yjs gives a transaction the state vector of the whole document before and after it
 * (`beforeState`, `afterState`): one entry per client that ever wrote to it, which on a busy
 * sheet is one per editing session, so thousands. An edit adds structs of one client. Each
 * observer that compared the two maps paid for every client of the document on every
 * transaction; with 1,000 editors on one sheet the server's observers spent ~15 % of its CPU
 * there (apps/server/README.md, "A thousand editors: the transaction's clients"). This compares
 * them once per transaction, without allocating per entry, and every observer reads the result.
 */
export function addedClients(tr: Y.Transaction): readonly number[] {
  const found = cache.get(tr)
  if (found) return found
  const list: number[] = []
  const before = tr.beforeState
  tr.afterState.forEach((after, client) => {
    const was = before.get(client) ?? 0
    if (after > was) list.push(client, was, after)
  })
  // Before Yjs fills `afterState` (the transaction still running) there is nothing to keep.
  if (tr.afterState.size > 0) cache.set(tr, list)
  return list
}

/** Per transaction, what `addedClients` found (a transaction's states never change after it ends). */
const cache = new WeakMap<Y.Transaction, readonly number[]>()

/** Struct units `tr` added (all clients together). */
export function addedUnits(tr: Y.Transaction): number {
  const clients = addedClients(tr)
  let units = 0
  for (let i = 0; i < clients.length; i += 3) {
    units += (clients[i + 2] as number) - (clients[i + 1] as number)
  }
  return units
}
