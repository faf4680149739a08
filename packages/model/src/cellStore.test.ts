import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { SheetCells } from './cellStore.js'
import { SHEET_ROOTS, migrateLegacyCells } from './sheet.js'

const sync = (...docs: Y.Doc[]): void => {
  for (const a of docs)
    for (const b of docs)
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
}

/** What a reader that opens the document fresh sees: the index rebuilt from the array alone. */
const freshCells = (doc: Y.Doc): SheetCells => {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return SheetCells.of(copy)
}
const fresh = (doc: Y.Doc): Record<string, string> => freshCells(doc).toJSON()

describe('SheetCells', () => {
  it('sets, overwrites and clears cells; a fresh reader sees the same', () => {
    const doc = new Y.Doc()
    const cells = SheetCells.of(doc)
    cells.set('r1:c1', 'a')
    cells.set('r1:c2', 'b:with:colons')
    cells.set('r1:c1', 'a2')
    cells.delete('r1:c2')
    cells.set('r2:c1', '=SUM({r:r1,c:c1})')
    expect(cells.toJSON()).toEqual({ 'r1:c1': 'a2', 'r2:c1': '=SUM({r:r1,c:c1})' })
    expect(cells.size).toBe(2)
    expect(fresh(doc)).toEqual(cells.toJSON())
    // Only live entries remain in the array.
    expect(cells.array.length).toBe(2)
  })

  it('concurrent writes of one cell converge, and the next write removes the loser', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    SheetCells.of(a).set('r1:c1', 'base')
    sync(a, b)
    SheetCells.of(a).set('r1:c1', 'from a')
    SheetCells.of(b).set('r1:c1', 'from b')
    sync(a, b)
    const winner = SheetCells.of(a).get('r1:c1')
    expect(['from a', 'from b']).toContain(winner)
    expect(SheetCells.of(b).get('r1:c1')).toBe(winner)
    expect(fresh(a)).toEqual({ 'r1:c1': winner })
    expect(SheetCells.of(a).array.length).toBe(2)
    SheetCells.of(b).set('r1:c1', 'settled')
    sync(a, b)
    expect(SheetCells.of(a).get('r1:c1')).toBe('settled')
    expect(SheetCells.of(a).array.length).toBe(1)
  })

  it('a concurrent clear and write: the write survives, as with a map', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    SheetCells.of(a).set('r1:c1', 'base')
    sync(a, b)
    SheetCells.of(a).delete('r1:c1')
    SheetCells.of(b).set('r1:c1', 'typed')
    sync(a, b)
    expect(SheetCells.of(a).get('r1:c1')).toBe('typed')
    expect(SheetCells.of(b).get('r1:c1')).toBe('typed')
  })

  it('tells listeners which keys changed, for local and remote transactions', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const seen: string[][] = []
    SheetCells.of(b).observe((keys) => seen.push([...keys].sort()))
    const local: string[][] = []
    SheetCells.of(a).observe((keys) => local.push([...keys].sort()))
    a.transact(() => {
      SheetCells.of(a).set('r1:c1', 'x')
      SheetCells.of(a).set('r2:c1', 'y')
    })
    sync(a, b)
    SheetCells.of(a).delete('r1:c1')
    sync(a, b)
    expect(local).toEqual([['r1:c1', 'r2:c1'], ['r1:c1']])
    expect(seen).toEqual([['r1:c1', 'r2:c1'], ['r1:c1']])
    expect(SheetCells.of(b).toJSON()).toEqual({ 'r2:c1': 'y' })
  })

  it('a remote overwrite names its cell once, however the listener reads the keys', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    SheetCells.of(a).setMany([
      ['r1:c1', 'x'],
      ['r2:c1', 'y'],
    ])
    sync(a, b)
    const reads: unknown[] = []
    SheetCells.of(b).observe((keys) =>
      reads.push(keys.size, keys.has('r1:c1'), keys.has('r2:c1'), [...keys], [...keys.keys()]),
    )
    SheetCells.of(a).setMany([
      ['r1:c1', 'x2'],
      ['r3:c1', 'z'],
    ])
    sync(a, b)
    expect(reads).toEqual([2, true, false, ['r1:c1', 'r3:c1'], ['r1:c1', 'r3:c1']])
  })

  it('undo restores the value a user overwrote, and redo writes theirs again', () => {
    const doc = new Y.Doc()
    const cells = SheetCells.of(doc)
    cells.set('r1:c1', 'first', 'me')
    const undo = new Y.UndoManager(doc, { trackedOrigins: new Set(['me']), captureTimeout: 0 })
    cells.set('r1:c1', 'second', 'me')
    cells.set('r2:c2', 'other', 'me')
    undo.undo()
    expect(cells.toJSON()).toEqual({ 'r1:c1': 'second' })
    undo.undo()
    expect(cells.toJSON()).toEqual({ 'r1:c1': 'first' })
    undo.redo()
    expect(cells.toJSON()).toEqual({ 'r1:c1': 'second' })
    expect(fresh(doc)).toEqual(cells.toJSON())
  })

  it('knows whether any entry holds a formula, through overwrites, remote edits and undo', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const cells = SheetCells.of(a)
    const undo = new Y.UndoManager(a, { trackedOrigins: new Set(['me']), captureTimeout: 0 })
    cells.setMany([
      ['r1:c1', '12'],
      ['r1:c2', '='],
      ['r1:c3', 'text = not a formula'],
    ])
    expect(cells.mayHoldFormulas).toBe(false)
    cells.set('r2:c1', '=SUM({r:r1,c:c1})', 'me')
    expect(cells.mayHoldFormulas).toBe(true)
    sync(a, b)
    expect(SheetCells.of(b).mayHoldFormulas).toBe(true)
    SheetCells.of(b).set('r2:c1', '42')
    sync(a, b)
    expect(cells.mayHoldFormulas).toBe(false)
    expect(SheetCells.of(b).mayHoldFormulas).toBe(false)
    cells.set('r3:c1', '=1', 'me')
    cells.delete('r3:c1', 'me')
    expect(cells.mayHoldFormulas).toBe(false)
    undo.undo()
    expect(cells.mayHoldFormulas).toBe(true)
  })

  it('a million overwrites leave a small document', () => {
    const doc = new Y.Doc()
    const cells = SheetCells.of(doc)
    let x = 1
    for (let i = 0; i < 100_000; i++) {
      x = (x * 48271) % 2147483647
      cells.set(`r${x % 1000}:c1`, `v${i}`)
    }
    expect(cells.size).toBe(1000)
    // A map would keep one item per overwrite (about 900 KB for these 100,000).
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(60_000)
    expect(fresh(doc)).toEqual(cells.toJSON())
  })

  it('a write lands at the end of the log however it grew since the last one', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const cells = SheetCells.of(a)
    cells.set('r1:c1', 'a1')
    sync(a, b)
    // Remote appends after a's own newest entry, then the remote newest deleted again.
    SheetCells.of(b).setMany([
      ['r2:c1', 'b2'],
      ['r3:c1', 'b3'],
    ])
    sync(a, b)
    SheetCells.of(b).set('r4:c1', 'b4')
    SheetCells.of(b).delete('r4:c1')
    sync(a, b)
    // Many overwrites in one transaction (each one appends after the one before).
    a.transact(() => {
      for (let i = 0; i < 500; i++) cells.set(`r${(i % 5) + 1}:c2`, `w${i}`)
    })
    cells.set('r9:c9', 'last')
    const all = cells.array.toArray()
    expect(all[all.length - 1]).toBe('r9:c9:last')
    const expected = {
      'r1:c1': 'a1',
      'r2:c1': 'b2',
      'r3:c1': 'b3',
      'r1:c2': 'w495',
      'r2:c2': 'w496',
      'r3:c2': 'w497',
      'r4:c2': 'w498',
      'r5:c2': 'w499',
      'r9:c9': 'last',
    }
    expect(cells.toJSON()).toEqual(expected)
    expect(fresh(a)).toEqual(expected)
    sync(a, b)
    expect(SheetCells.of(b).toJSON()).toEqual(expected)
    expect(cells.array.length).toBe(9)
  })

  it('moves cells written in the old layout into the log, replacing older values', () => {
    const doc = new Y.Doc()
    SheetCells.of(doc).set('r1:c1', 'old')
    const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
    legacy.set('r1:c1', 'offline edit')
    legacy.set('r2:c1', 'kept')
    legacy.set('r3:c1', 42)
    legacy.set('not a key', 'dropped')
    expect(migrateLegacyCells(doc)).toBe(4)
    expect(legacy.size).toBe(0)
    expect(SheetCells.of(doc).toJSON()).toEqual({ 'r1:c1': 'offline edit', 'r2:c1': 'kept' })
    expect(migrateLegacyCells(doc)).toBe(0)
  })

  it('input(rowId, colId) reads what get(`rowId:colId`) reads, near-miss ids included', () => {
    const doc = new Y.Doc()
    const cells = SheetCells.of(doc)
    // Ids that are prefixes of one another, and a value that itself looks like a key.
    const rowIds = ['r', 'r1', 'r10', 'r1.5', 'a-b', 'x']
    const colIds = ['c', 'c1', 'c10', 'c1.5', 'r1']
    let seed = 7
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 200; i++) {
      const key = `${rowIds[next(rowIds.length)]}:${colIds[next(colIds.length)]}`
      const kind = next(4)
      if (kind === 0) cells.delete(key)
      else cells.set(key, kind === 1 ? `v${i}` : `${key}:${i}`)
      for (const r of rowIds)
        for (const c of colIds) expect(cells.input(r, c)).toBe(cells.get(`${r}:${c}`))
    }
    // Ids split elsewhere than the key's own colon are other cells.
    cells.set('r1:c10', 'here')
    expect(cells.input('r1', 'c10')).toBe('here')
    expect(cells.input('r1:c', '10')).toBeUndefined()
    expect(cells.input('r', '1:c10')).toBeUndefined()
    expect(cells.input('r1', 'c1')).toBe(cells.get('r1:c1'))
  })

  it('entries pushed in bulk, repeats across index batches included: the rightmost wins, live and fresh', () => {
    // A peer that appends raw entries (as a remote update or an old document may hold them):
    // hundreds per transaction, so one struct spans several of the index's batches of keys.
    // Seeded rather than shrunk by fast-check: a failing case of this size shrinks for minutes.
    for (let seed = 1; seed <= 20; seed++) {
      let state = seed
      const next = (n: number): number => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0
        return state % n
      }
      const writer = new Y.Doc()
      const reader = new Y.Doc()
      const cells = SheetCells.of(reader)
      const expected: Record<string, string> = {}
      for (let push = 0; push < 3; push++) {
        const raw: string[] = []
        for (let i = 0, n = 1 + next(700); i < n; i++) {
          if (next(10) === 0) {
            raw.push('no entry')
            continue
          }
          const key = `r${next(400)}:c1`
          const value = `v${seed}.${push}.${i}`
          raw.push(`${key}:${value}`)
          expected[key] = value
        }
        writer.getArray('cellEntries').push(raw)
        Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(reader)))
      }
      expect(cells.toJSON()).toEqual(expected)
      expect(fresh(writer)).toEqual(expected)
      expect(cells.size).toBe(Object.keys(expected).length)
      for (const [key, value] of Object.entries(expected)) expect(cells.get(key)).toBe(value)
    }
  })

  it('random concurrent writes, clears and undos on three replicas converge; every index matches a fresh read', () => {
    const op = fc.record({
      replica: fc.integer({ min: 0, max: 2 }),
      key: fc.constantFrom('r1:c1', 'r1:c2', 'r2:c1'),
      kind: fc.constantFrom('set', 'set', 'clear', 'undo', 'sync'),
      value: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('=1', '=A1*2')),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
        const undos = docs.map(
          (d) => new Y.UndoManager(d, { trackedOrigins: new Set(['me']), captureTimeout: 0 }),
        )
        // `changedCells` says what `changesIn` and `get` say: every cell the transaction added
        // an entry for, and a cell it only deleted from when that left it empty; once each.
        const sorted = <T>(pairs: Array<[string, T]>) =>
          pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        for (const d of docs) {
          const cells = SheetCells.of(d)
          cells.observe((_keys, tr) => {
            const expected: Array<[string, string | undefined]> = []
            for (const [key, c] of cells.changesIn(tr)) {
              const input = cells.get(key)
              if (c.added.length > 0 || input === undefined) expected.push([key, input])
            }
            const lists = cells.changedCells(tr)
            expect(lists.every((l) => l.length > 0)).toBe(true)
            const given = lists.flat().map((s): [string, string | undefined] => {
              const end = s.indexOf(':', s.indexOf(':') + 1)
              return end < 0 ? [s, undefined] : [s.slice(0, end), s.slice(end + 1)]
            })
            expect(sorted(given)).toEqual(sorted(expected))
          })
        }
        for (const o of ops) {
          const doc = docs[o.replica]!
          const cells = SheetCells.of(doc)
          if (o.kind === 'set') cells.set(o.key, `${o.value}.`, 'me')
          else if (o.kind === 'clear') cells.delete(o.key, 'me')
          else if (o.kind === 'undo') undos[o.replica]!.undo()
          else sync(doc, docs[(o.replica + 1) % 3]!)
          expect(cells.toJSON()).toEqual(fresh(doc))
          expect(cells.mayHoldFormulas).toBe(freshCells(doc).mayHoldFormulas)
        }
        sync(...docs)
        const expected = fresh(docs[0]!)
        for (const d of docs) expect(SheetCells.of(d).toJSON()).toEqual(expected)
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    )
  })

  it("changedCells of pastes and crafted runs: taken from the index's pass when no entry met a rival, scanned otherwise, the same answer", () => {
    // The oracle of the property above: every cell the transaction added an entry for, and a
    // cell it only deleted from when that left it empty; once each.
    const answers: Array<{ fromPass: boolean; given: string[]; expected: string[] }> = []
    const lists: number[] = []
    const watch = (doc: Y.Doc): void => {
      const cells = SheetCells.of(doc)
      cells.observe((keys, tr) => {
        const expected: string[] = []
        for (const [key, c] of cells.changesIn(tr)) {
          const input = cells.get(key)
          if (c.added.length > 0 || input === undefined)
            expected.push(input === undefined ? key : `${key}:${input}`)
        }
        const runs = (keys as { wonRuns?: () => unknown }).wonRuns?.()
        for (const list of cells.changedCells(tr)) lists.push(list.length)
        answers.push({
          fromPass: !!runs,
          given: cells.changedCells(tr).flat().sort(),
          expected: expected.sort(),
        })
      })
    }
    const writer = new Y.Doc()
    const reader = new Y.Doc()
    watch(reader)
    watch(writer)
    const w = SheetCells.of(writer)
    const send = (): void => {
      Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(reader)))
    }
    const cellsOf = (n: number, tag: string): Array<[string, string]> =>
      Array.from({ length: n }, (_, i) => [`r${i}:c${i % 7}`, `${tag}${i}`])
    // A paste of new cells (more than one run of entries), then one overwriting most of them
    // (deletes and adds in one update).
    w.setMany(cellsOf(5000, 'a'))
    send()
    w.setMany(cellsOf(3000, 'b'))
    send()
    // A deletion alone (a cleared range).
    writer.transact(() => {
      for (let i = 0; i < 40; i++) w.delete(`r${i}:c${i % 7}`)
    })
    send()
    // Crafted runs: one cell twice in a run, a value that is no entry, an entry left beside a
    // live one (no deletion).
    const array = writer.getArray('cellEntries')
    array.push(['r900:c1:x', 'r901:c1:y', 'r900:c1:z'])
    send()
    array.push(['no entry', 'r902:c1:w'])
    send()
    array.push(['r500:c3:beside'])
    send()
    // A write on the reader itself (its index records the entries as it writes them).
    SheetCells.of(reader).setMany(cellsOf(50, 'c'))
    for (const a of answers) expect(a.given).toEqual(a.expected)
    // Both ways were taken: the pastes, the clearing and the local write from the pass, the
    // crafted runs by the scan.
    expect(answers.filter((a) => a.fromPass).length).toBeGreaterThanOrEqual(6)
    expect(answers.filter((a) => !a.fromPass).length).toBeGreaterThanOrEqual(3)
    expect(answers.every((a) => a.given.length > 0)).toBe(true)
    // Each list holds some cells: a paste's runs of entries, the cells a clearing emptied.
    expect(lists.length).toBeGreaterThan(answers.length)
    expect(lists.every((l) => l > 0)).toBe(true)
  })
})
