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

  it('copies a single number however it was typed, never counting on its decimals', () => {
    expect(fillSeries(['2.5'], 3)).toEqual(['2.5', '2.5', '2.5'])
    expect(fillSeries(['0.1'], 2)).toEqual(['0.1', '0.1'])
    expect(fillSeries(['1234.5'], 2)).toEqual(['1234.5', '1234.5'])
    expect(fillSeries(['$19.99'], 3)).toEqual(['$19.99', '$19.99', '$19.99'])
    expect(fillSeries(['1,234.5'], 1)).toEqual(['1,234.5'])
    expect(fillSeries(['15%'], 2)).toEqual(['15%', '15%'])
    expect(fillSeriesBackwards(['2.5'], 2)).toEqual(['2.5', '2.5'])
    expect(fillSeriesBackwards(['$19.99'], 1)).toEqual(['$19.99'])
  })

  it('steps a single time of day by an hour and a single date and time by a day, as Excel does', () => {
    expect(fillSeries(['14:30'], 2)).toEqual(['15:30', '16:30'])
    expect(fillSeries(['9:00 AM'], 4)).toEqual(['10:00 AM', '11:00 AM', '12:00 PM', '1:00 PM'])
    expect(fillSeriesBackwards(['9:15'], 2)).toEqual(['8:15', '7:15'])
    expect(fillSeries(['2026-01-31 09:00'], 2)).toEqual(['2026-02-01 9:00', '2026-02-02 9:00'])
  })

  it('continues several numbers by their trend, each typed (and so formatted) like its source', () => {
    expect(fillSeries(['1', '3'], 2)).toEqual(['5', '7'])
    expect(fillSeries(['2.5', '3'], 2)).toEqual(['3.5', '4'])
    expect(fillSeries(['$19.99', '$20.99'], 2)).toEqual(['$21.99', '$22.99'])
    expect(fillSeries(['$1', '-$1'], 2)).toEqual(['-$3', '-$5'])
    expect(fillSeries(['$1,000', '$2,000'], 1)).toEqual(['$3,000'])
    expect(fillSeries(['10%', '15%'], 2)).toEqual(['20%', '25%'])
    expect(fillSeries(['1,000', '2,500'], 1)).toEqual(['4,000'])
    expect(fillSeries(['9:00', '9:30'], 2)).toEqual(['10:00', '10:30'])
    expect(fillSeries(['2:30 PM', '3:30 PM'], 1)).toEqual(['4:30 PM'])
    expect(fillSeriesBackwards(['$20.99', '$21.99'], 2)).toEqual(['$19.99', '$18.99'])
  })

  it('counts on text ending in a number backwards when dragged up or left', () => {
    expect(fillSeriesBackwards(['Item 3'], 2)).toEqual(['Item 2', 'Item 1'])
    expect(fillSeriesBackwards(['Q5', 'Q7'], 2)).toEqual(['Q3', 'Q1'])
  })

  it('steps dates by whole months or years when they step so, by days otherwise', () => {
    expect(fillSeries(['2026-01-01', '2026-02-01'], 3)).toEqual([
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
    ])
    expect(fillSeries(['1/31/2026', '3/31/2026'], 2)).toEqual(['5/31/2026', '7/31/2026'])
    // A month too short for the day ends on its last day; the next one is back on the 31st.
    expect(fillSeries(['2026-07-31', '2026-08-31'], 2)).toEqual(['2026-09-30', '2026-10-31'])
    expect(fillSeries(['1/1/2020', '1/1/2021'], 2)).toEqual(['1/1/2022', '1/1/2023'])
    expect(fillSeries(['2024-02-29', '2028-02-29'], 1)).toEqual(['2032-02-29'])
    expect(fillSeries(['2026-01-01', '2026-01-08'], 1)).toEqual(['2026-01-15'])
    expect(fillSeries(['2026-01-31', '2026-02-01'], 1)).toEqual(['2026-02-02'])
    expect(fillSeries(['9-Mar-2026'], 1)).toEqual(['10-Mar-2026'])
  })

  it('runs dates backwards when dragged up or left', () => {
    expect(fillSeriesBackwards(['2026-03-01', '2026-04-01'], 3)).toEqual([
      '2026-02-01',
      '2026-01-01',
      '2025-12-01',
    ])
    expect(fillSeriesBackwards(['2026-03-01'], 2)).toEqual(['2026-02-28', '2026-02-27'])
  })

  it('continues month and weekday names, wrapping around, abbreviated and cased as typed', () => {
    expect(fillSeries(['Jan'], 3)).toEqual(['Feb', 'Mar', 'Apr'])
    expect(fillSeries(['Nov'], 3)).toEqual(['Dec', 'Jan', 'Feb'])
    expect(fillSeries(['January'], 2)).toEqual(['February', 'March'])
    expect(fillSeries(['JAN'], 1)).toEqual(['FEB'])
    expect(fillSeries(['Jan', 'Mar'], 2)).toEqual(['May', 'Jul'])
    expect(fillSeries(['Mon'], 3)).toEqual(['Tue', 'Wed', 'Thu'])
    expect(fillSeries(['Sat'], 2)).toEqual(['Sun', 'Mon'])
    expect(fillSeries(['monday'], 2)).toEqual(['tuesday', 'wednesday'])
    expect(fillSeries(['Jan', 'Monday'], 2)).toEqual(['Jan', 'Monday'])
  })

  it('runs names backwards when dragged up or left', () => {
    expect(fillSeriesBackwards(['Jan'], 2)).toEqual(['Dec', 'Nov'])
    expect(fillSeriesBackwards(['Mon'], 2)).toEqual(['Sun', 'Sat'])
    expect(fillSeriesBackwards(['Feb', 'Mar'], 2)).toEqual(['Jan', 'Dec'])
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

  it('run a series backwards above the source when dragged up', () => {
    const cells: Record<string, string> = { '4,0': 'Jan', '5,0': 'Feb', '4,1': '$2.5' }
    const source = { start: { row: 4, col: 0 }, end: { row: 5, col: 1 } }
    const plan = planFill(source, { row: 2, col: 0 })!
    const edits = fillEdits(
      source,
      plan,
      (r, c) => cells[`${r},${c}`] ?? '',
      (raw) => raw,
    )
    expect(edits).toEqual([
      { row: 3, col: 0, value: 'Dec' },
      { row: 2, col: 0, value: 'Nov' },
      { row: 3, col: 1, value: '' },
      { row: 2, col: 1, value: '$2.5' },
    ])
  })
})
