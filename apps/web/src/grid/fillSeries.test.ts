import { describe, expect, it } from 'vitest'
import { fillEdits, fillSeries, fillSeriesBackwards, planFill } from './fillSeries'

describe('fill series', () => {
  it('continues numbers by their step; a single number is copied', () => {
    expect(fillSeries(['1', '2'], 3)).toEqual(['3', '4', '5'])
    expect(fillSeries(['10', '8'], 2)).toEqual(['6', '4'])
    expect(fillSeries(['0.1', '0.2'], 2)).toEqual(['0.3', '0.4'])
    expect(fillSeries(['7'], 2)).toEqual(['7', '7'])
  })

  it('counts on text ending in a number, even from one cell', () => {
    expect(fillSeries(['Item 1'], 3)).toEqual(['Item 2', 'Item 3', 'Item 4'])
    expect(fillSeries(['Q1', 'Q3'], 2)).toEqual(['Q5', 'Q7'])
    expect(fillSeries(['file007'], 2)).toEqual(['file008', 'file009'])
  })

  it('steps dates by a day, or by their step, in the style they were typed', () => {
    expect(fillSeries(['2026-01-30'], 3)).toEqual(['2026-01-31', '2026-02-01', '2026-02-02'])
    expect(fillSeries(['1/1/2026', '1/8/2026'], 2)).toEqual(['1/15/2026', '1/22/2026'])
  })

  it('repeats text and mixed sources', () => {
    expect(fillSeries(['a', 'b'], 3)).toEqual(['a', 'b', 'a'])
    expect(fillSeries(['1', 'x'], 2)).toEqual(['1', 'x'])
  })

  it('shifts formulas by how far each copy moved from its source cell', () => {
    const shift = (raw: string, d: number): string => `${raw}+${d}`
    expect(fillSeries(['=A1', 'x'], 3, shift)).toEqual(['=A1+2', 'x', '=A1+4'])
  })

  it('fills backwards when dragged up or left', () => {
    expect(fillSeriesBackwards(['3', '4'], 2)).toEqual(['2', '1'])
    expect(fillSeriesBackwards(['=B5'], 1, (raw, d) => `${raw}@${d}`)).toEqual(['=B5@-1'])
  })
})

describe('fill handle drags', () => {
  const range = { start: { row: 0, col: 0 }, end: { row: 1, col: 1 } }

  it('fill along the axis the pointer left the range furthest on', () => {
    expect(planFill(range, { row: 1, col: 1 })).toBeNull()
    expect(planFill(range, { row: 4, col: 2 })).toEqual({
      direction: 'down',
      count: 3,
      extended: { start: { row: 0, col: 0 }, end: { row: 4, col: 1 } },
    })
    expect(planFill(range, { row: 2, col: 5 })?.direction).toBe('right')
    expect(
      planFill({ start: { row: 5, col: 5 }, end: { row: 5, col: 5 } }, { row: 2, col: 5 }),
    ).toEqual({
      direction: 'up',
      count: 3,
      extended: { start: { row: 2, col: 5 }, end: { row: 5, col: 5 } },
    })
  })

  it('continue each column of the source on its own', () => {
    const cells: Record<string, string> = {
      '0,0': '1',
      '1,0': '2',
      '0,1': 'Item 1',
      '1,1': 'Item 2',
    }
    const plan = planFill(range, { row: 3, col: 1 })!
    const edits = fillEdits(
      range,
      plan,
      (r, c) => cells[`${r},${c}`] ?? '',
      (raw) => raw,
    )
    expect(edits).toEqual([
      { row: 2, col: 0, value: '3' },
      { row: 3, col: 0, value: '4' },
      { row: 2, col: 1, value: 'Item 3' },
      { row: 3, col: 1, value: 'Item 4' },
    ])
  })
})
