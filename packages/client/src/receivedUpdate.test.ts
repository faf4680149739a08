import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyReceivedUpdate } from './receivedUpdate.js'

function serverWithCells(count: number): Y.Doc {
  const doc = new Y.Doc()
  const cells = doc.getArray<string>('cellEntries')
  cells.push(Array.from({ length: count }, (_, i) => `r${i}:c:v${i}`))
  return doc
}

describe('applyReceivedUpdate', () => {
  it('hands update listeners the received bytes, which rebuild the same document elsewhere', () => {
    const server = serverWithCells(1000)
    const update = Y.encodeStateAsUpdate(server)
    const doc = new Y.Doc()
    const seen: Array<{ update: Uint8Array; origin: unknown }> = []
    doc.on('update', (u: Uint8Array, origin: unknown) => seen.push({ update: u, origin }))
    const origin = { provider: true }
    applyReceivedUpdate(doc, update, origin)
    expect(doc.getArray('cellEntries').length).toBe(1000)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.update).toBe(update)
    expect(seen[0]?.origin).toBe(origin)
    // What a persistence would store replays to the same state.
    const replica = new Y.Doc()
    for (const { update: u } of seen) Y.applyUpdate(replica, u)
    expect(replica.getArray('cellEntries').toJSON()).toEqual(doc.getArray('cellEntries').toJSON())
  })

  it('tells nobody when the update brought nothing new, and keeps every listener', () => {
    const server = serverWithCells(10)
    const update = Y.encodeStateAsUpdate(server)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    let calls = 0
    doc.on('update', () => calls++)
    applyReceivedUpdate(doc, update, null)
    expect(calls).toBe(0)
    // Local edits still reach the listener afterwards, encoded by Yjs as usual.
    doc.getArray<string>('cellEntries').push(['r:c:local'])
    expect(calls).toBe(1)
  })
})
