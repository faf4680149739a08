import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, initWorkbook } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { WorkbookFormulas, type LoadEngine } from '../formula/workbookFormulas'

const LOCAL = Object.freeze({ session: 'test' })

/** A sheet whose formula engine's code arrives only when `release` is called. */
function sheetWithHeldEngine() {
  let release = (): void => {}
  const arrived = new Promise<void>((resolve) => (release = resolve))
  const load: LoadEngine = () => arrived.then(() => import('../formula/formulaEngine'))
  const workbook = new Y.Doc()
  const { id } = initWorkbook(workbook, 'Book', 'sheet-1')
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  const formulas = new WorkbookFormulas(workbook, () => {}, {
    loadEngine: load,
    afterPaint: (fn) => fn(),
  })
  formulas.addSheet(id, doc)
  const sheet = new SheetSession(id, { doc, release() {} }, LOCAL, (layout) =>
    formulas.forSheet(id, layout),
  )
  return { sheet, release }
}

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
