import type { Cell, Worksheet } from 'exceljs'
import {
  fittedArrayFormula,
  shiftFormula,
  singleAsAt,
  withImplicitIntersection,
} from '@cellmate/formula'
import { resolveStructuredRefs, type XlsxTable } from './xlsxTables.js'

/**
 * The formula text of each cell of a worksheet, as Cellmate stores it typed. exceljs gives a
 * shared formula's other cells the master's text shifted by its own slide, which misses whole
 * columns and rows (`NPV(P1,C:C)` one column right stayed `C:C` or became `B:B`); here the
 * master's text is shifted with Cellmate's `shiftFormula`, as a fill would. An array formula
 * is kept in its top-left cell only, instead of the rest holding copies of the cached values
 * that would block its spill (#SPILL!). A dynamic array (its cell's `cm` metadata says so,
 * `xlsxDynamicArrays.ts`) spills as Excel 365's do; a legacy `{=…}` keeps its range whatever
 * its result's size (`fittedArrayFormula`). Every other formula is read as older Excel
 * computed it, with `@` where it took an implicit intersection (`withImplicitIntersection`):
 * Cellmate evaluates formulas as dynamic arrays, and `=A1:A10` would spill instead.
 */
export interface SheetFormulas {
  /** The typed formula of `cell` (`=…`), or undefined when it has none of its own. */
  formulaAt(cell: Cell): string | undefined
  /**
   * True for a cell inside the range of an array formula already read (rows are read top
   * down, so its top-left cell comes first), other than that top-left cell.
   */
  inArray(cell: Cell): boolean
}

interface FormulaValue {
  formula?: string
  sharedFormula?: string
  shareType?: string
  ref?: string
}

interface Area {
  top: number
  left: number
  bottom: number
  right: number
}

/**
 * Functions newer than Excel 2007 are saved as `_xlfn.NAME(` (`_xlfn._xlws.SORT(`), and LET
 * and LAMBDA names as `_xlpm.name`, a function's bare name given as a LAMBDA (`GROUPBY(…,SUM)`)
 * as `_xleta.SUM`; Cellmate knows them by their plain names.
 */
export function stripFuturePrefixes(formula: string): string {
  return formula.replace(/_xlfn\.(?:_xlws\.)?|_xlws\.|_xlpm\.|_xleta\./gi, '')
}

function areaOf(ws: Worksheet, ref: string): Area | undefined {
  const [from, to = from] = ref.split(':')
  if (!from) return undefined
  const a = ws.getCell(from)
  const b = ws.getCell(to as string)
  return {
    top: Math.min(+a.row, +b.row),
    left: Math.min(+a.col, +b.col),
    bottom: Math.max(+a.row, +b.row),
    right: Math.max(+a.col, +b.col),
  }
}

/** What the workbook tells about reading a sheet's formulas. */
export interface FormulaReading {
  /** The cells (`D1`) whose array formula is a dynamic array (`xlsxSanitize.ts`). */
  dynamicArrays?: ReadonlySet<string> | undefined
  /** The defined names (lower case) that are ranges of several cells (`rangeNames`). */
  rangeNames?: ReadonlySet<string>
}

/**
 * How a file's formula is read: as older Excel computed a plain formula, as a dynamic array,
 * or as a legacy array formula over `rows` x `cols` cells.
 */
type Reading = 'legacy' | 'dynamic' | { rows: number; cols: number }

/** A formula as typed, and whether it named a table (a structured reference, resolved). */
interface Typed {
  text: string
  table: boolean
}

/**
 * How to read a worksheet's formulas; `onTableRef` is told once per formula cell that named a
 * table (its structured references become ranges).
 */
export function sheetFormulas(
  ws: Worksheet,
  tables: readonly XlsxTable[] = [],
  onTableRef: () => void = () => {},
  { dynamicArrays = new Set(), rangeNames = new Set() }: FormulaReading = {},
): SheetFormulas {
  const isRangeName = (name: string): boolean => rangeNames.has(name.toLowerCase())
  const arrays: Area[] = []
  const masters = new Map<string, Typed | undefined>()

  /**
   * The typed text of the formula `text` of the cell at (row, col): prefixes gone (SINGLE shown
   * as `@`), read as `reading` says, tables resolved.
   */
  const typed = (text: string, row: number, col: number, reading: Reading): Typed => {
    const body = singleAsAt(stripFuturePrefixes(text))
    const read =
      reading === 'legacy'
        ? withImplicitIntersection(body, isRangeName)
        : reading === 'dynamic'
          ? body
          : fittedArrayFormula(body, reading.rows, reading.cols)
    const plain = `=${read}`
    const resolved = resolveStructuredRefs(plain, tables, { sheet: ws.name, row, col })
    return { text: resolved, table: resolved !== plain }
  }

  const masterText = (address: string): Typed | undefined => {
    if (!masters.has(address)) {
      const cell = ws.getCell(address)
      const value = cell.value as FormulaValue | null
      masters.set(
        address,
        value?.formula ? typed(value.formula, +cell.row, +cell.col, 'legacy') : undefined,
      )
    }
    return masters.get(address)
  }

  return {
    formulaAt(cell) {
      const value = cell.value as FormulaValue | null
      if (!value || typeof value !== 'object') return undefined
      if (value.formula) {
        let reading: Reading = 'legacy'
        if (value.shareType === 'array' && value.ref) {
          const area = areaOf(ws, value.ref)
          if (area) arrays.push(area)
          reading =
            dynamicArrays.has(cell.address) || !area
              ? 'dynamic'
              : { rows: area.bottom - area.top + 1, cols: area.right - area.left + 1 }
        }
        const own = typed(value.formula, +cell.row, +cell.col, reading)
        if (own.table) onTableRef()
        return own.text
      }
      if (value.sharedFormula) {
        const master = masterText(value.sharedFormula)
        if (master === undefined) return undefined
        if (master.table) onTableRef()
        const at = ws.getCell(value.sharedFormula)
        return shiftFormula(master.text, +cell.row - +at.row, +cell.col - +at.col)
      }
      return undefined
    },
    inArray(cell) {
      const row = +cell.row
      const col = +cell.col
      return arrays.some(
        (a) =>
          row >= a.top &&
          row <= a.bottom &&
          col >= a.left &&
          col <= a.right &&
          (row !== a.top || col !== a.left),
      )
    },
  }
}
