import { describe, expect, it } from 'vitest'
import { sheetWithHeldEngine } from './heldEngineSheet'

const B2_B3 = { start: { row: 1, col: 1 }, end: { row: 2, col: 1 } }

describe('custom validation rules while the formula engine loads', () => {
  it('a "reject input" rule cannot pass a value before the engine can check it', async () => {
    const { sheet, release } = sheetWithHeldEngine()
    sheet.write(1, 2, '10')
    sheet.validations.set(B2_B3, { kind: 'custom', formula: '=B2<=C2', strict: true })
    // Loading: `problem` lets the value through, so the editor must hold it.
    expect(sheet.validations.problem(1, 1, '15')).toBeNull()
    expect(sheet.validations.undecided(1, 1, '15')).toBe(true)
    expect(sheet.validations.undecided(1, 1, '')).toBe(false)
    let decided = false
    const wait = sheet.validations.whenDecidable().then(() => (decided = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(decided).toBe(false)
    release()
    await wait
    expect(sheet.validations.undecided(1, 1, '15')).toBe(false)
    expect(sheet.validations.problem(1, 1, '15')?.kind).toBe('custom')
    expect(sheet.validations.problem(1, 1, '5')).toBeNull()
  })

  it('a warning rule is never held: its value is kept and marked', () => {
    const { sheet } = sheetWithHeldEngine()
    sheet.write(1, 2, '10')
    sheet.validations.set(B2_B3, { kind: 'custom', formula: '=B2<=C2', strict: false })
    expect(sheet.validations.undecided(1, 1, '15')).toBe(false)
  })
})
