import type * as Y from 'yjs'
import {
  deleteValidation,
  parseRange,
  passesValidation,
  readValidations,
  setValidation,
  validationAt,
  type RangePosition,
  type SheetLayout,
  type ValidationCriteria,
  type ValidationRule,
} from '@cellmate/model'
import {
  customRuleFormula,
  customRulePasses,
  ruleForDisplay,
  ruleForStorage,
  type CellValue,
  type FormulaContext,
} from '@cellmate/formula'

/** What the rules of one open sheet read from it. */
export interface ValidationHost {
  readonly doc: Y.Doc
  readonly layout: SheetLayout
  /** The user's undo origin: a rule added or removed is one undo step of theirs. */
  readonly origin: object
  /** A cell's value as shown (formulas: their result). */
  shown(row: number, col: number): string
  /** How this sheet's formulas map to ids (rules store their formulas and sources anchored). */
  context(): FormulaContext
  /** A formula (A1 form) evaluated on this sheet now; undefined while no engine runs. */
  calculate(formula: string): CellValue | undefined
  /** Resolves once `calculate` can answer, or never will (the engine failed to load). */
  whenCalculable(): Promise<void>
}

/** Most cells of a source range a dropdown lists (Excel caps a list at 32,767 characters). */
const MAX_SOURCE_CELLS = 10_000

/**
 * The data validation rules of one open sheet: read once per change of the rules or of the
 * rows and columns (the caller says when, `invalidate`), the rule of a cell, the values a
 * dropdown offers and whether a value passes, custom formulas included.
 */
export class SheetValidations {
  private rules: ValidationRule[] | null = null

  constructor(private readonly host: ValidationHost) {}

  /** Forgets the rules read; they are read again when next needed. */
  invalidate(): void {
    this.rules = null
  }

  /** Every rule of the sheet, in id order, formulas and list sources in A1 form. */
  all(): readonly ValidationRule[] {
    if (!this.rules) {
      const ctx = this.host.context()
      this.rules = readValidations(this.host.doc, this.host.layout).map((r) =>
        ruleForDisplay(r, ctx),
      )
    }
    return this.rules
  }

  /** The rule of a cell, or null. */
  at(row: number, col: number): ValidationRule | null {
    const rules = this.all()
    return rules.length === 0 ? null : validationAt(rules, row, col)
  }

  /** The rules that share a cell with `range` (what the editor shows for a selection). */
  overlapping(range: RangePosition): ValidationRule[] {
    return this.all().filter(
      ({ range: r }) =>
        r.start.row <= range.end.row &&
        r.end.row >= range.start.row &&
        r.start.col <= range.end.col &&
        r.end.col >= range.start.col,
    )
  }

  /** The values a list rule offers (its items, or its source range's current values). */
  choices(rule: ValidationRule): string[] {
    if (rule.kind === 'list') return [...(rule.items ?? [])]
    if (rule.kind !== 'listRange') return []
    const range = parseRange((rule.source ?? '').replace(/\$/g, ''))
    if (!range) return []
    const { layout } = this.host
    const out: string[] = []
    const seen = new Set<string>()
    const lastRow = Math.min(range.end.row, layout.rowCount - 1)
    const lastCol = Math.min(range.end.col, layout.colCount - 1)
    let cells = 0
    for (let r = range.start.row; r <= lastRow && cells < MAX_SOURCE_CELLS; r++) {
      for (let c = range.start.col; c <= lastCol; c++, cells++) {
        const v = this.host.shown(r, c)
        if (v === '' || seen.has(v)) continue
        seen.add(v)
        out.push(v)
      }
    }
    return out
  }

  /**
   * The rule `input` breaks in a cell, or null when it passes or no rule applies. A custom
   * rule passes while the formula engine is still loading (it cannot say yet).
   */
  problem(row: number, col: number, input: string): ValidationRule | null {
    const rule = this.at(row, col)
    if (!rule) return null
    if (rule.kind === 'custom') {
      if (input.trim() === '') return null
      const formula = customRuleFormula(rule.formula ?? '', rule.range.start, { row, col }, input)
      const result = this.host.calculate(formula)
      return result === undefined || customRulePasses(result) ? null : rule
    }
    const listValues = rule.kind === 'listRange' ? this.choices(rule) : undefined
    return passesValidation(rule, input, { listValues }) ? null : rule
  }

  /**
   * Whether `input` meets a "reject input" custom rule in a cell that cannot be checked yet:
   * the formula engine is still loading (`problem` lets it pass meanwhile). The editor holds
   * such a value until `whenDecidable`, so a value the rule refuses is never written.
   */
  undecided(row: number, col: number, input: string): boolean {
    const rule = this.at(row, col)
    if (!rule || rule.kind !== 'custom' || !rule.strict || input.trim() === '') return false
    const formula = customRuleFormula(rule.formula ?? '', rule.range.start, { row, col }, input)
    return this.host.calculate(formula) === undefined
  }

  /** Resolves once custom rules can be checked, or never can (the engine failed to load). */
  whenDecidable(): Promise<void> {
    return this.host.whenCalculable()
  }

  /**
   * Adds a rule on a range (or replaces rule `id`), as one undo step; returns its id. Its
   * formula and list source are typed in A1 form and stored anchored to ids, so they follow
   * inserts, deletes and moves as the range does. A new
   * rule replaces the rules lying wholly inside its range, as in Google Sheets; rules that
   * only overlap it stay, and the newest applies where they meet (see `newValidationId`).
   */
  set(range: RangePosition, criteria: ValidationCriteria, id?: string): string {
    const { doc, origin } = this.host
    const inside = id
      ? []
      : this.overlapping(range).filter(
          ({ range: r }) =>
            r.start.row >= range.start.row &&
            r.end.row <= range.end.row &&
            r.start.col >= range.start.col &&
            r.end.col <= range.end.col,
        )
    let saved = ''
    doc.transact(() => {
      const stored = ruleForStorage(criteria, this.host.context(), range.start)
      saved = setValidation(doc, range, stored, origin, id)
      for (const old of inside) deleteValidation(doc, old.id, origin)
    }, origin)
    return saved
  }

  /** Removes a rule, as one undo step. */
  remove(id: string): void {
    deleteValidation(this.host.doc, id, this.host.origin)
  }
}
