import type { CellPosition } from './a1.js'
import { RangeStats, textKey } from './conditionalFormatStats.js'
import type { ConditionalRule, ConditionalStyle } from './conditionalFormats.js'

/**
 * Evaluating conditional formats on computed values. A `ConditionalFormatter` is made for one
 * set of rules: whatever a rule needs from its whole range (the lowest and highest number, the
 * top-N threshold, the mean, which values repeat) is read once, the first time a cell of that
 * rule is asked about (`RangeStats`), and every cell's answer is kept. The grid asks for each
 * visible cell on every frame, so scrolling costs a map lookup per cell. When values change
 * the caller says which cells (`valuesChanged`): the range facts are updated for those cells
 * alone and cell answers are worked out again as they are asked for, so an edit in a
 * 100,000-cell range costs the visible cells, not the range. New rules, or rows and columns
 * moving, need a new formatter.
 */

/** Excel's default colour of a data bar's negative part. */
export const NEGATIVE_BAR_COLOR = '#ff0000'

/** What a cell looks like under the rules: a rule format, plus a data bar. */
export interface ConditionalCellStyle extends ConditionalStyle {
  /**
   * A data bar, drawn from `start` to `end` (fractions of the cell's width, 0..1). With
   * negative values in the range the bars grow from an axis at zero's place between the
   * lowest and the highest value (`axis`, a fraction too): negative bars to its left in their
   * own colour, as Excel draws them.
   */
  bar?: { color: string; start: number; end: number; axis?: number }
}

/** Where a formatter reads values from. */
export interface ConditionalSource {
  /**
   * The computed value at a position: a number, text, boolean, null for an empty cell, or
   * anything else for an error (which no rule matches).
   */
  value(row: number, col: number): unknown
  /**
   * A `formula` rule's result at a cell (the caller shifts the formula's relative references
   * from the range's top-left cell to this one); TRUE or a non-zero number matches.
   */
  formula?(rule: ConditionalRule, row: number, col: number): unknown
  /** Today as a serial day number (`serialDay`). */
  today: number
}

/** Excel's serial day of a `yyyy-mm-dd` date (days since 1899-12-30). */
export function serialDay(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000
}

/** Today (local calendar date) as a serial day. */
export function todaySerial(now: Date = new Date()): number {
  return serialDay(now.getFullYear(), now.getMonth() + 1, now.getDate())
}

function dateSerial(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  return m ? serialDay(Number(m[1]), Number(m[2]), Number(m[3])) : null
}

