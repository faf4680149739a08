import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { BURST, MAX_WINDOW_MS, UpdateFanout, windowFor } from './updateFanout.js'

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

  it('sendNow sends what a small room holds at once, merged, and the flush queued for it sends nothing more', async () => {
    const sent: Array<{ doc: string; update: Uint8Array }> = []
    const fanout = new UpdateFanout((doc, update) => sent.push({ doc, update }))
    fanout.push('sheet:a', edit('r1:c1', 'one'), 'socket-1')
    fanout.push('sheet:a', edit('r2:c1', 'two'), 'socket-2')
    fanout.push('sheet:b', edit('r1:c1', 'other sheet'))
    fanout.sendNow('sheet:a')
    expect(sent.map((s) => s.doc)).toEqual(['sheet:a'])
    const receiver = new Y.Doc()
    Y.applyUpdate(receiver, sent[0]!.update)
    expect(receiver.getMap('cells').toJSON()).toEqual({ 'r1:c1': 'one', 'r2:c1': 'two' })
    // Pushed after sendNow, in the same run: it goes with the next flush, once.
    fanout.push('sheet:a', edit('r3:c1', 'three'), 'socket-1')
    await nextTurn()
    expect(sent.map((s) => s.doc)).toEqual(['sheet:a', 'sheet:b', 'sheet:a'])
    fanout.sendNow('sheet:a')
    await nextTurn()
    expect(sent).toHaveLength(3)
  })

  describe('a big room', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    function bigRoom(sockets: number) {
      vi.useFakeTimers()
      const sent: Uint8Array[] = []
      const fanout = new UpdateFanout(
        (_doc, update) => sent.push(update),
        () => sockets,
        () => performance.now(),
      )
      return { sent, fanout }
    }

    function cellsOf(updates: Uint8Array[]): Record<string, unknown> {
      const doc = new Y.Doc()
      for (const u of updates) Y.applyUpdate(doc, u)
      return doc.getMap('cells').toJSON()
    }

    it('gets updates that come now and then at once, even two within a window', async () => {
      const { sent, fanout } = bigRoom(1000)
      expect(windowFor(1000)).toBe(MAX_WINDOW_MS)
      // Separate people's edits, ten a second at random moments: some come close together.
      const gaps = [0, 5, 120, 3, 90, 160, 8, 110]
      for (const [i, gap] of gaps.entries()) {
        await vi.advanceTimersByTimeAsync(gap)
        fanout.push('sheet:a', edit(`r${i}:c1`, `v${i}`), `socket-${i}`)
        await vi.advanceTimersByTimeAsync(0)
        expect(sent).toHaveLength(i + 1)
      }
      expect(Object.keys(cellsOf(sent))).toHaveLength(gaps.length)
    })

    it('after a burst, gets what is stored meanwhile merged once the next message is earned', async () => {
      const { sent, fanout } = bigRoom(1000)
      for (let i = 1; i <= 10; i++) {
        fanout.push('sheet:a', edit(`r${i}:c1`, `v${i}`), `socket-${i}`)
        await vi.advanceTimersByTimeAsync(1)
      }
      // Ten updates over 10 ms: the first BURST went at once, the rest wait for the window.
      expect(sent).toHaveLength(BURST)
      await vi.advanceTimersByTimeAsync(MAX_WINDOW_MS)
      expect(sent).toHaveLength(BURST + 1)
      expect(Object.keys(cellsOf(sent.slice(BURST)))).toHaveLength(10 - BURST)
      expect(cellsOf(sent)).toMatchObject({ 'r1:c1': 'v1', 'r10:c1': 'v10' })
    })

    it('is sent at most once per window however fast its editors type', async () => {
      const { sent, fanout } = bigRoom(500)
      const window = windowFor(500)
      expect(window).toBe(10)
      for (let ms = 0; ms < 400; ms++) {
        fanout.push('sheet:a', edit(`r${ms}:c1`, 'x'), `socket-${ms % 7}`)
        await vi.advanceTimersByTimeAsync(1)
      }
      await vi.advanceTimersByTimeAsync(window)
      // 400 updates over 400 ms: one message per 10 ms window after the burst, and none lost.
      expect(sent.length).toBeGreaterThanOrEqual(38)
      expect(sent.length).toBeLessThanOrEqual(41 + BURST)
      expect(Object.keys(cellsOf(sent))).toHaveLength(400)
    })

    it('sendNow leaves a big room without credit waiting for it', async () => {
      const { sent, fanout } = bigRoom(1000)
      for (let i = 1; i <= BURST; i++) {
        fanout.push('sheet:a', edit(`r${i}:c1`, `v${i}`), `socket-${i}`)
        fanout.sendNow('sheet:a')
      }
      expect(sent).toHaveLength(BURST)
      fanout.push('sheet:a', edit('r9:c1', 'late'), 'socket-9')
      fanout.sendNow('sheet:a')
      await vi.advanceTimersByTimeAsync(1)
      expect(sent).toHaveLength(BURST)
      await vi.advanceTimersByTimeAsync(MAX_WINDOW_MS)
      expect(sent).toHaveLength(BURST + 1)
      expect(cellsOf(sent)).toMatchObject({ 'r1:c1': 'v1', 'r9:c1': 'late' })
    })

    it('keeps small rooms immediate: no window below 50 sockets', async () => {
      const { sent, fanout } = bigRoom(49)
      expect(windowFor(49)).toBe(0)
      for (let i = 0; i < 5; i++) {
        fanout.push('sheet:a', edit(`r${i}:c1`, 'x'), 'socket-1')
        await vi.advanceTimersByTimeAsync(0)
      }
      expect(sent).toHaveLength(5)
    })
  })
})
