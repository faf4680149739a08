import fc from 'fast-check'
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
    expect([0, 1, 2, 3].map((i) => bars.f.styleAt(i, 0)?.bar?.end)).toEqual([0, 0.5, 1, undefined])
    expect(bars.f.styleAt(1, 0)?.bar).toEqual({ color: '#0000ff', start: 0, end: 0.5 })
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

  it('draws negative values as red bars left of an axis at zero, like Excel', () => {
    const v = [-50, 0, 50, 150]
    const { f } = formatter(v, [rule('b', 'A1:A4', { kind: 'dataBar', barColor: '#0000ff' })])
    // Zero lies a quarter of the way from -50 to 150.
    expect(f.styleAt(0, 0)?.bar).toEqual({ color: '#ff0000', start: 0, end: 0.25, axis: 0.25 })
    expect(f.styleAt(1, 0)?.bar).toEqual({ color: '#0000ff', start: 0.25, end: 0.25, axis: 0.25 })
    expect(f.styleAt(3, 0)?.bar).toEqual({ color: '#0000ff', start: 0.25, end: 1, axis: 0.25 })
    const own = formatter(
      [-2, -1],
      [rule('b', 'A1:A2', { kind: 'dataBar', barColor: '#0000ff', negativeColor: '#00ff00' })],
    )
    // All negative: the axis is the right edge and bars grow leftwards from it.
    expect(own.f.styleAt(0, 0)?.bar).toEqual({ color: '#00ff00', start: 0, end: 1, axis: 1 })
    expect(own.f.styleAt(1, 0)?.bar).toEqual({ color: '#00ff00', start: 0.5, end: 1, axis: 1 })
  })

  it('marks values above or below the range average', () => {
    const v = [1, 2, 3, 'x', 6]
    const check = (op: 'above' | 'below' | 'aboveOrEqual' | 'belowOrEqual') =>
      formatter([...v], [rule('a', 'A1:A5', { kind: 'average', op, style: red })])
        .fills()
        .map((c) => (c ? 1 : 0))
    expect(check('above')).toEqual([0, 0, 0, 0, 1])
    expect(check('below')).toEqual([1, 1, 0, 0, 0])
    expect(check('aboveOrEqual')).toEqual([0, 0, 1, 0, 1])
    expect(check('belowOrEqual')).toEqual([1, 1, 1, 0, 0])
  })

  it('an edit updates the range statistics without reading the range again', () => {
    const v: unknown[] = Array.from({ length: 1000 }, (_, i) => i % 400)
    const { f, reads } = formatter(v, [
      rule('d', 'A1:A1000', { kind: 'duplicates', style: red }),
      rule('s', 'A1:A1000', { kind: 'colorScale', colors: ['#000000', '#ffffff'] }),
    ])
    expect(f.styleAt(999, 0)?.fill).toBe('#ff0000')
    const before = reads.n
    v[999] = 5000
    f.valuesChanged([{ row: 999, col: 0 }])
    // 999 held 199, which 199 and 599 also hold; 5000 is new and the new maximum.
    expect(f.styleAt(999, 0)).toEqual({ fill: '#ffffff' })
    expect(f.styleAt(599, 0)?.fill).toBe('#ff0000')
    expect(f.styleAt(0, 0)).toEqual({ fill: '#ff0000' })
    // The changed cell is read once per rule, then each cell asked about once.
    expect(reads.n - before).toBeLessThan(20)
  })

  it('updated statistics give every cell the look a fresh read gives it (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom('a', 'A', 'b', '', null, true, { error: '#N/A' }),
    )
    const kinds: ConditionalSpec[] = [
      { kind: 'duplicates', style: red },
      { kind: 'unique', style: { bold: true } },
      { kind: 'topBottom', op: 'top', count: 3, style: { italic: true } },
      { kind: 'topBottom', op: 'bottom', count: 20, percent: true, style: { color: '#00ff00' } },
      { kind: 'average', op: 'belowOrEqual', style: { strike: true } },
      { kind: 'colorScale', colors: ['#000000', '#ff0000', '#ffffff'] },
      { kind: 'dataBar', barColor: '#0000ff' },
    ]
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 12, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), value), { maxLength: 15 }),
        fc.integer({ min: 0, max: kinds.length - 1 }),
        (start, edits, k) => {
          const rules = [rule('r', 'A2:A11', kinds[k]!), rule('d', 'A1:A12', kinds[0]!, 1)]
          const v = [...start]
          const live = formatter(v, rules)
          live.fills()
          for (const [row, next] of edits) {
            v[row] = next
            live.f.valuesChanged([{ row, col: 0 }])
            const fresh = formatter([...v], rules)
            const looks = (f: ConditionalFormatter) => v.map((_, i) => f.styleAt(i, 0))
            expect(looks(live.f)).toEqual(looks(fresh.f))
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
