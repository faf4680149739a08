import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { isValidFormatValue } from './formats.js'
import { freshPositions, type AxisPositions } from './axisPositions.js'
import { SHEET_ROOTS } from './sheet.js'
import {
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
 * Conditional formats of a sheet, in its `conditionalFormats` map: rule id -> the rule as JSON
 * text with its range by ids (`idRange.ts`) and its priority `order`, a number. Rules apply in
 * ascending `order` (ties by id), so every replica sorts them the same way; moving a rule
 * gives it an order between its new neighbours' and touches no other rule, so two people
 * reordering, editing and adding rules at once never conflict except on the same rule, which
 * is last-writer-wins (a rule is one value). Rules are evaluated on computed values by
 * `ConditionalFormatter` (conditionalFormatEval.ts).
 */

export const CONDITIONAL_KINDS = [
  'cellValue',
  'text',
  'date',
  'duplicates',
  'unique',
  'topBottom',
  'average',
  'formula',
  'colorScale',
  'dataBar',
] as const
export type ConditionalKind = (typeof CONDITIONAL_KINDS)[number]

/** The comparisons of each kind that takes one (`op`). */
export const CONDITIONAL_OPS = {
  cellValue: ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'between', 'notBetween'],
  text: ['contains', 'notContains', 'startsWith', 'endsWith'],
  date: ['today', 'yesterday', 'tomorrow', 'last7Days', 'before', 'after'],
  topBottom: ['top', 'bottom'],
  average: ['above', 'below', 'aboveOrEqual', 'belowOrEqual'],
} as const
export type ConditionalOp = (typeof CONDITIONAL_OPS)[keyof typeof CONDITIONAL_OPS][number]

/** How a matching cell looks. Colours are lower-case `#rrggbb`. */
export interface ConditionalStyle {
  fill?: string
  color?: string
  bold?: boolean
  italic?: boolean
  strike?: boolean
}

/** What a rule checks and what it does, independent of where it applies. */
export interface ConditionalSpec {
  kind: ConditionalKind
  /** `cellValue`, `text`, `date`, `topBottom`, `average`: the comparison (`CONDITIONAL_OPS`). */
  op?: ConditionalOp
  /** The operand: a number or text (`cellValue`), text (`text`), `yyyy-mm-dd` (`date`). */
  value?: number | string
  /** The upper bound of `between` / `notBetween`. */
  value2?: number | string
  /** `topBottom`: how many cells (or what percent of them, with `percent`). */
  count?: number
  percent?: boolean
  /**
   * `formula`: for the range's top-left cell; relative references shift per cell. Typed in A1
   * form, stored by the formula package with its references anchored (`toStoredRuleFormula`).
   */
  formula?: string
  /** `colorScale`: the colours of the lowest, (middle,) and highest value. */
  colors?: string[]
  /** `dataBar`: the bar's colour. */
  barColor?: string
  /** `dataBar`: the colour of bars below zero (default red, as in Excel). */
  negativeColor?: string
  /** The format of a matching cell (every kind but `colorScale` and `dataBar`). */
  style?: ConditionalStyle
  /** No rule after this one applies to a cell this one matches. */
  stopIfTrue?: boolean
}

/** A rule as a reader sees it: its id, current range and priority (lower applies first). */
export interface ConditionalRule extends ConditionalSpec {
  id: string
  range: RangePosition
  order: number
}

interface StoredRule extends ConditionalSpec {
  at: IdRange
  order: number
}

/** Most rules a sheet may hold (the server refuses more); Excel allows more, nobody reads them. */
export const MAX_CONDITIONAL_RULES = 200
/** Longest text operand, and longest formula as typed (stored: `MAX_STORED_RULE_FORMULA`). */
export const MAX_CONDITIONAL_TEXT = 255
export const MAX_CONDITIONAL_FORMULA = 1000
/** Longest stored rule (JSON); a well-formed rule is far below it. */
const MAX_STORED_CHARS = 8000
const MAX_TOP_COUNT = 1000
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

export function conditionalFormatsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.conditionalFormats)
}

