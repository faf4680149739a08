import { describe, expect, it } from 'vitest'
import {
  HISTORY_HOLD_MS,
  editsParts,
  onlyRows,
  packBatch,
  resolveUpdates,
  rowsDue,
  rowsDueAt,
  takeBatch,
  type Queued,
} from './commitBatch.js'
import type { CellEditBatch } from './historyRecords.js'

const noop = (): void => {}

const rowsOf = (n: number, tag = 'r'): CellEditBatch => ({
  workbookId: 'wb',
  sheetId: 's1',
  at: 1000,
  linkId: null,
  name: 'Ada',
  source: 'socket',
  cells: Array.from({ length: n }, (_, i) => `${tag}${i}:c1:v`),
})

const append = (doc: string, bytes: number[]): Queued => ({
  kind: 'append',
  doc,
  update: new Uint8Array(bytes),
  written: undefined,
  resolve: noop,
  reject: noop,
})

const edits = (rows: number, urgent = false, at = 0): Queued => ({
  kind: 'edits',
  edits: [rowsOf(rows)],
  rows,
  urgent,
  at,
  resolve: noop,
  reject: noop,
})

describe('a commit batch', () => {
  it('takes every append and claim, and the log rows in order up to 5,000', () => {
    const claim: Queued = {
      kind: 'claim',
      doc: 'd',
      claims: [{ clientId: 7, owner: 'o' }],
      resolve: noop,
      reject: noop,
    }
    const [a, b, c] = [edits(3000), edits(1500), edits(1000)]
    const first = append('d', [1])
    const late = append('d', [2])
    const { batch, rest } = takeBatch([a!, first, b!, claim, c!, late], true)
    // `c` would go past 5,000 rows: it waits, and nothing after it jumps ahead of it.
    expect(batch).toEqual([a, first, b, claim, late])
    expect(rest).toEqual([c])
  })

  it('takes one entry of log rows however many rows it has', () => {
    const big = edits(20_000)
    const after = edits(1)
    expect(takeBatch([big, after], true)).toEqual({ batch: [big], rest: [after] })
  })

  it('packs its updates into one buffer, in order, with their documents and lengths', () => {
    // Views into a larger buffer, as a socket's read buffer is: only their bytes are packed.
    const socketBuffer = new Uint8Array([9, 9, 1, 2, 3, 9, 4, 5, 9])
    const one: Queued = { ...append('a', []), update: socketBuffer.subarray(2, 5) } as Queued
    const two: Queued = { ...append('b', []), update: socketBuffer.subarray(6, 8) } as Queued
    const { packed, buffer, claims, edits: rows } = packBatch([one, edits(2), two])
    expect(packed.docs).toEqual(['a', 'b'])
    expect(packed.lengths).toEqual([3, 2])
    expect([...packed.data]).toEqual([1, 2, 3, 4, 5])
    expect(buffer.byteLength).toBe(5)
    expect(claims).toEqual([])
    expect(rows).toHaveLength(1)
  })

  it('resolves appends with their sequence numbers and claims with the owners bound', () => {
    const got: unknown[] = []
    const a: Queued = { ...append('d', [1]), resolve: (seq: number) => got.push(seq) } as Queued
    const claim: Queued = {
      kind: 'claim',
      doc: 'd',
      claims: [
        { clientId: 1, owner: 'me' },
        { clientId: 2, owner: 'me' },
      ],
      resolve: (owners) => got.push([...owners]),
      reject: noop,
    }
    const b: Queued = { ...append('d', [2]), resolve: (seq: number) => got.push(seq) } as Queued
    resolveUpdates([a, claim, b], { seqs: [11, 12], owners: ['me', null] })
    expect(got).toEqual([11, [[1, 'me']], 12])
  })
})

describe('cell edit log rows', () => {
  it('go in parts of at most 5,000, urgent from 1,000', () => {
    expect(editsParts([rowsOf(999)])).toEqual([{ edits: [rowsOf(999)], rows: 999, urgent: false }])
    expect(editsParts([rowsOf(1000)])[0]?.urgent).toBe(true)
    const parts = editsParts([rowsOf(12_000)])
    expect(parts.map((p) => p.rows)).toEqual([5000, 5000, 2000])
    expect(parts.every((p) => p.urgent)).toBe(true)
    expect(parts.flatMap((p) => p.edits.flatMap((e) => e.cells))).toEqual(rowsOf(12_000).cells)
    // A REST write's or a restore's rows are not held, however few.
    expect(editsParts([{ ...rowsOf(1), source: 'rest' }])[0]?.urgent).toBe(true)
    expect(editsParts([{ ...rowsOf(1), source: 'server' }])[0]?.urgent).toBe(true)
  })

  it('wait up to 200 ms for later rows, unless urgent or 32 or more', () => {
    const young = [edits(5, false, 1000), append('d', [1]), edits(7, false, 1100)]
    expect(rowsDue(young, 1000 + HISTORY_HOLD_MS - 1)).toBe(false)
    // The oldest's wait is what counts.
    expect(rowsDue(young, 1000 + HISTORY_HOLD_MS)).toBe(true)
    expect(rowsDueAt(young)).toBe(1000 + HISTORY_HOLD_MS)
    expect(rowsDueAt([append('d', [1])])).toBeNull()
    expect(rowsDue([edits(5, false, 1000), edits(0, true, 1100)], 1100)).toBe(true)
    expect(rowsDue([edits(20, false, 1000), edits(11, false, 1000)], 1000)).toBe(false)
    expect(rowsDue([edits(20, false, 1000), edits(12, false, 1000)], 1000)).toBe(true)
  })

  it('that wait stay queued, in order, while the appends and claims go', () => {
    const [r1, a, r2, b] = [edits(5), append('d', [1]), edits(7), append('d', [2])]
    expect(takeBatch([r1!, a!, r2!, b!], false)).toEqual({ batch: [a, b], rest: [r1, r2] })
    expect(takeBatch([r1!, a!, r2!, b!], true)).toEqual({ batch: [r1, a, r2, b], rest: [] })
    expect(onlyRows([r1!, r2!])).toBe(true)
    expect(onlyRows([r1!, a!])).toBe(false)
  })
})
