import type * as Y from 'yjs'
import {
  deleteValidation,
  parseListSource,
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
  toDisplayListSource,
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
  /**
   * A cell of another sheet as shown, for a list from a range there (`Lists!$A$1:$A$9`);
   * undefined past its end or when it is not loaded.
   */
  shownOn(sheetId: string, row: number, col: number): string | undefined
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
  /** Stored list sources on another sheet, by rule id: shown afresh (`fresh`). */
  private otherSheetSources = new Map<string, string>()

  constructor(private readonly host: ValidationHost) {}

  /** Forgets the rules read; they are read again when next needed. */
  invalidate(): void {
    this.rules = null
  }

  /** Every rule of the sheet, in id order, formulas and list sources in A1 form. */
  all(): readonly ValidationRule[] {
    if (!this.rules) {
      const ctx = this.host.context()
      const stored = readValidations(this.host.doc, this.host.layout)
      this.otherSheetSources = new Map(
        stored.flatMap((r) =>
          r.kind === 'listRange' && r.source?.includes('{s:') ? [[r.id, r.source]] : [],
        ),
      )
      this.rules = stored.map((r) => ruleForDisplay(r, ctx))
    }
    return this.rules
  }

  /**
   * A rule with its list source shown for the other sheet's rows now: rows inserted there
   * change no document of this sheet, so `all` may hold the source as it was.
   */
  private fresh(rule: ValidationRule): ValidationRule {
    const stored = this.otherSheetSources.get(rule.id)
    if (stored === undefined) return rule
    const source = toDisplayListSource(stored, this.host.context())
    return source === rule.source ? rule : { ...rule, source }
  }

  /** The rule of a cell, or null. */
  at(row: number, col: number): ValidationRule | null {
    const rules = this.all()
    return rules.length === 0 ? null : validationAt(rules, row, col)
  }

  /** The rules that share a cell with `range` (what the editor shows for a selection). */
  overlapping(range: RangePosition): ValidationRule[] {
    return this.all()
      .filter(
        ({ range: r }) =>
          r.start.row <= range.end.row &&
          r.end.row >= range.start.row &&
          r.start.col <= range.end.col &&
          r.end.col >= range.start.col,
      )
      .map((r) => this.fresh(r))
  }

  /**
   * The values a list rule offers: its items, or its source range's current values, on this
   * sheet or on the sheet the source names (none once that sheet is deleted: `#REF!`).
   */
  choices(rule: ValidationRule): string[] {
    if (rule.kind === 'list') return [...(rule.items ?? [])]
    if (rule.kind !== 'listRange') return []
    const source = parseListSource(this.fresh(rule).source ?? '')
    if (!source) return []
    const { range } = source
    const { layout } = this.host
    let shown = (r: number, c: number): string | undefined =>
      r < layout.rowCount && c < layout.colCount ? this.host.shown(r, c) : undefined
    if (source.sheet !== null) {
      const ctx = this.host.context()
      const other = ctx.sheetIdByName(source.sheet)
      if (other === undefined) return []
      if (other !== ctx.sheetId) shown = (r, c) => this.host.shownOn(other, r, c)
    }
    const out: string[] = []
    const seen = new Set<string>()
    let cells = 0
    for (let r = range.start.row; r <= range.end.row && cells < MAX_SOURCE_CELLS; r++) {
      for (let c = range.start.col; c <= range.end.col; c++, cells++) {
        const v = shown(r, c)
        // Past the sheet's last column, or (in its first column) its last row.
        if (v === undefined && c === range.start.col) return out
        if (v === undefined) break
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
    if (rule.kind !== 'listRange') return passesValidation(rule, input) ? null : rule
    const current = this.fresh(rule)
    return passesValidation(current, input, { listValues: this.choices(current) }) ? null : current
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
    const stored = ruleForStorage(criteria, this.host.context(), range.start)
    // Anchored to a sheet's ids, or left as typed: a sheet name that is no sheet of the workbook.
    const missing = stored.kind === 'listRange' && parseListSource(stored.source ?? '')?.sheet
    if (missing) throw new Error(`There is no sheet named "${missing}" in this workbook`)
    let saved = ''
    doc.transact(() => {
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
