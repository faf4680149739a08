import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { UpdateFanout } from './updateFanout.js'

function edit(key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('cells').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

describe('UpdateFanout', () => {
  it('updates pushed together reach the room as one message holding all of them', async () => {
    const sent: Array<{ doc: string; update: Uint8Array; except: readonly string[] }> = []
    const fanout = new UpdateFanout((doc, update, except) => sent.push({ doc, update, except }))
    fanout.push('sheet:a', edit('r1:c1', 'one'), 'socket-1')
    fanout.push('sheet:a', edit('r2:c1', 'two'), 'socket-2')
    fanout.push('sheet:b', edit('r1:c1', 'other sheet'))
    await nextTurn()
    expect(sent.map((s) => s.doc)).toEqual(['sheet:a', 'sheet:b'])
    const receiver = new Y.Doc()
    Y.applyUpdate(receiver, sent[0]!.update)
    expect(receiver.getMap('cells').toJSON()).toEqual({ 'r1:c1': 'one', 'r2:c1': 'two' })
    // Both senders get the merge: each already holds its own part, which Yjs ignores.
    expect(sent[0]!.except).toEqual([])
    expect(sent[1]!.except).toEqual([])
  })

  it('an update alone is never sent back to the socket it came from', async () => {
    const sent: Array<readonly string[]> = []
    const fanout = new UpdateFanout((_doc, _update, except) => sent.push(except))
    fanout.push('sheet:a', edit('r1:c1', 'one'), 'socket-1')
    fanout.push('sheet:a', edit('r1:c1', 'again'), 'socket-1')
    await nextTurn()
    fanout.push('sheet:a', edit('r1:c2', 'later'), 'socket-2')
    await nextTurn()
    expect(sent).toEqual([['socket-1'], ['socket-2']])
  })

  it('a batch is sent before its acks: an acknowledged edit has reached the others', async () => {
    const order: string[] = []
    const fanout = new UpdateFanout(() => order.push('broadcast'))
    let release = (): void => {}
    const stored = new Promise<void>((resolve) => (release = resolve))
    const ack = stored.then(() => order.push('ack'))
    // As the registry does: push the stored batch, then resolve the writes waiting for it.
    fanout.push('sheet:a', edit('r1:c1', 'one'), 'socket-1')
    release()
    await ack
    expect(order).toEqual(['broadcast', 'ack'])
  })
})
