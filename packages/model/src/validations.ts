import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { lettersToCol, parseRange } from './a1.js'
import { SHEET_ROOTS } from './sheet.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import {
  ANCHORED_RANGE_RE,
  MAX_STORED_RULE_FORMULA,
  RULE_ID_RE,
  copyIdRangeEntries,
  idRangeOf,
  isIdRange,
  newRuleId,
  parseStoredObject,
  rangeOfIds,
  shrinkIdRangesForDelete,
  type IdRange,
} from './idRange.js'
import { planRangeRuleCut, type RangeCut, type RuleWrite } from './rangeRuleCut.js'

/**
 * Data validation rules of a sheet, in its `validations` map: rule id -> the rule as JSON
 * text. A rule's range is stored as the ids of its first and last row and column, so it
 * grows with rows inserted inside it and moves with rows inserted before it, like a merge.
 * Two people editing different rules never conflict; the same rule edited at once is
 * last-writer-wins (a rule is one value). Empty cells always pass (Excel's "ignore blank").
 */

export const VALIDATION_KINDS = [
  'list',
  'listRange',
  'number',
  'date',
  'textLength',
  'checkbox',
  'custom',
] as const
export type ValidationKind = (typeof VALIDATION_KINDS)[number]

export const VALIDATION_OPS = [
  'between',
  'notBetween',
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
] as const
export type ValidationOp = (typeof VALIDATION_OPS)[number]

/** Most items a list rule may hold, and characters per item (Excel's list limit is 255). */
export const MAX_LIST_ITEMS = 500
export const MAX_LIST_ITEM_CHARS = 255
/** Longest message or formula a rule may carry. */
export const MAX_VALIDATION_TEXT = 1000

/** What a rule checks, independent of where it applies. */
export interface ValidationCriteria {
  kind: ValidationKind
  /** `list`: the allowed values (a dropdown). */
  items?: string[]
  /**
   * `listRange`: the range whose values are allowed, typed in A1 form (`$A$1:$A$9`, or on
   * another sheet `Lists!$A$1:$A$9`, see `parseListSource`); stored anchored to ids by the formula package (`toStoredListSource`), so
   * it follows inserts, deletes and moves. A rule written before that is A1 text, read as such.
   */
  source?: string
  /** `number`, `date`, `textLength`: the comparison and its bounds (dates as `yyyy-mm-dd`). */
  op?: ValidationOp
  min?: number | string
  max?: number | string
  /** `number`: only whole numbers pass (Excel's "Whole number"). */
  integer?: boolean
  /**
   * `custom`: a formula for the range's top-left cell, true when valid; typed in A1 form,
   * stored by the formula package with its references anchored (`toStoredRuleFormula`).
   */
  formula?: string
  /** true: refuse an invalid value ("Reject input"); false: keep it and mark it ("Show warning"). */
  strict: boolean
  /** Said when a value is refused or marked; a default describes the rule otherwise. */
  message?: string
  /** Shown when a cell of the range is selected (Excel's input message). */
  inputMessage?: string
  /** List rules: false hides the cell's dropdown chevron (the list still applies). */
  showDropdown?: boolean
}

/** A rule as a reader sees it: its id and current range. */
export interface ValidationRule extends ValidationCriteria {
  id: string
  range: RangePosition
}

/** What is stored per rule (JSON): the criteria plus the range's ids. */
interface StoredRule extends ValidationCriteria {
  at: IdRange
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

export function validationsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.validations)
}

function isText(v: unknown, max = MAX_VALIDATION_TEXT): v is string {
  return typeof v === 'string' && v.length <= max
}

function isBound(kind: ValidationKind, v: unknown): boolean {
  if (kind === 'date') return typeof v === 'string' && DATE_RE.test(v) && !isNaN(Date.parse(v))
  if (kind === 'textLength') return typeof v === 'number' && Number.isInteger(v) && v >= 0
  return typeof v === 'number' && Number.isFinite(v)
}

const LIST_SOURCE_RE =
  /^=?\s*(?:(?:'((?:[^']|'')+)'|([^!'"()\s:]+))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$/

/** Excel's grid, the extent of a whole column or row source (`A:A`, `1:1`). */
const SHEET_ROWS = 1_048_576
const SHEET_COLS = 16_384

/**
 * A `listRange` source in A1 form: a range of the rule's own sheet (`$A$1:$A$9`), or of the
 * sheet it names (`Lists!$A$1:$A$9`, `'My lists'!A1:A9`: `sheet` is the name unquoted), as
 * Excel writes a dropdown's source, with or without its `=`; whole columns or rows (`A:A`,
 * `=Lists!$A:$A`, `1:1`) reach the grid's end, and readers cap the cells they read. Null for
 * anything else (`#REF!` once that sheet is gone).
 */
export function parseListSource(
  source: string,
): { sheet: string | null; range: RangePosition } | null {
  const m = LIST_SOURCE_RE.exec(source.trim())
  if (!m) return null
  const range = parseSourceRange((m[3] as string).replace(/\$/g, ''))
  if (!range) return null
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? null)
  return { sheet, range }
}

