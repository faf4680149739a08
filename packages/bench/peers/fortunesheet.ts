import { createElement, createRef } from 'react'
import { createRoot } from 'react-dom/client'
import { Workbook, type WorkbookInstance } from '@fortune-sheet/react'
import '@fortune-sheet/react/dist/index.css'
import {
  SEED_COLS,
  forEachSeededCell,
  hasPaintedCanvas,
  markOpenWhen,
  requestedCells,
} from './seededData'
import {
  TOTAL_FORMULA,
  exposeEdit,
  forEachFormulaRow,
  formulaTotal,
  requestedFormulas,
} from './formulaSheet'

interface CellDatum {
  r: number
  c: number
  v: { v?: string | number; m?: string; f?: string; ct?: { fa: string; t: string } }
}

// As FortuneSheet's docs open data: sheets with `celldata` (r, c, v) handed to <Workbook>.
const formulas = requestedFormulas()
const cells = requestedCells()
const celldata: CellDatum[] = []
let rows: number
if (formulas === null) {
  forEachSeededCell(cells, (r, c, v) => celldata.push({ r, c, v: { v, m: v } }))
  rows = Math.max(100, Math.ceil(cells / SEED_COLS))
} else {
  const number = { fa: 'General', t: 'n' }
  celldata.push({ r: 0, c: 2, v: { f: TOTAL_FORMULA } })
  forEachFormulaRow(formulas, (r, input, formula) => {
    celldata.push({ r, c: 0, v: { v: input, m: String(input), ct: number } })
    celldata.push({ r, c: 1, v: { f: formula } })
  })
  rows = Math.max(100, formulas)
}
const root = document.getElementById('app') as HTMLElement
const workbook = createRef<WorkbookInstance>()
createRoot(root).render(
  createElement(Workbook, {
    ref: workbook,
    data: [{ id: 'sheet1', name: 'Sheet1', celldata, row: rows, column: 26 }],
  }),
)
if (formulas === null) {
  markOpenWhen(() => hasPaintedCanvas(root) && workbook.current?.getCellValue(0, 0) === 'v0')
} else {
  const total = formulaTotal(formulas)
  const c1 = (): number => Number(workbook.current?.getCellValue(0, 2))
  // FortuneSheet does not compute formulas on load (it shows `v` as given and only records the
  // `calcChain`); its API's `calculateFormula` does, walking the range row by row without
  // ordering by dependencies, so column B goes first and then C1, whose SUM reads B's values.
  const computeOnMount = (): void => {
    const book = workbook.current
    if (!book || !hasPaintedCanvas(root)) {
      requestAnimationFrame(computeOnMount)
      return
    }
    book.calculateFormula('sheet1', { row: [0, formulas - 1], column: [1, 1] })
    book.calculateFormula('sheet1', { row: [0, 0], column: [2, 2] })
  }
  requestAnimationFrame(computeOnMount)
  markOpenWhen(() => hasPaintedCanvas(root) && c1() === total)
  // No API write here: `setCellValue` stores a value without recomputing its dependents (only
  // the cell editor's commit, `updateCell`, runs `execFunctionGroup`), so the bench types the
  // new value into A2 as a user does.
  exposeEdit(formulas, null, (expected) => c1() === expected)
}
