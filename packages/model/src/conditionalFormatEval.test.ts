import { describe, expect, it } from 'vitest'
import { parseRange } from './a1.js'
import { ConditionalFormatter, mixColors, serialDay } from './conditionalFormatEval.js'
import type { ConditionalRule, ConditionalSpec } from './conditionalFormats.js'

const today = serialDay(2026, 12, 2)

function rule(id: string, a1: string, spec: ConditionalSpec, order = 0): ConditionalRule {
  return { ...spec, id, order, range: parseRange(a1)! }
}

/** A column A of values (row i holds values[i]), read through a counting source. */
function formatter(values: unknown[], rules: ConditionalRule[], formula?: () => unknown) {
  const reads = { n: 0 }
  const f = new ConditionalFormatter(rules, {
    value: (row, col) => {
      reads.n++
      return col === 0 ? (values[row] ?? null) : null
    },
    formula: formula ? () => formula() : undefined,
    today,
  })
  const fills = () => values.map((_, i) => f.styleAt(i, 0)?.fill ?? '')
  return { f, fills, reads }
}

const red = { fill: '#ff0000' }

describe('conditional format evaluation', () => {
  it('compares cell values, text and dates', () => {
    const v = [1, 5, 10, 'apple', 'Banana', null, today, today - 1, today - 10]
    const check = (spec: ConditionalSpec) =>
      formatter(v, [rule('x', 'A1:A9', { ...spec, style: red })])
        .fills()
        .map((c) => (c ? 1 : 0))
    expect(check({ kind: 'cellValue', op: 'gt', value: 4 })).toEqual([0, 1, 1, 0, 0, 0, 1, 1, 1])
    expect(check({ kind: 'cellValue', op: 'between', value: 2, value2: 10 })).toEqual([
      0, 1, 1, 0, 0, 0, 0, 0, 0,
    ])
    expect(check({ kind: 'cellValue', op: 'eq', value: 'APPLE' })).toEqual([
      0, 0, 0, 1, 0, 0, 0, 0, 0,
    ])
    expect(check({ kind: 'text', op: 'contains', value: 'an' })).toEqual([
      0, 0, 0, 0, 1, 0, 0, 0, 0,
    ])
    expect(check({ kind: 'text', op: 'startsWith', value: 'a' })).toEqual([
      0, 0, 0, 1, 0, 0, 0, 0, 0,
    ])
    expect(check({ kind: 'date', op: 'today' })).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0])
    expect(check({ kind: 'date', op: 'yesterday' })).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0])
    expect(check({ kind: 'date', op: 'last7Days' })).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0])
    expect(check({ kind: 'date', op: 'before', value: '2026-11-30' })).toEqual([
      1, 1, 1, 0, 0, 0, 0, 0, 1,
    ])
  })

  it('finds duplicates, unique values and the top/bottom N from the whole range', () => {
    const v = [3, 'a', 'A', 7, 3, 9, 1]
    const check = (spec: ConditionalSpec) =>
      formatter(v, [rule('x', 'A1:A7', { ...spec, style: red })])
        .fills()
        .map((c) => (c ? 1 : 0))
    expect(check({ kind: 'duplicates' })).toEqual([1, 1, 1, 0, 1, 0, 0])
    expect(check({ kind: 'unique' })).toEqual([0, 0, 0, 1, 0, 1, 1])
    expect(check({ kind: 'topBottom', op: 'top', count: 2 })).toEqual([0, 0, 0, 1, 0, 1, 0])
    expect(check({ kind: 'topBottom', op: 'bottom', count: 1 })).toEqual([0, 0, 0, 0, 0, 0, 1])
    // 40% of the 5 numbers is 2.
    expect(check({ kind: 'topBottom', op: 'top', count: 40, percent: true })).toEqual([
      0, 0, 0, 1, 0, 1, 0,
    ])
  })

  it('colours scales from the range minimum to its maximum and draws data bars', () => {
    const v = [0, 5, 10, 'text']
    const two = formatter(v, [
      rule('s', 'A1:A4', { kind: 'colorScale', colors: ['#000000', '#ffffff'] }),
    ])
    expect(two.fills()).toEqual(['#000000', '#808080', '#ffffff', ''])
    const three = formatter(v, [
      rule('s', 'A1:A4', { kind: 'colorScale', colors: ['#ff0000', '#ffff00', '#00ff00'] }),
    ])
    expect(three.fills()).toEqual(['#ff0000', '#ffff00', '#00ff00', ''])
    const bars = formatter(v, [rule('b', 'A1:A4', { kind: 'dataBar', barColor: '#0000ff' })])
    expect([0, 1, 2, 3].map((i) => bars.f.styleAt(i, 0)?.bar?.fraction)).toEqual([
      0,
      0.5,
      1,
      undefined,
    ])
    expect(mixColors('#000000', '#ff0000', 2)).toBe('#ff0000')
  })

  it('applies rules in priority order, the first rule winning a conflicting attribute', () => {
    const v = [20]
    const rules = [
      rule('a', 'A1', { kind: 'cellValue', op: 'gt', value: 10, style: { fill: '#00ff00' } }, 0),
      rule('b', 'A1', { kind: 'cellValue', op: 'gt', value: 1, style: red, stopIfTrue: false }, 1),
      rule('c', 'A1', { kind: 'cellValue', op: 'gt', value: 1, style: { bold: true } }, 2),
    ]
    expect(formatter(v, rules).f.styleAt(0, 0)).toEqual({ fill: '#00ff00', bold: true })
    rules[1] = { ...rules[1]!, stopIfTrue: true }
    expect(formatter(v, rules).f.styleAt(0, 0)).toEqual({ fill: '#00ff00' })
  })

  it('a custom formula matches on TRUE or a non-zero number', () => {
    let result: unknown = true
    const { f } = formatter(
      [1],
      [rule('f', 'A1', { kind: 'formula', formula: '=A1>0', style: red })],
      () => result,
    )
    expect(f.styleAt(0, 0)?.fill).toBe('#ff0000')
    result = 0
    const again = formatter(
      [1],
      [rule('f', 'A1', { kind: 'formula', formula: '=A1>0', style: red })],
      () => result,
    )
    expect(again.f.styleAt(0, 0)).toBeNull()
  })

  it('reads the range once for its statistics, however many cells are asked about', () => {
    const v = Array.from({ length: 100 }, (_, i) => i)
    const { f, reads } = formatter(v, [
      rule('s', 'A1:A100', { kind: 'colorScale', colors: ['#000000', '#ffffff'] }),
    ])
    for (let frame = 0; frame < 5; frame++) for (let i = 0; i < 100; i++) f.styleAt(i, 0)
    // 100 reads for the statistics, then one per cell the first time it is asked about.
    expect(reads.n).toBe(200)
  })
})