/** `A1:B9`, `A:B` (whole columns) or `1:9` (whole rows) -> a range within Excel's grid. */
function parseSourceRange(text: string): RangePosition | null {
  const [a = '', b = ''] = text.split(':')
  if (/^\d+$/.test(a)) {
    const [top, bottom] = [Number(a) - 1, Number(b) - 1].sort((x, y) => x - y) as [number, number]
    if (top < 0 || bottom >= SHEET_ROWS) return null
    return { start: { row: top, col: 0 }, end: { row: bottom, col: SHEET_COLS - 1 } }
  }
  if (/^[A-Za-z]+$/.test(a)) {
    const [left, right] = [lettersToCol(a), lettersToCol(b)].sort((x, y) => x - y) as [
      number,
      number,
    ]
    if (left < 0 || right >= SHEET_COLS) return null
    return { start: { row: 0, col: left }, end: { row: SHEET_ROWS - 1, col: right } }
  }
  return parseRange(text)
}

/** Why criteria are not valid, or null when they are (the server's rule too). */
export function criteriaProblem(c: Partial<ValidationCriteria>): string | null {
  if (!VALIDATION_KINDS.includes(c.kind as ValidationKind)) return 'unknown validation kind'
  if (typeof c.strict !== 'boolean') return '"strict" must be true (reject) or false (warn)'
  if (c.message !== undefined && !isText(c.message)) return 'message too long'
  if (c.inputMessage !== undefined && !isText(c.inputMessage)) return 'input message too long'
  if (c.showDropdown !== undefined && typeof c.showDropdown !== 'boolean') {
    return '"showDropdown" is true or false'
  }
  if (c.integer !== undefined && typeof c.integer !== 'boolean') {
    return '"integer" is true or false'
  }
  const kind = c.kind as ValidationKind
  switch (kind) {
    case 'list':
      if (
        !Array.isArray(c.items) ||
        c.items.length === 0 ||
        c.items.length > MAX_LIST_ITEMS ||
        !c.items.every((i) => isText(i, MAX_LIST_ITEM_CHARS))
      ) {
        return `a list has 1 to ${MAX_LIST_ITEMS} items of at most ${MAX_LIST_ITEM_CHARS} characters`
      }
      return null
    case 'listRange':
      return typeof c.source === 'string' &&
        c.source.length <= MAX_STORED_RULE_FORMULA &&
        (parseListSource(c.source) || ANCHORED_RANGE_RE.test(c.source))
        ? null
        : 'a list from a range needs an A1 range as its source (Lists!$A$1:$A$9 for another sheet)'
    case 'number':
    case 'date':
    case 'textLength': {
      if (!VALIDATION_OPS.includes(c.op as ValidationOp)) return 'unknown comparison'
      if (!isBound(kind, c.min)) return `"min" is not a ${kind === 'date' ? 'date' : 'number'}`
      const two = c.op === 'between' || c.op === 'notBetween'
      if (two && !isBound(kind, c.max))
        return `"max" is not a ${kind === 'date' ? 'date' : 'number'}`
      return null
    }
    case 'checkbox':
      return null
    case 'custom':
      return isText(c.formula, MAX_STORED_RULE_FORMULA) && c.formula.startsWith('=')
        ? null
        : 'a custom rule is a formula'
  }
}

/** The stored JSON of a rule, parsed and checked; null for anything a reader must skip. */
function parseStored(value: unknown): StoredRule | null {
  const rule = parseStoredObject(value, 200_000) as StoredRule | null
  if (!rule) return null
  if (!isIdRange(rule.at)) return null
  return criteriaProblem(rule) === null ? rule : null
}

/** True when a `validations` entry is well-formed (the server's rule for untrusted updates). */
export function isValidValidationEntry(key: string, value: unknown): boolean {
  return RULE_ID_RE.test(key) && parseStored(value) !== null
}

/**
 * The sheet's rules with their current ranges, in id order. A rule whose first or last row
 * or column was deleted is skipped (its cells went with them).
 */
