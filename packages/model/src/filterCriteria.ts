/**
 * What a filter asks of one column, and whether a row passes it. Shared filters (`filter.ts`)
 * and personal filter views keep the same criteria, so one evaluator serves both, in the
 * browser and on the server. Criteria read computed values (what a user sees), never the
 * raw input, as Google Sheets and Excel filter.
 */

export const FILTER_OPS = [
  'textContains',
  'textNotContains',
  'gt',
  'lt',
  'eq',
  'between',
  'dateBefore',
  'dateAfter',
  'empty',
  'notEmpty',
] as const
export type FilterOp = (typeof FILTER_OPS)[number]

/** Most values one column may hide, and characters compared per value. */
export const MAX_FILTER_VALUES = 5000
export const MAX_FILTER_VALUE_CHARS = 1000
/** Longest text a condition compares with. */
export const MAX_FILTER_TEXT = 1000

/** A condition on a column's computed values. */
export interface FilterCondition {
  op: FilterOp
  /** Text for `textContains`/`textNotContains`, a number for `gt`/`lt`/`eq`/`between`
   * (its low end), a `yyyy-mm-dd` date for `dateBefore`/`dateAfter`. */
  value?: string | number
  /** The high end of `between`. */
  value2?: number
}

/**
 * One column's criteria; a row passes when it passes all that are set. `hiddenValues` lists
 * the display texts that are unchecked (`''` is "(Blanks)"), as Google Sheets stores them:
 * a value someone types later is shown, so a filter never swallows a new row being typed.
 */
export interface FilterCriteria {
  hiddenValues?: string[]
  condition?: FilterCondition
  /** Only rows whose cell in this column has this fill (`#rrggbb`). */
  fill?: string
}

/** One cell as a filter reads it: computed value, display text, fill. */
export interface FilterCell {
  value: number | string | boolean | null
  text: string
  fill?: string
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const HEX_RE = /^#[0-9a-f]{6}$/

/** The key a display text is compared by (long texts by their start). */
export function filterValueKey(text: string): string {
  return text.length > MAX_FILTER_VALUE_CHARS ? text.slice(0, MAX_FILTER_VALUE_CHARS) : text
}

/** Excel's serial day number of a `yyyy-mm-dd` date (1900 date system), or null. */
export function dateSerialOf(text: string): number | null {
  const m = DATE_RE.exec(text)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = Date.UTC(y, mo - 1, d)
  const back = new Date(t)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null
  }
  return (t - Date.UTC(1899, 11, 30)) / 86_400_000
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function conditionProblem(c: unknown): string | null {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'a condition is an object {op, value}'
  const { op, value, value2 } = c as Record<string, unknown>
  if (!FILTER_OPS.includes(op as FilterOp)) return 'unknown filter condition'
  switch (op as FilterOp) {
    case 'textContains':
    case 'textNotContains':
      return typeof value === 'string' && value.length <= MAX_FILTER_TEXT
        ? null
        : `a text condition compares with a text of at most ${MAX_FILTER_TEXT} characters`
    case 'gt':
    case 'lt':
    case 'eq':
      return isFiniteNumber(value) ? null : 'a number condition needs a number'
    case 'between':
      return isFiniteNumber(value) && isFiniteNumber(value2)
        ? null
        : '"between" needs two numbers (value, value2)'
    case 'dateBefore':
    case 'dateAfter':
      return typeof value === 'string' && dateSerialOf(value) !== null
        ? null
        : 'a date condition needs a date (yyyy-mm-dd)'
    case 'empty':
    case 'notEmpty':
      return value === undefined && value2 === undefined ? null : 'this condition takes no value'
  }
}

/** Why criteria are not valid, or null when they are (the server's rule too). */
export function filterCriteriaProblem(c: unknown): string | null {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'criteria are an object'
  const { hiddenValues, condition, fill, ...rest } = c as Record<string, unknown>
  if (Object.keys(rest).length > 0) return `unknown criteria field "${Object.keys(rest)[0]}"`
  if (hiddenValues !== undefined) {
    if (
      !Array.isArray(hiddenValues) ||
      hiddenValues.length > MAX_FILTER_VALUES ||
      !hiddenValues.every((v) => typeof v === 'string' && v.length <= MAX_FILTER_VALUE_CHARS)
    ) {
      return `hiddenValues holds at most ${MAX_FILTER_VALUES} texts of at most ${MAX_FILTER_VALUE_CHARS} characters`
    }
  }
  if (condition !== undefined) {
    const problem = conditionProblem(condition)
    if (problem) return problem
  }
  if (fill !== undefined && !(typeof fill === 'string' && HEX_RE.test(fill))) {
    return 'a fill is a colour #rrggbb'
  }
  return null
}

/** True when criteria filter nothing (no values hidden, no condition, no colour). */
export function isEmptyCriteria(c: FilterCriteria): boolean {
  return (c.hiddenValues?.length ?? 0) === 0 && !c.condition && c.fill === undefined
}

/** A copy holding only the known fields (what is stored). */
export function pickFilterCriteria(c: FilterCriteria): FilterCriteria {
  const out: FilterCriteria = {}
  if (c.hiddenValues && c.hiddenValues.length > 0) out.hiddenValues = [...new Set(c.hiddenValues)]
  if (c.condition) {
    const { op, value, value2 } = c.condition
    out.condition = { op }
    if (value !== undefined) out.condition.value = value
    if (value2 !== undefined) out.condition.value2 = value2
  }
  if (c.fill !== undefined) out.fill = c.fill
  return out
}

function passesCondition(c: FilterCondition, cell: FilterCell): boolean {
  const { value } = cell
  const empty = value === null || value === ''
  switch (c.op) {
    case 'empty':
      return empty
    case 'notEmpty':
      return !empty
    case 'textContains':
      return cell.text.toLowerCase().includes(String(c.value ?? '').toLowerCase())
    case 'textNotContains':
      return !cell.text.toLowerCase().includes(String(c.value ?? '').toLowerCase())
    case 'gt':
      return typeof value === 'number' && value > Number(c.value)
    case 'lt':
      return typeof value === 'number' && value < Number(c.value)
    case 'eq':
      return typeof value === 'number' && value === Number(c.value)
    case 'between': {
      const a = Number(c.value)
      const b = Number(c.value2)
      return typeof value === 'number' && value >= Math.min(a, b) && value <= Math.max(a, b)
    }
    case 'dateBefore':
    case 'dateAfter': {
      const day = dateSerialOf(String(c.value ?? ''))
      if (typeof value !== 'number' || day === null) return false
      // A date with a time counts as its day.
      const cellDay = Math.floor(value)
      return c.op === 'dateBefore' ? cellDay < day : cellDay > day
    }
  }
}

const hiddenSets = new WeakMap<FilterCriteria, Set<string>>()

/** Whether one cell passes a column's criteria. */
export function passesFilter(criteria: FilterCriteria, cell: FilterCell): boolean {
  if (criteria.hiddenValues && criteria.hiddenValues.length > 0) {
    let hidden = hiddenSets.get(criteria)
    if (!hidden) hiddenSets.set(criteria, (hidden = new Set(criteria.hiddenValues)))
    if (hidden.has(filterValueKey(cell.text))) return false
  }
  if (criteria.condition && !passesCondition(criteria.condition, cell)) return false
  if (criteria.fill !== undefined && (cell.fill ?? '').toLowerCase() !== criteria.fill) {
    return false
  }
  return true
}
