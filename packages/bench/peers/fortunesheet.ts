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

// As FortuneSheet's docs open data: sheets with `celldata` (r, c, v) handed to <Workbook>.
const cells = requestedCells()
const celldata: Array<{ r: number; c: number; v: { v: string; m: string } }> = []
forEachSeededCell(cells, (r, c, v) => celldata.push({ r, c, v: { v, m: v } }))
const root = document.getElementById('app') as HTMLElement
const workbook = createRef<WorkbookInstance>()
createRoot(root).render(
  createElement(Workbook, {
    ref: workbook,
    data: [
      {
        name: 'Sheet1',
        celldata,
        row: Math.max(100, Math.ceil(cells / SEED_COLS)),
        column: 26,
      },
    ],
  }),
)
markOpenWhen(() => hasPaintedCanvas(root) && workbook.current?.getCellValue(0, 0) === 'v0')