const isColor = (v: unknown): v is string => isValidFormatValue('fill', v)
const isText = (v: unknown, max = MAX_CONDITIONAL_TEXT): v is string =>
  typeof v === 'string' && v.length <= max
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function styleProblem(style: unknown): string | null {
  if (!style || typeof style !== 'object' || Array.isArray(style)) return 'a rule needs a format'
  const s = style as Record<string, unknown>
  const keys = Object.keys(s)
  if (keys.length === 0) return 'a rule needs a format'
  for (const key of keys) {
    const v = s[key]
    if (key === 'fill' || key === 'color') {
      if (!isColor(v)) return `"${key}" is a colour #rrggbb`
    } else if (key === 'bold' || key === 'italic' || key === 'strike') {
      if (typeof v !== 'boolean') return `"${key}" is true or false`
    } else return `a format has no "${key.slice(0, 40)}"`
  }
  return null
}

function opProblem(spec: ConditionalSpec): string | null {
  const ops = CONDITIONAL_OPS[spec.kind as keyof typeof CONDITIONAL_OPS] as readonly string[]
  return ops.includes(spec.op as string) ? null : `"op" is one of ${ops.join(', ')}`
}

/** Why a rule's spec is not valid, or null when it is (the server's rule too). */
export function conditionalSpecProblem(spec: Partial<ConditionalSpec>): string | null {
  if (!CONDITIONAL_KINDS.includes(spec.kind as ConditionalKind)) return 'unknown rule kind'
  const c = spec as ConditionalSpec
  if (c.stopIfTrue !== undefined && typeof c.stopIfTrue !== 'boolean') {
    return '"stopIfTrue" is true or false'
  }
  const styled = c.kind !== 'colorScale' && c.kind !== 'dataBar'
  if (styled) {
    const problem = styleProblem(c.style)
    if (problem) return problem
  } else if (c.style !== undefined) return `a ${c.kind} rule has no "style"`
  switch (c.kind) {
    case 'cellValue': {
      const two = c.op === 'between' || c.op === 'notBetween'
      const operand = (v: unknown): boolean => isNumber(v) || (!two && isText(v))
      if (!operand(c.value) || (two && !operand(c.value2))) {
        return two ? 'between takes two numbers' : 'a comparison takes a number or text'
      }
      return opProblem(c)
    }
    case 'text':
      return isText(c.value) && c.value !== '' ? opProblem(c) : 'a text rule takes some text'
    case 'date': {
      const needs = c.op === 'before' || c.op === 'after'
      if (needs && !(typeof c.value === 'string' && DATE_RE.test(c.value))) {
        return 'a date rule takes a date yyyy-mm-dd'
      }
      return opProblem(c)
    }
    case 'topBottom':
      if (!Number.isInteger(c.count) || c.count! < 1 || c.count! > MAX_TOP_COUNT) {
        return `"count" is a whole number from 1 to ${MAX_TOP_COUNT}`
      }
      if (c.percent !== undefined && typeof c.percent !== 'boolean') return '"percent" is a boolean'
      if (c.percent && c.count! > 100) return 'a percentage is at most 100'
      return opProblem(c)
    case 'formula':
      return isText(c.formula, MAX_STORED_RULE_FORMULA) && c.formula.startsWith('=')
        ? null
        : 'a custom rule is a formula (=…)'
    case 'colorScale':
      return Array.isArray(c.colors) &&
        (c.colors.length === 2 || c.colors.length === 3) &&
        c.colors.every(isColor)
        ? null
        : 'a colour scale has 2 or 3 colours #rrggbb'
    case 'dataBar':
      if (c.negativeColor !== undefined && !isColor(c.negativeColor)) {
        return "a data bar's negative colour is #rrggbb"
      }
      return isColor(c.barColor) ? null : 'a data bar has a colour #rrggbb'
    case 'average':
      return opProblem(c)
    case 'duplicates':
    case 'unique':
      return null
  }
}

const SPEC_KEYS = [
  'kind',
  'op',
  'value',
  'value2',
  'count',
  'percent',
  'formula',
  'colors',
  'barColor',
  'negativeColor',
  'style',
  'stopIfTrue',
] as const

