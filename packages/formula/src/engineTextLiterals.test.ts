import type { RawCellContent } from 'hyperformula'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createExcelEngine } from './engineConfig.js'
import { toEngineContent, type EngineSheets } from './engineFormula.js'

/**
 * Every text input reaches HyperFormula as a string literal (`'text`, `toEngineContent`).
 * Patched (`patches/hyperformula@3.5.0.patch`, `CellContentParser`), such a literal is taken as
 * text at once instead of being tried as a boolean, a formula, an error, a number and a date
 * first (none of which starts with an apostrophe): ~0.6 s of the first formula typed into a
 * 1,000,000-cell sheet. A literal must read exactly as it did, whether the sheet is built whole
 * or the cell is written on its own.
 */
const LITERALS = [
  "'1/2/2024",
  "'12",
  "'  5  ",
  "'TRUE",
  "'false",
  "'#N/A",
  "'=1+1",
  "'$5",
  "'5%",
  "'Jan 5 2024",
  "'12:30",
  "''x",
  "'",
  "'v123",
]

/** No other sheets: a text input never names one. */
const NO_SHEETS = {} as EngineSheets

function built(contents: RawCellContent[]): unknown[] {
  const hf = createExcelEngine({ Sheet1: [contents] })
  try {
    return contents.map((_, col) => hf.getCellValue({ sheet: 0, row: 0, col }))
  } finally {
    hf.destroy()
  }
}

function writtenOneByOne(contents: RawCellContent[]): unknown[] {
  const hf = createExcelEngine({ Sheet1: [[]] })
  try {
    contents.forEach((content, col) => hf.setCellContents({ sheet: 0, row: 0, col }, content))
    return contents.map((_, col) => hf.getCellValue({ sheet: 0, row: 0, col }))
  } finally {
    hf.destroy()
  }
}

describe('text literals in the engine (patched CellContentParser)', () => {
  it('reads a literal as the text after its apostrophe, built whole or written alone', () => {
    const expected = LITERALS.map((l) => l.slice(1))
    expect(built(LITERALS)).toEqual(expected)
    expect(writtenOneByOne(LITERALS)).toEqual(expected)
  })

  it('still reads what has no apostrophe as a number, a boolean, a date or an error', () => {
    const values = built(['12', 'TRUE', '1/2/2024', '#N/A', '5%'])
    expect(values.slice(0, 3)).toEqual([12, true, 45293])
    expect(values[3]).toMatchObject({ value: '#N/A' })
    expect(values[4]).toBe(0.05)
  })

  it('keeps every text input as the text the grid shows, and formulas see it as text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        // A text input as the grid stores it (`'` kept text that reads like a number or a date).
        const { content } = toEngineContent(`'${text}`, 'sheet', NO_SHEETS)
        const hf = createExcelEngine({ Sheet1: [[content as RawCellContent, '=ISTEXT(A1)']] })
        try {
          expect(hf.getCellValue({ sheet: 0, row: 0, col: 0 })).toBe(text)
          expect(hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toBe(true)
        } finally {
          hf.destroy()
        }
      }),
      { numRuns: 100 },
    )
  })
})
