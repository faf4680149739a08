import { describe, expect, it } from 'vitest'
import {
  axisAnchor,
  FormulaIndex,
  formulaKey,
  INDIRECT_ANCHOR,
  NAME_ANCHOR,
  sheetAnchor,
} from './formulaIndex.js'

const collected = (index: FormulaIndex, anchor: string): string[] => {
  const into = new Set<string>()
  index.collect(anchor, into)
  return [...into].sort()
}

describe('FormulaIndex', () => {
  const row5 = axisAnchor('s1', 'rows', 'r5')
  const colA = axisAnchor('s1', 'cols', 'cA')
  const b5 = formulaKey('s1', 'r5:cB')
  const c5 = formulaKey('s1', 'r5:cC')
  const d9 = formulaKey('s2', 'r9:cD')

  it('finds the formulas of an anchor, whether one or several depend on it', () => {
    const index = new FormulaIndex()
    index.set(b5, [row5, colA])
    expect(collected(index, row5)).toEqual([b5])
    index.set(c5, [row5, colA])
    index.set(d9, [colA, sheetAnchor('s1')])
    expect(collected(index, row5)).toEqual([b5, c5])
    expect(collected(index, colA)).toEqual([b5, c5, d9])
    expect(collected(index, sheetAnchor('s1'))).toEqual([d9])
    expect(collected(index, axisAnchor('s1', 'rows', 'r6'))).toEqual([])
  })

  it('forgets what a formula no longer depends on when it is set again or removed', () => {
    const index = new FormulaIndex()
    index.set(b5, [row5, colA])
    index.set(c5, [colA])
    index.set(b5, [colA])
    expect(index.has(row5)).toBe(false)
    expect(collected(index, colA)).toEqual([b5, c5])
    index.remove(c5)
    expect(collected(index, colA)).toEqual([b5])
    index.set(c5, [row5])
    index.remove(b5)
    expect(index.has(colA)).toBe(false)
    expect(collected(index, row5)).toEqual([c5])
    // A formula listing an anchor twice is recorded once.
    index.set(d9, [colA, colA])
    index.remove(d9)
    expect(index.has(colA)).toBe(false)
  })

  it('forgets every formula of a sheet that leaves', () => {
    const index = new FormulaIndex()
    index.set(b5, [row5, colA])
    index.set(c5, [colA])
    index.set(d9, [colA])
    index.removeSheet('s1')
    expect(collected(index, colA)).toEqual([d9])
    expect(index.has(row5)).toBe(false)
  })

  describe('records handed over later (a sheet read whole)', () => {
    it('answers about rows, columns and other anchors as if they were set', () => {
      const index = new FormulaIndex()
      index.addLater(b5, [row5, colA])
      index.addLater(c5, [colA, INDIRECT_ANCHOR])
      expect(index.has(NAME_ANCHOR)).toBe(false)
      expect(index.has(INDIRECT_ANCHOR)).toBe(true)
      expect(collected(index, sheetAnchor('s1'))).toEqual([])
      expect(collected(index, colA)).toEqual([b5, c5])
      expect(collected(index, row5)).toEqual([b5])
      index.clear()
      expect(index.has(colA)).toBe(false)
    })

    it('drops a record whose formula was set again or removed before it was indexed', () => {
      const index = new FormulaIndex()
      index.addLater(b5, [row5, colA])
      index.addLater(c5, [row5, INDIRECT_ANCHOR])
      index.addLater(d9, [colA])
      index.set(b5, [colA])
      index.remove(c5)
      expect(collected(index, row5)).toEqual([])
      expect(index.has(INDIRECT_ANCHOR)).toBe(false)
      expect(collected(index, colA)).toEqual([b5, d9])
      // A sheet read again after its formulas were dropped.
      index.removeSheet('s1')
      index.addLater(b5, [row5])
      expect(collected(index, row5)).toEqual([b5])
      expect(collected(index, colA)).toEqual([d9])
    })

    it('takes the records in slices when asked to, and forgets them when cleared', () => {
      const index = new FormulaIndex()
      const keys = Array.from({ length: 12_000 }, (_, i) => formulaKey('s1', `r${i}:cB`))
      for (const [i, key] of keys.entries())
        index.addLater(key, [axisAnchor('s1', 'rows', `r${i}`)])
      expect(index.catchUpSome(5_000)).toBe(true)
      // Superseded while some of the records are in the maps and some are not.
      index.remove(keys[1] as string)
      index.remove(keys[11_000] as string)
      expect(index.catchUpSome(5_000)).toBe(true)
      expect(index.catchUpSome(5_000)).toBe(false)
      expect(collected(index, axisAnchor('s1', 'rows', 'r0'))).toEqual([keys[0]])
      expect(collected(index, axisAnchor('s1', 'rows', 'r1'))).toEqual([])
      expect(collected(index, axisAnchor('s1', 'rows', 'r10999'))).toEqual([keys[10_999]])
      expect(collected(index, axisAnchor('s1', 'rows', 'r11000'))).toEqual([])
      index.addLater(b5, [row5])
      index.clear()
      expect(index.catchUpSome()).toBe(false)
      expect(index.has(row5)).toBe(false)
    })
  })
})
