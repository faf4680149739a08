import type * as Y from 'yjs'
import {
  ConditionalFormatter,
  addConditionalFormat,
  deleteConditionalFormat,
  moveConditionalFormat,
  readConditionalFormats,
  todaySerial,
  updateConditionalFormat,
  type AxisPositions,
  type CellPosition,
  type ConditionalCellStyle,
  type ConditionalRule,
  type ConditionalSpec,
  type RangePosition,
} from '@cellmate/model'
import {
  ruleForDisplay,
  ruleForStorage,
  shiftFormula,
  type CellValue,
  type FormulaContext,
} from '@cellmate/formula'

/** What the conditional formats of a sheet read: its values and its custom formulas. */
export interface ConditionalFormatsHost {
  doc: Y.Doc
  /** The user's undo origin: rule edits are undone with the user's Ctrl+Z. */
  origin: object
  layout: AxisPositions
  /** How this sheet's formulas map to ids (rule formulas are stored anchored). */
  context(): FormulaContext
  value(row: number, col: number): CellValue
  /** A formula in A1 form evaluated on the sheet (null while the engine loads). */
  evaluate(formula: string): CellValue
}

/**
 * The conditional formats of one open sheet: the rules in priority order, the look of each
 * cell under them, and rule edits as the user's undoable steps. The look comes from one
 * `ConditionalFormatter` per set of rules and layout (dropped by `invalidate` when rules, rows
 * or columns change), told of changed values cell by cell (`valuesChanged`) so an edit updates
 * its range statistics instead of reading a 100,000-cell range again; the grid's per-frame
 * questions are answered from its cache. A `preview` (the rule being edited in the panel)
 * replaces or adds to the stored rules in this tab only.
 */
export class SheetConditionalFormats {
  private rulesRead: ConditionalRule[] | null = null
  private formatter: ConditionalFormatter | null = null
  private previewRule: ConditionalRule | null = null

  constructor(private readonly host: ConditionalFormatsHost) {}

  /** Forgets what was computed: the rules, rows or columns changed (or any value may have). */
  invalidate(): void {
    this.rulesRead = null
    this.formatter = null
  }

  /** Values at these cells changed: the formatter updates its statistics for them alone. */
  valuesChanged(cells: readonly CellPosition[]): void {
    if (cells.length > 0) this.formatter?.valuesChanged(cells)
  }

  /** The stored rules, in priority order (the first applies first), formulas in A1 form. */
  rules(): ConditionalRule[] {
    if (!this.rulesRead) {
      const ctx = this.host.context()
      this.rulesRead = readConditionalFormats(this.host.doc, this.host.layout).map((r) =>
        ruleForDisplay(r, ctx),
      )
    }
    return this.rulesRead
  }

  /** Shows `rule` in this tab instead of the stored rule with its id (or as a new one). */
  preview(rule: ConditionalRule | null): void {
    this.previewRule = rule
    this.formatter = null
  }

  /** How a cell looks under the rules; null when no rule changes it. */
  styleAt(row: number, col: number): ConditionalCellStyle | null {
    if (!this.formatter) {
      const rules = this.shownRules()
      if (rules.length === 0) return null
      this.formatter = new ConditionalFormatter(rules, {
        value: (r, c) => this.host.value(r, c),
        formula: (rule, r, c) =>
          rule.formula
            ? this.host.evaluate(
                shiftFormula(rule.formula, r - rule.range.start.row, c - rule.range.start.col),
              )
            : null,
        today: todaySerial(),
      })
    }
    return this.formatter.styleAt(row, col)
  }

  /** Adds a rule; its formula is typed in A1 form and stored anchored to ids. */
  add(range: RangePosition, spec: ConditionalSpec): string {
    const stored = ruleForStorage(spec, this.host.context(), range.start)
    return addConditionalFormat(this.host.doc, range, stored, { origin: this.host.origin })
  }

  /**
   * Changes a rule's spec and/or range. A formula keeps its text for the new range (as
   * typed, or as it reads now), read from the new range's top-left cell, as in Excel.
   */
  update(id: string, change: { spec?: ConditionalSpec; range?: RangePosition }): void {
    const old = this.rules().find((r) => r.id === id)
    const origin = (change.range ?? old?.range)?.start
    const typed = change.spec ?? (change.range ? old : undefined)
    const spec = typed && origin ? ruleForStorage(typed, this.host.context(), origin) : undefined
    updateConditionalFormat(this.host.doc, id, { ...change, spec }, this.host.origin)
  }

  move(id: string, index: number): void {
    moveConditionalFormat(this.host.doc, id, index, this.host.origin)
  }

  remove(id: string): void {
    deleteConditionalFormat(this.host.doc, id, this.host.origin)
  }

  private shownRules(): ConditionalRule[] {
    const stored = this.rules()
    const p = this.previewRule
    if (!p) return stored
    const at = stored.findIndex((r) => r.id === p.id)
    if (at < 0) return [p, ...stored]
    return stored.map((r, i) => (i === at ? p : r))
  }
}