/** Only the fields a spec has (no `id`, `range`, or anything a caller added). */
function pickSpec(spec: ConditionalSpec): ConditionalSpec {
  const out: Record<string, unknown> = {}
  for (const key of SPEC_KEYS) if (spec[key] !== undefined) out[key] = spec[key]
  return out as unknown as ConditionalSpec
}

function parseStored(value: unknown): StoredRule | null {
  const rule = parseStoredObject(value, MAX_STORED_CHARS) as StoredRule | null
  if (!rule) return null
  if (!isIdRange(rule.at) || !isNumber(rule.order)) return null
  for (const key of Object.keys(rule)) {
    if (key !== 'at' && key !== 'order' && !(SPEC_KEYS as readonly string[]).includes(key)) {
      return null
    }
  }
  return conditionalSpecProblem(rule) === null ? rule : null
}

/** True when a `conditionalFormats` entry is well-formed (the server's rule for updates). */
export function isValidConditionalFormatEntry(key: string, value: unknown): boolean {
  return RULE_ID_RE.test(key) && parseStored(value) !== null
}

/**
 * The sheet's rules with their current ranges, in priority order (ascending `order`, then
 * id). A rule whose first or last row or column was deleted is skipped.
 */
export function readConditionalFormats(doc: Y.Doc, layout?: AxisPositions): ConditionalRule[] {
  const map = conditionalFormatsMap(doc)
  if (map.size === 0) return []
  const pos = layout ?? freshPositions(doc)
  const out: ConditionalRule[] = []
  for (const [id, value] of map.entries()) {
    const stored = RULE_ID_RE.test(id) ? parseStored(value) : null
    if (!stored) continue
    const range = rangeOfIds(pos, stored.at)
    if (!range) continue
    const { at: _at, ...rest } = stored
    out.push({ ...rest, id, range })
  }
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function checkedSpec(spec: ConditionalSpec): ConditionalSpec {
  const picked = pickSpec(spec)
  const problem = conditionalSpecProblem(picked)
  if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
  return picked
}

function storedRule(map: Y.Map<unknown>, id: string): StoredRule | null {
  return parseStored(map.get(id))
}

/** Where a new rule goes: after every rule, or before every rule with `first`. */
function endOrder(map: Y.Map<unknown>, first: boolean): number {
  let edge = first ? Infinity : -Infinity
  for (const value of map.values()) {
    const order = parseStored(value)?.order
    if (order === undefined) continue
    edge = first ? Math.min(edge, order) : Math.max(edge, order)
  }
  if (!Number.isFinite(edge)) return 0
  return first ? edge - 1 : edge + 1
}

/**
 * Adds a rule on a range of display positions as one transaction, last in priority (or first
 * with `first`, as Excel and Sheets put a new rule on top). Returns its id. Throws BAD_REQUEST
 * for a spec that does not hold together or a range past the sheet, LIMIT_EXCEEDED past
 * `MAX_CONDITIONAL_RULES`.
 */
export function addConditionalFormat(
  doc: Y.Doc,
  range: RangePosition,
  spec: ConditionalSpec,
  options: { origin?: unknown; id?: string; first?: boolean } = {},
): string {
  const id = options.id ?? newRuleId()
  if (!RULE_ID_RE.test(id)) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'bad rule id')
  const picked = checkedSpec(spec)
  const map = conditionalFormatsMap(doc)
  if (map.size >= MAX_CONDITIONAL_RULES && !map.has(id)) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a sheet has at most ${MAX_CONDITIONAL_RULES} conditional format rules`,
    )
  }
  const at = idRangeOf(freshPositions(doc), range, 'rule range')
  const stored: StoredRule = { ...picked, at, order: endOrder(map, options.first === true) }
  doc.transact(() => map.set(id, JSON.stringify(stored)), options.origin)
  return id
}

/**
 * Changes a rule's spec and/or range, keeping its priority. Throws NOT_FOUND for a rule that
 * is not there (deleted by someone else meanwhile).
 */
export function updateConditionalFormat(
  doc: Y.Doc,
  id: string,
  change: { spec?: ConditionalSpec; range?: RangePosition },
  origin?: unknown,
): void {
  const map = conditionalFormatsMap(doc)
  const old = storedRule(map, id)
  if (!old) throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such conditional format')
  const spec = change.spec ? checkedSpec(change.spec) : pickSpec(old)
  const at = change.range ? idRangeOf(freshPositions(doc), change.range, 'rule range') : old.at
  const stored: StoredRule = { ...spec, at, order: old.order }
  doc.transact(() => map.set(id, JSON.stringify(stored)), origin)
}

/**
 * Moves a rule to `index` of the priority order (0 = applies first) by giving it an order
 * between its new neighbours'; no other rule is written.
 */
export function moveConditionalFormat(
  doc: Y.Doc,
  id: string,
  index: number,
  origin?: unknown,
): void {
  const map = conditionalFormatsMap(doc)
  const old = storedRule(map, id)
  if (!old) throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such conditional format')
  const others = [...map.entries()]
    .filter(([key]) => key !== id)
    .map(([key, value]) => ({ key, order: parseStored(value)?.order }))
    .filter((r): r is { key: string; order: number } => r.order !== undefined)
    .sort((a, b) => a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const at = Math.max(0, Math.min(index, others.length))
  const before = others[at - 1]?.order
  const after = others[at]?.order
  const order =
    before === undefined
      ? after === undefined
        ? 0
        : after - 1
      : after === undefined
        ? before + 1
        : (before + after) / 2
  doc.transact(() => map.set(id, JSON.stringify({ ...old, order })), origin)
}

/** Removes one rule; false when there was none. */
export function deleteConditionalFormat(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const map = conditionalFormatsMap(doc)
  if (!map.has(id)) return false
  doc.transact(() => map.delete(id), origin)
  return true
}

/** Keeps rules whole when rows or columns are deleted (see `shrinkIdRangesForDelete`). */
export function shrinkConditionalFormatsForDelete(
  doc: Y.Doc,
  axis: 'rows' | 'cols',
  live: readonly string[],
  gone: ReadonlySet<string>,
): void {
  shrinkIdRangesForDelete(conditionalFormatsMap(doc), parseStored, axis, live, gone)
}

/** Copies the rules of `source` whose ids are all in `rows`/`cols` (a sheet copy). */
export function copyConditionalFormats(
  source: Y.Doc,
  target: Y.Doc,
  rows: ReadonlySet<string>,
  cols: ReadonlySet<string>,
): void {
  const from = conditionalFormatsMap(source)
  copyIdRangeEntries(from, conditionalFormatsMap(target), parseStored, rows, cols)
}

/**
 * What moves the rules on cut cells of `from` to where they were pasted on `to` (the same
 * document or another sheet's), read before the paste's writes are made (`applyRuleWrites`).
 * On the same sheet a rule keeps its priority; carried to another sheet, the rules come first
 * there (as a new rule does), in their order. Throws LIMIT_EXCEEDED when the parts would take
 * a sheet past `MAX_CONDITIONAL_RULES`.
 */
export function planConditionalFormatCut(from: Y.Doc, to: Y.Doc, cut: RangeCut): RuleWrite[] {
  const source = { map: conditionalFormatsMap(from), pos: freshPositions(from) }
  const same = from === to
  const target = same ? source : { map: conditionalFormatsMap(to), pos: freshPositions(to) }
  const offset = same ? 0 : endOrder(target.map, true) - endOrder(source.map, false) + 1
  const writes = planRangeRuleCut(source, target, cut, {
    parse: parseStored,
    carriedId: (id, whole) => (whole && (same || !target.map.has(id)) ? id : newRuleId()),
    carried: (rule) => (offset === 0 ? rule : { ...rule, order: rule.order + offset }),
  })
  for (const map of new Set([source.map, target.map])) {
    const ids = new Set(map.keys())
    for (const w of writes) {
      if (w.map !== map) continue
      if (w.value === null) ids.delete(w.id)
      else ids.add(w.id)
    }
    if (ids.size > MAX_CONDITIONAL_RULES && ids.size > map.size) {
      throw new CellmateError(
        ERROR_CODES.LIMIT_EXCEEDED,
        `a sheet has at most ${MAX_CONDITIONAL_RULES} conditional format rules`,
      )
    }
  }
  return writes
}