export function readValidations(doc: Y.Doc, layout?: AxisPositions): ValidationRule[] {
  const map = validationsMap(doc)
  if (map.size === 0) return []
  const pos = layout ?? freshPositions(doc)
  const out: ValidationRule[] = []
  for (const [id, value] of map.entries()) {
    const stored = RULE_ID_RE.test(id) ? parseStored(value) : null
    if (!stored) continue
    const range = rangeOfIds(pos, stored.at)
    if (!range) continue
    const { at: _at, ...criteria } = stored
    out.push({ ...criteria, id, range })
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The rule that applies to a cell: the last (in id order) whose range holds it. */
export function validationAt(
  rules: readonly ValidationRule[],
  row: number,
  col: number,
): ValidationRule | null {
  let found: ValidationRule | null = null
  for (const r of rules) {
    const { start, end } = r.range
    if (row >= start.row && row <= end.row && col >= start.col && col <= end.col) found = r
  }
  return found
}

/**
 * A new rule id: the time first, so ids sort in the order rules were made and the newest
 * rule on a cell is the one `validationAt` applies; then random (`newRuleId`), so two
 * people adding rules at once never collide.
 */
export function newValidationId(): string {
  return Date.now().toString(36).padStart(9, '0') + newRuleId().slice(0, 8)
}

function storedOf(
  doc: Y.Doc,
  range: RangePosition,
  criteria: ValidationCriteria,
  pos = freshPositions(doc),
): string {
  const problem = criteriaProblem(criteria)
  if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
  const at = idRangeOf(pos, range, 'validation range')
  const stored: StoredRule = { ...pickCriteria(criteria), at }
  return JSON.stringify(stored)
}

function pickCriteria(c: ValidationCriteria): ValidationCriteria {
  const out: ValidationCriteria = { kind: c.kind, strict: c.strict }
  if (c.items !== undefined) out.items = [...c.items]
  if (c.source !== undefined) out.source = c.source
  if (c.op !== undefined) out.op = c.op
  if (c.min !== undefined) out.min = c.min
  if (c.max !== undefined) out.max = c.max
  if (c.integer === true && c.kind === 'number') out.integer = true
  if (c.formula !== undefined) out.formula = c.formula
  if (c.message !== undefined && c.message !== '') out.message = c.message
  if (c.inputMessage !== undefined && c.inputMessage !== '') out.inputMessage = c.inputMessage
  if (c.showDropdown === false) out.showDropdown = false
  return out
}

/**
 * Adds (no `id`) or replaces (an existing `id`) one rule on a range of display positions,
 * as one transaction. Returns the rule's id. Throws BAD_REQUEST for criteria that do not
 * hold together or a range past the sheet.
 */
export function setValidation(
  doc: Y.Doc,
  range: RangePosition,
  criteria: ValidationCriteria,
  origin?: unknown,
  id: string = newValidationId(),
): string {
  if (!RULE_ID_RE.test(id)) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'bad rule id')
  const value = storedOf(doc, range, criteria)
  doc.transact(() => validationsMap(doc).set(id, value), origin)
  return id
}

/** Removes one rule; false when there was none. */
export function deleteValidation(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const map = validationsMap(doc)
  if (!map.has(id)) return false
  doc.transact(() => map.delete(id), origin)
  return true
}

/**
 * Replaces every rule of the sheet with `rules` (REST `PUT …/validations`), as one
 * transaction; rules keep their id when given one. All are checked before anything is
 * written.
 */
export function replaceValidations(
  doc: Y.Doc,
  rules: ReadonlyArray<ValidationCriteria & { id?: string; range: RangePosition }>,
  origin?: unknown,
): string[] {
  const pos = freshPositions(doc)
  const entries = rules.map((r) => {
    const id = r.id ?? newValidationId()
    if (!RULE_ID_RE.test(id)) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'bad rule id')
    return [id, storedOf(doc, r.range, r, pos)] as const
  })
  const map = validationsMap(doc)
  doc.transact(() => {
    const keep = new Set(entries.map(([id]) => id))
    for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key)
    for (const [id, value] of entries) if (map.get(id) !== value) map.set(id, value)
  }, origin)
  return entries.map(([id]) => id)
}

/** Keeps rules whole when rows or columns are deleted (see `shrinkIdRangesForDelete`). */
export function shrinkValidationsForDelete(
  doc: Y.Doc,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  shrinkIdRangesForDelete(validationsMap(doc), parseStored, axis, live, gone)
}

/** Copies the rules of `source` whose ids are all in `rows`/`cols` (a sheet copy). */
export function copyValidations(
  source: Y.Doc,
  target: Y.Doc,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
): void {
  copyIdRangeEntries(validationsMap(source), validationsMap(target), parseStored, rows, cols)
}

/**
 * What moves the rules on cut cells of `from` to where they were pasted on `to` (the same
 * document or another sheet's), read before the paste's writes are made (`applyRuleWrites`).
 * A carried rule takes a new id, the newest, so it is the one that applies on the cells pasted
 * over, as the pasted cells' rule does in Sheets. A list from a range goes too: the caller
 * makes its source name the sheet cut from (the model does not read sources).
 */
export function planValidationCut(from: Y.Doc, to: Y.Doc, cut: RangeCut): RuleWrite[] {
  const source = { map: validationsMap(from), pos: freshPositions(from) }
  const target = from === to ? source : { map: validationsMap(to), pos: freshPositions(to) }
  const time = newestTime(target.map)
  return planRangeRuleCut(source, target, cut, {
    parse: parseStored,
    // A time after every rule's there (clocks differ), then the old id: carried rules apply,
    // in the order they had.
    carriedId: (id) => {
      const carried = (time + id).slice(0, 40)
      return target.map.has(carried) ? newValidationId() : carried
    },
  })
}

/** A time prefix (as `newValidationId`'s) now, or later than every rule id's in `map`. */
function newestTime(map: Y.Map<unknown>): string {
  let time = Date.now()
  for (const id of map.keys()) {
    if (!/^[0-9a-z]{9}/.test(id)) continue
    time = Math.max(time, parseInt(id.slice(0, 9), 36) + 1)
  }
  return time.toString(36).padStart(9, '0')
}
