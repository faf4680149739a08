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

// As Univer's docs start a sheet: the sheets-core preset, then a workbook from `IWorkbookData`.
const cells = requestedCells()
const cellData: Record<number, Record<number, { v: string }>> = {}
forEachSeededCell(cells, (r, c, v) => {
  ;(cellData[r] ??= {})[c] = { v }
})
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
    sheet1: {
      id: 'sheet1',
      name: 'Sheet1',
      rowCount: Math.max(1000, Math.ceil(cells / SEED_COLS)),
      columnCount: 26,
      cellData,
    },
  },
})
markOpenWhen(
  () =>
    hasPaintedCanvas(root) &&
    univerAPI.getActiveWorkbook()?.getActiveSheet().getRange('A1').getValue() === 'v0',
)
