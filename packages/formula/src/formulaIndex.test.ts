import { describe, expect, it } from 'vitest'
import { axisAnchor, FormulaIndex, formulaKey, sheetAnchor } from './formulaIndex.js'

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
})
