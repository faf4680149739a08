import { describe, expect, it } from 'vitest'
import type { SheetSession } from '../sync/sheetSession'
import { sheetWithHeldEngine } from './heldEngineSheet'
import { writeUnlessRefused } from './writeUnlessRefused'

const B2_B9 = { start: { row: 1, col: 1 }, end: { row: 8, col: 1 } }

/** Writes `values` down column B from B2 as a paste would, and says what became of it. */
function paste(sheet: SheetSession, values: string[]): string | null {
  const edits = values.map((value, i) => ({ row: 1 + i, col: 1, value }))
  let refused: string | null = null
  writeUnlessRefused(
    sheet.validations,
    edits,
    'pasted',
    () => sheet.writeBlock(edits),
    (message) => (refused = message),
  )
  return refused
}

describe('a paste or fill into cells with a validation rule', () => {
  it('a "reject input" list refuses the whole write, naming the first cell, as typing and REST do', () => {
    const { sheet } = sheetWithHeldEngine({ rows: 20, cols: 5 })
    sheet.validations.set(B2_B9, { kind: 'list', items: ['Open', 'Done'], strict: true })
    expect(paste(sheet, ['Open', 'Whatever', 'Done'])).toMatch(/^Nothing was pasted\. B3: /)
    expect([sheet.read(1, 1), sheet.read(2, 1), sheet.read(3, 1)]).toEqual(['', '', ''])
    // Allowed values, empty cells and formulas go in.
    expect(paste(sheet, ['Open', '', '=1+1', 'Done'])).toBeNull()
    expect([sheet.read(1, 1), sheet.read(4, 1)]).toEqual(['Open', 'Done'])
  })

  it("the rule's own message is shown with the cell it refused", () => {
    const { sheet } = sheetWithHeldEngine({ rows: 20, cols: 5 })
    sheet.validations.set(B2_B9, {
      kind: 'list',
      items: ['Open', 'Done'],
      strict: true,
      message: 'Pick Open or Done',
    })
    expect(paste(sheet, ['Zzz'])).toBe('Nothing was pasted. B2: Pick Open or Done')
  })

  it('a "show a warning" rule lets the values in', () => {
    const { sheet } = sheetWithHeldEngine({ rows: 20, cols: 5 })
    sheet.validations.set(B2_B9, { kind: 'list', items: ['Open', 'Done'], strict: false })
    expect(paste(sheet, ['Maybe'])).toBeNull()
    expect(sheet.read(1, 1)).toBe('Maybe')
  })

  it('a custom "reject input" rule holds the write until the formula engine can check it', async () => {
    const { sheet, release } = sheetWithHeldEngine({ rows: 20, cols: 5 })
    sheet.write(1, 2, '10')
    sheet.validations.set(B2_B9, { kind: 'custom', formula: '=B2<=C2', strict: true })
    let refused: string | null = null
    let written = false
    const edits = [{ row: 1, col: 1, value: '15' }]
    writeUnlessRefused(
      sheet.validations,
      edits,
      'filled',
      () => {
        written = true
        sheet.writeBlock(edits)
      },
      (message) => (refused = message),
    )
    expect([written, refused]).toEqual([false, null])
    release()
    await sheet.validations.whenDecidable()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(written).toBe(false)
    expect(refused).toMatch(/^Nothing was filled\. B2: /)
    expect(sheet.read(1, 1)).toBe('')
  })
})
