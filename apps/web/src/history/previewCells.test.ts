import { describe, expect, it } from 'vitest'
import { previewCells, previewColWidths } from './previewCells'

describe('version preview cells', () => {
  it('errors, booleans and text show as in the grid; a typed "\'#N/A" stays text', () => {
    const [cells] = previewCells({
      range: 'A1:E1',
      inputs: [['=1/0', "'#N/A", 'TRUE', '-3', '']],
      values: [['#DIV/0!', '#N/A', true, -3, null]],
      formats: [[{}, {}, {}, { numFmt: 'custom', numFmtCode: '0.0;[Red]-0.0' }, {}]],
    })
    expect(cells?.map((c) => c.text)).toEqual(['#DIV/0!', '#N/A', 'TRUE', '-3.0', ''])
    expect(cells?.[0]).toMatchObject({ error: true, centered: true, title: 'Division by zero.' })
    expect(cells?.[1]).toMatchObject({ error: false, centered: false, numeric: false })
    expect(cells?.[2]).toMatchObject({ centered: true })
    // A custom code's colour, as the grid draws it.
    expect(cells?.[3]?.style?.color).toBe('#ff0000')
  })

  it('a read without formats shows typed numbers as typed', () => {
    const [cells] = previewCells({
      range: 'A1:B1',
      inputs: [['1,200', '2025-12-10']],
      values: [[1200, 46001]],
    })
    expect(cells?.map((c) => c.text)).toEqual(['1,200', '2025-12-10'])
  })

  it('columns without a width of their own are the grid default', () => {
    const read = {
      range: 'A1:B1',
      inputs: [['', '']],
      values: [[null, null]],
      colWidths: [null, 40],
    }
    expect(previewColWidths(read, 3)).toEqual([100, 40, 100])
  })
})
