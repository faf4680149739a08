import { formatRange } from './a1.js'
import type { ValidationCriteria, ValidationOp, ValidationRule } from './validations.js'

/**
 * Checking a value against a validation rule, and the rule in words. Pure: the caller
 * supplies what needs the sheet or the formula engine (a source range's values, a custom
 * formula's result).
 */

const OP_WORDS: Record<ValidationOp, string> = {
  between: 'between',
  notBetween: 'not between',
  eq: 'equal to',
  neq: 'not equal to',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
}

/** The rule in words ("a number between 1 and 10"), for messages and the UI. */
export function describeValidation(rule: ValidationCriteria): string {
  const bounds =
    rule.op === 'between' || rule.op === 'notBetween'
      ? `${OP_WORDS[rule.op]} ${String(rule.min)} and ${String(rule.max)}`
      : `${OP_WORDS[rule.op ?? 'eq']} ${String(rule.min)}`
  switch (rule.kind) {
    case 'list':
      return `one of: ${(rule.items ?? []).join(', ')}`
    case 'listRange':
      // `#REF!`: the sheet or the rows the list was read from are gone, so nothing passes.
      return rule.source === '#REF!'
        ? 'a value from its list, but the range the list was read from was deleted (#REF!)'
        : `a value from ${rule.source ?? ''}`
    case 'number':
      return `${rule.integer ? 'a whole number' : 'a number'} ${bounds}`
    case 'date':
      return `a date ${bounds}`
    case 'textLength':
      return `text with a length ${bounds}`
    case 'checkbox':
      return 'TRUE or FALSE (a checkbox)'
    case 'custom':
      return `a value for which ${rule.formula ?? ''} is TRUE`
  }
}

function compare(op: ValidationOp, x: number, a: number, b: number): boolean {
  switch (op) {
    case 'between':
      return x >= Math.min(a, b) && x <= Math.max(a, b)
    case 'notBetween':
      return x < Math.min(a, b) || x > Math.max(a, b)
    case 'eq':
      return x === a
    case 'neq':
      return x !== a
    case 'gt':
      return x > a
    case 'gte':
      return x >= a
    case 'lt':
      return x < a
    case 'lte':
      return x <= a
  }
}

function dayNumber(text: string): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim())
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return Number.isNaN(t) ? null : t / 86_400_000
}

/**
 * Whether a typed value passes a rule. `input` is what was typed (not a formula: formulas
 * are checked on their computed value by whoever evaluates them; pass that value's text).
 * `listValues` are the source range's values for `listRange`; `custom` needs `customResult`
 * (the formula's value for this cell) and passes when it is TRUE. Empty always passes.
 */
export function passesValidation(
  rule: ValidationCriteria,
  input: string,
  extra: { listValues?: readonly string[]; customResult?: unknown } = {},
): boolean {
  const text = input.trim()
  if (text === '') return true
  const lower = text.toLowerCase()
  switch (rule.kind) {
    case 'list':
      return (rule.items ?? []).some((i) => i.trim().toLowerCase() === lower)
    case 'listRange':
      return (extra.listValues ?? []).some((v) => v.trim().toLowerCase() === lower)
    case 'checkbox':
      return lower === 'true' || lower === 'false'
    case 'custom':
      return extra.customResult === true
    case 'textLength':
      return compare(rule.op ?? 'eq', input.length, Number(rule.min), Number(rule.max))
    case 'number': {
      const x = Number(text)
      return (
        text !== '' &&
        Number.isFinite(x) &&
        (rule.integer !== true || Number.isInteger(x)) &&
        compare(rule.op ?? 'eq', x, Number(rule.min), Number(rule.max))
      )
    }
    case 'date': {
      const x = dayNumber(text)
      const a = dayNumber(String(rule.min))
      const b = rule.max === undefined ? a : dayNumber(String(rule.max))
      return x !== null && a !== null && compare(rule.op ?? 'eq', x, a, b ?? a)
    }
  }
}

/** The message for a value a rule refuses or marks. */
export function validationMessage(rule: ValidationRule, address: string, input: string): string {
  if (rule.message) return rule.message
  return `${address}: ${JSON.stringify(input)} breaks the validation rule on ${formatRange(rule.range)}: enter ${describeValidation(rule)}`
}
