import type { Cell, Worksheet } from 'exceljs'
import { shiftFormula } from '@cellmate/formula'
import { resolveStructuredRefs, type XlsxTable } from './xlsxTables.js'

/**
 * The formula text of each cell of a worksheet, as Cellmate stores it typed. exceljs gives a
 * shared formula's other cells the master's text shifted by its own slide, which misses whole
 * columns and rows (`NPV(P1,C:C)` one column right stayed `C:C` or became `B:B`); here the
 * master's text is shifted with Cellmate's `shiftFormula`, as a fill would. An array formula
 * (a CSE array or a dynamic array Excel saved with its spill range) is kept in its top-left
 * cell only: the engine spills it over the rest, as Excel does, instead of the rest holding
 * copies of the cached values that would block the spill (#SPILL!). A dynamic array differs
 * from a CSE one in the file only by its cell's `cm` metadata (`xlsxDynamicArrays.ts`), which
 * is not read: Cellmate evaluates every formula as a dynamic array.
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
 * and LAMBDA names as `_xlpm.name`; Cellmate knows them by their plain names.
 */
export function stripFuturePrefixes(formula: string): string {
  return formula.replace(/_xlfn\.(?:_xlws\.)?|_xlws\.|_xlpm\./gi, '')
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
): SheetFormulas {
  const arrays: Area[] = []
  const masters = new Map<string, Typed | undefined>()

  /** The typed text of the formula `text` of the cell at (row, col): prefixes gone, tables resolved. */
  const typed = (text: string, row: number, col: number): Typed => {
    const plain = `=${stripFuturePrefixes(text)}`
    const resolved = resolveStructuredRefs(plain, tables, { sheet: ws.name, row, col })
    return { text: resolved, table: resolved !== plain }
  }

  const masterText = (address: string): Typed | undefined => {
    if (!masters.has(address)) {
      const cell = ws.getCell(address)
      const value = cell.value as FormulaValue | null
      masters.set(address, value?.formula ? typed(value.formula, +cell.row, +cell.col) : undefined)
    }
    return masters.get(address)
  }

  return {
    formulaAt(cell) {
      const value = cell.value as FormulaValue | null
      if (!value || typeof value !== 'object') return undefined
      if (value.formula) {
        if (value.shareType === 'array' && value.ref) {
          const area = areaOf(ws, value.ref)
          if (area) arrays.push(area)
        }
        const own = typed(value.formula, +cell.row, +cell.col)
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
