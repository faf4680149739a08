import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { LIMITS } from '@cellmate/protocol'
import {
  INDEX_BATCH,
  batchHashes,
  batchKeyEnds,
  hashBatch,
  hashBatchFromBytes,
} from './cellEntries.js'
import { SheetCells } from './cellStore.js'

/**
 * Yjs is patched (patches/yjs@*.patch) to tell an observer of an update's transaction where
 * each string run it decoded lies in the update's bytes (`Y.stringRunBytes`), and the cell
 * index hashes such a run's keys from those bytes (`hashBatchFromBytes`) instead of reading
 * every string again: the keys, their ends and their hashes must be exactly those the strings
 * give (`hashBatch`), whatever the entries hold.
 */

/** Runs `check` on every string run of `entries` as a fresh copy applies them (V1 or V2). */
function onAppliedRuns(
  entries: string[],
  v2: boolean,
  check: (arr: unknown[], source: NonNullable<ReturnType<typeof Y.stringRunBytes>>) => void,
): number {
  const doc = new Y.Doc()
  doc.getArray<string>('cellEntries').push(entries)
  const copy = new Y.Doc()
  let runs = 0
  copy.getArray('cellEntries').observe(() => {
    for (let item = copy.getArray('cellEntries')._start; item; item = item.right) {
      const arr = (item.content as Y.ContentAny).arr
      const source = Y.stringRunBytes(arr)
      if (!source) continue
      runs++
      check(arr, source)
    }
  })
  if (v2) Y.applyUpdateV2(copy, Y.encodeStateAsUpdateV2(doc))
  else Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return runs
}

/** `hashBatch` and `hashBatchFromBytes` over every batch of `arr`, compared. */
function expectSameBatches(
  arr: unknown[],
  source: NonNullable<ReturnType<typeof Y.stringRunBytes>>,
): void {
  for (let start = 0; start < arr.length; start += INDEX_BATCH) {
    const count = hashBatch(arr, start)
    const ends = batchKeyEnds.slice(0, count)
    const hashes = batchHashes.slice(0, count)
    expect(hashBatchFromBytes(arr, start, source.bytes, source.starts)).toBe(count)
    for (let k = 0; k < count; k++) {
      expect(batchKeyEnds[k], String(arr[start + k])).toBe(ends[k])
      if ((ends[k] as number) >= 0) expect(batchHashes[k], String(arr[start + k])).toBe(hashes[k])
    }
  }
}

const asciiText = (maxLength: number) =>
  fc.string({
    unit: fc.constantFrom('a', 'Z', '0', '9', ':', '=', ' ', '\u0000', '\u007f', '-'),
    maxLength,
  })

describe('cell keys hashed from an update’s bytes', () => {
  it('finds and hashes every key as the strings do, entries and non-entries alike', () => {
    const entries = [
      'r1:c1:12',
      'r1:c1:',
      'r1:c1:=SUM(A1:B2)',
      ':c1:v',
      'r1::v',
      'r1:c1',
      'no colon at all',
      'r1:c1:a:b:c',
      '::',
      'r3:c3:\u0000\u007f',
      'k3x9a1b2c:q8w7e6:v123456',
    ]
    for (const v2 of [false, true]) {
      expect(onAppliedRuns(entries, v2, expectSameBatches)).toBe(1)
    }
  })

  it('finds and hashes every key as the strings do, for any ASCII entries (V1 and V2)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.tuple(asciiText(12), asciiText(12), asciiText(20)).map((p) => p.join(':')),
            asciiText(40),
          ),
          { minLength: 8, maxLength: 700 },
        ),
        fc.boolean(),
        (entries, v2) => {
          expect(onAppliedRuns(entries, v2, expectSameBatches)).toBe(1)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('is told only while the update is applied, and not for a run the decoder reads string by string', () => {
    const entries = Array.from({ length: 20 }, (_, i) => `r${i}:c1:v${i}`)
    const doc = new Y.Doc()
    doc.getArray<string>('cellEntries').push(entries)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    const arr = (copy.getArray('cellEntries')._start?.content as Y.ContentAny).arr
    expect(Y.stringRunBytes(arr)).toBeUndefined()
    expect(onAppliedRuns([...entries, 'r99:c1:café'], false, () => {})).toBe(0)
    // A string of 128 bytes or more (a cell may hold 50,000 characters): its length takes two
    // bytes, which are no UTF-8 on their own, so the run is not decoded at once.
    expect(
      onAppliedRuns([...entries, `r98:c1:${'x'.repeat(LIMITS.maxCellChars)}`], false, () => {}),
    ).toBe(0)
  })

  it('builds the same index as reading the strings, with overwrites, deletions and concurrent writes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 30 }), fc.nat(99)),
          { minLength: 1, maxLength: 60 },
        ),
        (ops) => {
          const a = new Y.Doc()
          const b = new Y.Doc()
          const docs = [a, b]
          for (const [who, cell, value] of ops) {
            const doc = docs[who % 2] as Y.Doc
            const writes: [string, string][] = Array.from({ length: 10 }, (_, i) => [
              `r${(cell + i) % 31}:c${i % 3}`,
              who === 2 ? '' : `v${value}${i}`,
            ])
            SheetCells.of(doc).setMany(writes)
          }
          // Merge both ways: each applies the other's runs through the bytes path.
          Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
          Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
          const fresh = new Y.Doc()
          Y.applyUpdate(fresh, Y.encodeStateAsUpdate(a))
          // Built from the strings of a document that already holds them (no update applied).
          const rebuilt = SheetCells.of(fresh).toJSON()
          const viaBytes = new Y.Doc()
          const cells = SheetCells.of(viaBytes)
          Y.applyUpdate(viaBytes, Y.encodeStateAsUpdate(a))
          expect(cells.toJSON()).toEqual(rebuilt)
          expect(SheetCells.of(a).toJSON()).toEqual(rebuilt)
          expect(SheetCells.of(b).toJSON()).toEqual(rebuilt)
          for (const key of Object.keys(rebuilt)) expect(cells.get(key)).toBe(rebuilt[key])
        },
      ),
      { numRuns: 60 },
    )
  })
})