/** The text of a value as rules compare it (numbers as written, booleans as TRUE/FALSE). */
function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.toLowerCase()
  if (typeof v === 'number') return String(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return null
}

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** The colour a fraction `t` (0..1) of the way from `a` to `b`. */
export function mixColors(a: string, b: string, t: number): string {
  const x = hexRgb(a)
  const y = hexRgb(b)
  const c = x.map((v, i) => Math.round(v + (y[i]! - v) * Math.min(1, Math.max(0, t))))
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`
}

function inRange(rule: ConditionalRule, row: number, col: number): boolean {
  const { start, end } = rule.range
  return row >= start.row && row <= end.row && col >= start.col && col <= end.col
}

/** Past this share of a range changed at once, reading it again is cheaper than updating. */
const REREAD_SHARE = 1 / 8

export class ConditionalFormatter {
  private readonly stats = new Map<string, RangeStats>()
  private readonly cells = new Map<number, ConditionalCellStyle | null>()
  /** Cells whose values changed since the range facts were last brought up to date. */
  private changed: CellPosition[] = []

  constructor(
    readonly rules: readonly ConditionalRule[],
    private readonly source: ConditionalSource,
  ) {}

  /**
   * Values at these cells changed (computed values: an edited cell and the formulas that
   * depend on it). Nothing is read now: the next question brings the range facts up to date
   * from the source, so a cell reported twice, or one whose value came back, costs nothing.
   */
  valuesChanged(cells: Iterable<CellPosition>): void {
    if (this.rules.length === 0) return
    this.cells.clear()
    if (this.stats.size === 0) return
    for (const cell of cells) this.changed.push({ row: cell.row, col: cell.col })
  }

  /** The cell's conditional look, or null when no rule changes it. */
  styleAt(row: number, col: number): ConditionalCellStyle | null {
    if (this.rules.length === 0) return null
    if (this.changed.length > 0) this.applyChanges()
    const key = row * 20_000 + col
    const known = this.cells.get(key)
    if (known !== undefined) return known
    const style = this.evaluate(row, col)
    if (this.cells.size > 200_000) this.cells.clear()
    this.cells.set(key, style)
    return style
  }

  private evaluate(row: number, col: number): ConditionalCellStyle | null {
    let out: ConditionalCellStyle | null = null
    for (const rule of this.rules) {
      if (!inRange(rule, row, col)) continue
      const look = this.ruleLook(rule, row, col)
      if (!look) continue
      out ??= {}
      for (const [k, v] of Object.entries(look) as Array<[keyof ConditionalCellStyle, never]>) {
        if (out[k] === undefined) out[k] = v
      }
      if (rule.stopIfTrue) break
    }
    return out
  }

  /** What one rule does to a cell; null when it does not match. */
  private ruleLook(rule: ConditionalRule, row: number, col: number): ConditionalCellStyle | null {
    const value = this.source.value(row, col)
    switch (rule.kind) {
      case 'colorScale': {
        if (typeof value !== 'number') return null
        const fill = this.scaleColor(rule, value)
        return fill ? { fill } : null
      }
      case 'dataBar':
        return typeof value === 'number' ? { bar: this.dataBar(rule, value) } : null
      default:
        return this.matches(rule, value, row, col) ? (rule.style ?? null) : null
    }
  }

  private matches(rule: ConditionalRule, value: unknown, row: number, col: number): boolean {
    switch (rule.kind) {
      case 'cellValue':
        return matchesValue(rule, value)
      case 'text': {
        const text = textOf(value)
        const needle = String(rule.value ?? '').toLowerCase()
        if (text === null) return false
        if (rule.op === 'contains') return text.includes(needle)
        if (rule.op === 'notContains') return !text.includes(needle)
        if (rule.op === 'startsWith') return text.startsWith(needle)
        return text.endsWith(needle)
      }
      case 'date':
        return typeof value === 'number' && matchesDate(rule, Math.floor(value), this.source.today)
      case 'duplicates':
      case 'unique': {
        const key = textKey(value)
        if (key === null) return false
        const n = this.statsOf(rule).counts?.get(key) ?? 0
        return rule.kind === 'duplicates' ? n > 1 : n === 1
      }
      case 'topBottom': {
        if (typeof value !== 'number') return false
        const bottom = rule.op === 'bottom'
        const at = this.statsOf(rule).threshold(bottom, rule.count ?? 10, rule.percent === true)
        return bottom ? value <= at : value >= at
      }
      case 'average': {
        if (typeof value !== 'number') return false
        const mean = this.statsOf(rule).mean
        if (Number.isNaN(mean)) return false
        if (rule.op === 'above') return value > mean
        if (rule.op === 'aboveOrEqual') return value >= mean
        if (rule.op === 'below') return value < mean
        return value <= mean
      }
      case 'formula': {
        const result = this.source.formula?.(rule, row, col)
        return result === true || (typeof result === 'number' && result !== 0)
      }
      default:
        return false
    }
  }

  private scaleColor(rule: ConditionalRule, value: number): string | null {
    const colors = rule.colors ?? []
    const { min: lo, max: hi } = this.statsOf(rule)
    if (lo === undefined || hi === undefined || colors.length < 2) return null
    if (hi === lo) return colors[colors.length - 1]!
    if (colors.length === 2) return mixColors(colors[0]!, colors[1]!, (value - lo) / (hi - lo))
    const mid = lo + (hi - lo) / 2
    return value <= mid
      ? mixColors(colors[0]!, colors[1]!, (value - lo) / (mid - lo))
      : mixColors(colors[1]!, colors[2]!, (value - mid) / (hi - mid))
  }

  /**
   * A bar's extent in its cell. Bars are measured from the lowest value or zero, whichever is
   * lower, to the highest or zero, whichever is higher (Excel's automatic minimum and maximum),
   * so with only positive values bars start at the cell's left edge.
   */
  private dataBar(rule: ConditionalRule, value: number): NonNullable<ConditionalCellStyle['bar']> {
    const { min = 0, max = 0 } = this.statsOf(rule)
    const lo = Math.min(0, min)
    const hi = Math.max(0, max)
    const span = hi - lo
    const axis = span > 0 ? -lo / span : 0
    const at = span > 0 ? (Math.min(hi, Math.max(lo, value)) - lo) / span : 1
    const color = rule.barColor ?? '#638ec6'
    if (lo === 0) return { color, start: 0, end: at }
    return value < 0
      ? { color: rule.negativeColor ?? NEGATIVE_BAR_COLOR, start: at, end: axis, axis }
      : { color, start: axis, end: at, axis }
  }

  /** The rule's range facts: read once, then kept up to date by `valuesChanged`. */
  private statsOf(rule: ConditionalRule): RangeStats {
    if (this.changed.length > 0) this.applyChanges()
    const known = this.stats.get(rule.id)
    if (known) return known
    const counting = rule.kind === 'duplicates' || rule.kind === 'unique'
    const stats = RangeStats.read(rule.range, counting, (r, c) => this.source.value(r, c))
    this.stats.set(rule.id, stats)
    return stats
  }

  private applyChanges(): void {
    const changed = this.changed
    this.changed = []
    for (const rule of this.rules) {
      const stats = this.stats.get(rule.id)
      if (!stats) continue
      const inside = changed.filter((p) => inRange(rule, p.row, p.col))
      if (inside.length > stats.size * REREAD_SHARE) {
        this.stats.delete(rule.id)
        continue
      }
      for (const p of inside) stats.update(p.row, p.col, this.source.value(p.row, p.col))
    }
  }
}

function compareOp(op: string | undefined, x: number, a: number, b: number): boolean {
  switch (op) {
    case 'gt':
      return x > a
    case 'gte':
      return x >= a
    case 'lt':
      return x < a
    case 'lte':
      return x <= a
    case 'eq':
      return x === a
    case 'neq':
      return x !== a
    case 'between':
      return x >= Math.min(a, b) && x <= Math.max(a, b)
    case 'notBetween':
      return x < Math.min(a, b) || x > Math.max(a, b)
    default:
      return false
  }
}

/** A cell value against a `cellValue` rule: numbers with numbers, text with text (no case). */
function matchesValue(rule: ConditionalRule, value: unknown): boolean {
  if (typeof rule.value === 'number') {
    return (
      typeof value === 'number' &&
      compareOp(rule.op, value, rule.value, Number(rule.value2 ?? rule.value))
    )
  }
  const text = textOf(value)
  if (text === null || value === null || rule.value === undefined) return false
  const cmp = text.localeCompare(rule.value.toLowerCase())
  return compareOp(rule.op, cmp, 0, 0)
}

function matchesDate(rule: ConditionalRule, day: number, today: number): boolean {
  switch (rule.op) {
    case 'today':
      return day === today
    case 'yesterday':
      return day === today - 1
    case 'tomorrow':
      return day === today + 1
    case 'last7Days':
      return day <= today && day > today - 7
    case 'before':
    case 'after': {
      const at = dateSerial(String(rule.value))
      if (at === null) return false
      return rule.op === 'before' ? day < at : day > at
    }
    default:
      return false
  }
}
