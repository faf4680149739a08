import { describe, expect, it } from 'vitest'
import { enterKeepsTyped, rankNames } from './functionSuggestions'

const FUNCTIONS = [
  'SUBSTITUTE',
  'SUBTOTAL',
  'SUM',
  'SUMIF',
  'SUMIFS',
  'SUMPRODUCT',
  'SUMSQ',
  'SUMX2MY2',
  'T',
  'TEXT',
  'TODAY',
  'TRUE',
  'TRIM',
]

describe('autocomplete ranking', () => {
  it('offers the most used functions first among those starting with what was typed', () => {
    expect(rankNames('su', FUNCTIONS, [], 8).map((c) => c.name)).toEqual([
      'SUM',
      'SUMIF',
      'SUMIFS',
      'SUMPRODUCT',
      'SUBTOTAL',
      'SUBSTITUTE',
      'SUMSQ',
      'SUMX2MY2',
    ])
  })

  it('puts the name typed in full first; defined names sort with the rarer functions', () => {
    expect(rankNames('t', FUNCTIONS, ['Tax', 'TaxRate'], 8)).toEqual([
      { name: 'T' },
      { name: 'TODAY' },
      { name: 'TEXT' },
      { name: 'TRIM' },
      { name: 'Tax', definedName: true },
      { name: 'TaxRate', definedName: true },
      { name: 'TRUE' },
    ])
    expect(rankNames('taxrate', FUNCTIONS, ['Tax', 'TaxRate'], 8)).toEqual([
      { name: 'TaxRate', definedName: true },
    ])
  })

  it('keeps at most the limit', () => {
    expect(rankNames('s', FUNCTIONS, [], 3).map((c) => c.name)).toEqual(['SUM', 'SUMIF', 'SUMIFS'])
  })
})

describe('Enter with the list open', () => {
  it('takes the highlighted function, even one typed in full (=sum → =SUM()', () => {
    expect(enterKeepsTyped('sum', { name: 'SUM' })).toBe(false)
    expect(enterKeepsTyped('su', { name: 'SUM' })).toBe(false)
    expect(enterKeepsTyped('pi', { name: 'PI' })).toBe(false)
  })

  it('commits a defined name or TRUE/FALSE typed in full, unless another one is highlighted', () => {
    expect(enterKeepsTyped('taxrate', { name: 'TaxRate', definedName: true })).toBe(true)
    expect(enterKeepsTyped('true', { name: 'TRUE' })).toBe(true)
    expect(enterKeepsTyped('tax', { name: 'TaxRate', definedName: true })).toBe(false)
    expect(enterKeepsTyped('tax', undefined)).toBe(false)
  })
})
