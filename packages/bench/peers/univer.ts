import { createUniver, LocaleType, mergeLocales } from '@univerjs/presets'
import { UniverSheetsCorePreset } from '@univerjs/presets/preset-sheets-core'
import sheetsCoreEnUS from '@univerjs/presets/preset-sheets-core/locales/en-US'
import 'univer-sheets-core.css'
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

type CellData = Record<number, Record<number, { v?: string | number; f?: string }>>

// As Univer's docs start a sheet: the sheets-core preset (which brings the formula engine),
// then a workbook from `IWorkbookData`, its size in the sheet's `rowCount` and `columnCount`.
const tall = requestedTallSheet()
const formulas = requestedFormulas()
const cells = requestedCells()
const cellData: CellData = {}
let rowCount: number
let columnCount = 26
if (tall !== null) {
  forEachTallCell(tall.rows, (r, v) => {
    cellData[r] = { 0: { v } }
  })
  rowCount = tall.rows
  columnCount = tall.cols
} else if (formulas === null) {
  forEachSeededCell(cells, (r, c, v) => {
    ;(cellData[r] ??= {})[c] = { v }
  })
  rowCount = Math.max(1000, Math.ceil(cells / SEED_COLS))
} else {
  // Formulas as the docs write them: `f` in A1 notation and no `v`, which the default
  // `initialFormulaComputing` (WHEN_EMPTY) computes on load.
  forEachFormulaRow(formulas, (r, input, formula) => {
    cellData[r] = { 0: { v: input }, 1: { f: formula } }
  })
  ;(cellData[0] as CellData[number])[2] = { f: TOTAL_FORMULA }
  rowCount = Math.max(1000, formulas)
}
const root = document.getElementById('app') as HTMLElement
const { univerAPI } = createUniver({
  locale: LocaleType.EN_US,
  locales: { [LocaleType.EN_US]: mergeLocales(sheetsCoreEnUS) },
  presets: [UniverSheetsCorePreset({ container: root })],
})
univerAPI.createWorkbook({
  id: 'bench',
  name: 'bench',
  sheetOrder: ['sheet1'],
  sheets: {
    sheet1: { id: 'sheet1', name: 'Sheet1', rowCount, columnCount, cellData },
  },
})
const sheet = () => univerAPI.getActiveWorkbook()?.getActiveSheet()
const valueAt = (address: string): unknown => sheet()?.getRange(address).getValue()
if (tall !== null) {
  markOpenWhen(() => hasPaintedCanvas(root) && valueAt('A1') === 'row 1')
  // The facade's scroll state and `scrollToCell` (no animation: duration left out).
  exposeScrolling(
    () => (sheet()?.getScrollState().sheetViewStartRow ?? -1) + 1,
    (fraction) => sheet()?.scrollToCell(jumpTarget(tall.rows, fraction), 0),
  )
} else if (formulas === null) {
  markOpenWhen(() => hasPaintedCanvas(root) && valueAt('A1') === 'v0')
} else {
  const total = formulaTotal(formulas)
  markOpenWhen(() => hasPaintedCanvas(root) && Number(valueAt('C1')) === total)
  exposeEdit(
    formulas,
    (value) => {
      sheet()?.getRange('A2').setValue(value)
    },
    (expected) => Number(valueAt('C1')) === expected,
  )
}
