import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addedClients, addedUnits } from './transactionClients.js'

/** A document that 50 other clients wrote to, as a busy sheet is. */
function docWithManyClients(): Y.Doc {
  const doc = new Y.Doc()
  for (let c = 1; c <= 50; c++) {
    const other = new Y.Doc()
    other.clientID = 1000 + c
    other.getArray<string>('a').push([`x${c}`, `y${c}`])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
  }
  return doc
}

describe('addedClients', () => {
  it('lists only the clients a transaction added structs of, with their clocks before and after', () => {
    const doc = docWithManyClients()
    const seen: Array<readonly number[]> = []
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      seen.push(addedClients(tr))
      expect(addedClients(tr)).toBe(seen[seen.length - 1]) // read once per transaction
    })
    const writer = new Y.Doc()
    writer.clientID = 7777
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
    writer.getArray<string>('a').push(['a', 'b', 'c'])
    const before = Y.encodeStateVector(doc)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, before))
    expect(seen).toEqual([[7777, 0, 3]])

    // Two clients in one update; a transaction that only deletes adds nothing.
    const third = new Y.Doc()
    third.clientID = 5
    Y.applyUpdate(third, Y.encodeStateAsUpdate(doc))
    third.getArray<string>('a').insert(0, ['z'])
    writer.getArray<string>('a').push(['d'])
    const sv = Y.encodeStateVector(doc)
    Y.applyUpdate(
      doc,
      Y.mergeUpdates([Y.encodeStateAsUpdate(third, sv), Y.encodeStateAsUpdate(writer, sv)]),
    )
    const both = seen[1] as readonly number[]
    const byClient = new Map<number, number[]>()
    for (let i = 0; i < both.length; i += 3) {
      byClient.set(both[i] as number, [both[i + 1] as number, both[i + 2] as number])
    }
    expect(byClient).toEqual(
      new Map([
        [5, [0, 1]],
        [7777, [3, 4]],
      ]),
    )
    doc.getArray<string>('a').delete(0, 2)
    expect(seen[2]).toEqual([])
  })

  it('counts the struct units added', () => {
    const doc = docWithManyClients()
    let units = -1
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      units = addedUnits(tr)
    })
    doc.getArray<string>('a').push(['p', 'q', 'r', 's'])
    expect(units).toBe(4)
  })

  it('keeps nothing read while the transaction runs, before Yjs has its state after', () => {
    const doc = docWithManyClients()
    let during: readonly number[] | null = null
    let after: readonly number[] | null = null
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      after = addedClients(tr)
    })
    doc.transact((tr) => {
      doc.getArray<string>('a').push(['n'])
      during = addedClients(tr)
    })
    expect(during).toEqual([])
    expect(after).toEqual([doc.clientID, 0, 1])
  })
})
