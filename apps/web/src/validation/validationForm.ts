import {
  criteriaProblem,
  parseListSource,
  type ValidationCriteria,
  type ValidationKind,
  type ValidationOp,
} from '@cellmate/model'

/** What the validation editor edits: every field as text, as the inputs hold it. */
export interface ValidationForm {
  kind: ValidationKind
  /** `list`: one item per line. */
  items: string
  /** `listRange`: the A1 range whose values the dropdown lists. */
  source: string
  op: ValidationOp
  min: string
  max: string
  formula: string
  /** true: reject input that breaks the rule; false: keep it with a warning mark. */
  strict: boolean
  message: string
  inputMessage: string
  showDropdown: boolean
  /** `number`: only whole numbers pass. */
  integer: boolean
}

/** The kinds the editor offers, in its order, with their labels. */
export const KIND_LABELS: ReadonlyArray<readonly [ValidationKind, string]> = [
  ['list', 'Dropdown (a list of items)'],
  ['listRange', 'Dropdown (from a range)'],
  ['number', 'Number'],
  ['date', 'Date'],
  ['textLength', 'Text length'],
  ['checkbox', 'Checkbox'],
  ['custom', 'Custom formula is'],
]

/** Comparisons, in the editor's order and words ("is between"). */
export const OP_LABELS: ReadonlyArray<readonly [ValidationOp, string]> = [
  ['between', 'between'],
  ['notBetween', 'not between'],
  ['eq', 'equal to'],
  ['neq', 'not equal to'],
  ['gt', 'greater than'],
  ['gte', 'greater than or equal to'],
  ['lt', 'less than'],
  ['lte', 'less than or equal to'],
]

/** The editor's words for date comparisons, as Sheets says them ("is before"). */
export const DATE_OP_LABELS: Partial<Record<ValidationOp, string>> = {
  eq: 'exactly',
  lt: 'before',
  lte: 'on or before',
  gt: 'after',
  gte: 'on or after',
}

/** Whether a comparison takes two bounds. */
export const twoBounds = (op: ValidationOp): boolean => op === 'between' || op === 'notBetween'

/** A new rule's form: a dropdown that rejects what is not in it. */
export function emptyForm(): ValidationForm {
  return {
    kind: 'list',
    items: '',
    source: '',
    op: 'between',
    min: '',
    max: '',
    formula: '=',
    strict: true,
    message: '',
    inputMessage: '',
    showDropdown: true,
    integer: false,
  }
}

/** An existing rule in the editor. */
export function formOf(rule: ValidationCriteria): ValidationForm {
  return {
    ...emptyForm(),
    kind: rule.kind,
    items: (rule.items ?? []).join('\n'),
    source: rule.source ?? '',
    op: rule.op ?? 'between',
    min: rule.min === undefined ? '' : String(rule.min),
    max: rule.max === undefined ? '' : String(rule.max),
    formula: rule.formula ?? '=',
    strict: rule.strict,
    message: rule.message ?? '',
    inputMessage: rule.inputMessage ?? '',
    showDropdown: rule.showDropdown !== false,
    integer: rule.integer === true,
  }
}

function bound(kind: ValidationKind, text: string): number | string {
  const t = text.trim()
  if (kind === 'date') return t
  return t === '' ? Number.NaN : Number(t)
}

/**
 * The rule a form describes, or why it cannot be saved (in the words the editor shows).
 * Only the fields of the chosen kind are kept.
 */
export function criteriaOf(form: ValidationForm): ValidationCriteria | { problem: string } {
  const c: ValidationCriteria = { kind: form.kind, strict: form.strict }
  if (form.message.trim()) c.message = form.message.trim()
  if (form.inputMessage.trim()) c.inputMessage = form.inputMessage.trim()
  switch (form.kind) {
    case 'list': {
      c.items = form.items
        .split('\n')
        .map((i) => i.trim())
        .filter((i) => i !== '')
      if (!form.showDropdown) c.showDropdown = false
      break
    }
    case 'listRange': {
      // A range of this sheet, or of another (`Lists!$A$1:$A$10`), as Excel takes it.
      const typed = form.source.trim()
      const bang = typed.lastIndexOf('!')
      c.source = typed.slice(0, bang + 1) + typed.slice(bang + 1).toUpperCase()
      if (!parseListSource(c.source)) {
        return { problem: 'Enter the range to list, such as $A$1:$A$10 or Lists!$A$1:$A$10' }
      }
      if (!form.showDropdown) c.showDropdown = false
      break
    }
    case 'number':
    case 'date':
    case 'textLength':
      c.op = form.op
      c.min = bound(form.kind, form.min)
      if (twoBounds(form.op)) c.max = bound(form.kind, form.max)
      if (form.kind === 'number' && form.integer) c.integer = true
      break
    case 'custom':
      c.formula = form.formula.trim().startsWith('=') ? form.formula.trim() : `=${form.formula}`
      if (c.formula === '=') return { problem: 'Enter a formula, such as =B2<=C2' }
      break
    case 'checkbox':
      break
  }
  const problem = criteriaProblem(c)
  return problem ? { problem: explain(problem) } : c
}

/** The model's reasons in the editor's words. */
function explain(problem: string): string {
  if (problem.startsWith('a list has')) return 'Enter at least one item, one per line'
  if (problem.includes('"min"') || problem.includes('"max"')) {
    return problem.includes('date')
      ? 'Enter dates as yyyy-mm-dd'
      : 'Enter numbers for the bounds (text length: whole numbers from 0)'
  }
  return problem.charAt(0).toUpperCase() + problem.slice(1)
}
