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
import { exposeScrolling, forEachTallCell, jumpTarget, requestedTallSheet } from './tallSheet'

interface CellDatum {
  r: number
  c: number
  v: { v?: string | number; m?: string; f?: string; ct?: { fa: string; t: string } }
}

// As FortuneSheet's docs open data: sheets with `celldata` (r, c, v) handed to <Workbook>,
// their size in the sheet's `row` and `column`.
const tall = requestedTallSheet()
const formulas = requestedFormulas()
const cells = requestedCells()
const celldata: CellDatum[] = []
let rows: number
let columns = 26
if (tall !== null) {
  forEachTallCell(tall.rows, (r, v) => celldata.push({ r, c: 0, v: { v, m: v } }))
  rows = tall.rows
  columns = tall.cols
} else if (formulas === null) {
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
    data: [{ id: 'sheet1', name: 'Sheet1', celldata, row: rows, column: columns }],
  }),
)
if (tall !== null) {
  markOpenWhen(() => hasPaintedCanvas(root) && workbook.current?.getCellValue(0, 0) === 'row 1')
  // The API's `scroll` sets the scrollTop of FortuneSheet's own vertical scrollbar (where each
  // row takes its height + 1 px of grid line) and has no getter, so the top row is read back
  // from that scrollbar with the API's row height (every row has the default one here).
  exposeScrolling(
    () => {
      const scrollTop = root.querySelector('.luckysheet-scrollbar-y')?.scrollTop ?? 0
      const pitch = (workbook.current?.getRowHeight([0])[0] ?? 19) + 1
      return Math.floor(scrollTop / pitch) + 1
    },
    (fraction) => workbook.current?.scroll({ targetRow: jumpTarget(tall.rows, fraction) }),
  )
} else if (formulas === null) {
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
