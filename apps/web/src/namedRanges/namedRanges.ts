import type { DefinedName, RangePosition } from '@cellmate/model'
import {
  formatA1Reference,
  isFormula,
  resolveReference,
  tokenize,
  toDisplayFormula,
  type AxisLookup,
  type FormulaContext,
} from '@cellmate/formula'

/** A defined name as the panel, the name box and autocomplete show it. */
export interface NamedRangeView extends DefinedName {
  /** What it refers to, in A1 form without `=`: `Sheet1!$B$2:$B$9`, `0.2`. */
  refersTo: string
  /** The sheet a local name belongs to, by name; null for a workbook name. */
  sheetName: string | null
}

/** Where a named range is now: its sheet and cells. */
export interface NamedRangeTarget {
  sheetId: string
  range: RangePosition
}

/** The names as shown, their formulas in A1 form for the current layout (`ctx` of any sheet). */
export function namedRangeViews(
  names: readonly DefinedName[],
  ctx: FormulaContext,
  sheetName: (id: string) => string | undefined,
): NamedRangeView[] {
  return names.map((n) => ({
    ...n,
    refersTo: toDisplayFormula(n.formula, ctx).slice(1),
    sheetName: n.scope === null ? null : (sheetName(n.scope) ?? null),
  }))
}

/**
 * The cells a name refers to when it is one range of cells (`Sheet1!$B$2:$B$9`, a whole
 * column reaching `rows` rows); null for a constant, a formula, or a range that is gone.
 */
export function rangeOfName(
  stored: string,
  layout: (sheetId: string) => (AxisLookup & { rowCount: number; colCount: number }) | undefined,
): NamedRangeTarget | null {
  if (!isFormula(stored)) return null
  const tokens = tokenize(stored.slice(1), 'stored').filter((t) => t.type !== 'space')
  const only = tokens[0]
  if (tokens.length !== 1 || only?.type !== 'anchored' || only.ref.sheetId === null) return null
  const resolved = resolveReference(only.ref, only.ref.sheetId, layout)
  const axes = layout(only.ref.sheetId)
  if (!resolved || !axes) return null
  const { rows, cols } = resolved.area
  const r0 = rows ? Math.min(rows.start.at, rows.end.at) : 0
  const r1 = rows ? Math.max(rows.start.at, rows.end.at) : axes.rowCount - 1
  const c0 = cols ? Math.min(cols.start.at, cols.end.at) : 0
  const c1 = cols ? Math.max(cols.start.at, cols.end.at) : axes.colCount - 1
  return {
    sheetId: resolved.sheetId,
    range: { start: { row: r0, col: c0 }, end: { row: r1, col: c1 } },
  }
}

/** A selection as a name's formula, absolute and on its sheet: `'My sheet'!$A$1:$B$3`. */
export function selectionReference(sheetName: string, range: RangePosition): string {
  const single = range.start.row === range.end.row && range.start.col === range.end.col
  const span = (a: number, b: number) => ({
    start: { at: Math.min(a, b), abs: true },
    end: { at: Math.max(a, b), abs: true },
  })
  return formatA1Reference({
    sheet: sheetName,
    area: {
      isRange: !single,
      rows: span(range.start.row, range.end.row),
      cols: span(range.start.col, range.end.col),
    },
  })
}

/** A name for a new range that is free: `Range1`, `Range2`, … (ignoring case). */
export function nextRangeName(names: readonly DefinedName[]): string {
  const taken = new Set(names.map((n) => n.name.toLowerCase()))
  for (let n = 1; ; n++) if (!taken.has(`range${n}`)) return `Range${n}`
}
