import {
  CONDITIONAL_OPS,
  NEGATIVE_BAR_COLOR,
  conditionalSpecProblem,
  type ConditionalKind,
  type ConditionalRule,
  type ConditionalSpec,
} from '@cellmate/model'

/** The rule editor's fields, all as the form holds them (text inputs are strings). */
export interface RuleDraft {
  range: string
  kind: ConditionalKind
  op: string
  value: string
  value2: string
  count: string
  percent: boolean
  formula: string
  colors: [string, string, string]
  midpoint: boolean
  barColor: string
  negativeColor: string
  fill: string | null
  color: string | null
  bold: boolean
  italic: boolean
  strike: boolean
  stopIfTrue: boolean
}

/** The kinds in the order the editor offers them, with their labels. */
export const KIND_LABELS: ReadonlyArray<[ConditionalKind, string]> = [
  ['cellValue', 'Cell value'],
  ['text', 'Text'],
  ['date', 'Date'],
  ['duplicates', 'Duplicate values'],
  ['unique', 'Unique values'],
  ['topBottom', 'Top / bottom'],
  ['average', 'Above / below average'],
  ['formula', 'Custom formula'],
  ['colorScale', 'Colour scale'],
  ['dataBar', 'Data bar'],
]

export const OP_LABELS: Record<string, string> = {
  gt: 'greater than',
  gte: 'greater than or equal to',
  lt: 'less than',
  lte: 'less than or equal to',
  eq: 'equal to',
  neq: 'not equal to',
  between: 'between',
  notBetween: 'not between',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  today: 'is today',
  yesterday: 'is yesterday',
  tomorrow: 'is tomorrow',
  last7Days: 'is in the last 7 days',
  before: 'is before',
  after: 'is after',
  top: 'top',
  bottom: 'bottom',
  above: 'above average',
  below: 'below average',
  aboveOrEqual: 'equal to or above average',
  belowOrEqual: 'equal to or below average',
}

/** The comparisons a kind offers (none for kinds without one). */
export function opsOf(kind: ConditionalKind): readonly string[] {
  return (CONDITIONAL_OPS as Record<string, readonly string[]>)[kind] ?? []
}

/** A fresh draft: "cell value greater than", light red fill, on `range`. */
export function newDraft(range: string): RuleDraft {
  return {
    range,
    kind: 'cellValue',
    op: 'gt',
    value: '',
    value2: '',
    count: '10',
    percent: false,
    formula: '=',
    colors: ['#f8696b', '#ffeb84', '#63be7b'],
    midpoint: false,
    barColor: '#638ec6',
    negativeColor: NEGATIVE_BAR_COLOR,
    fill: '#f4cccc',
    color: '#990000',
    bold: false,
    italic: false,
    strike: false,
    stopIfTrue: false,
  }
}

/** The draft of an existing rule. */
export function draftOf(rule: ConditionalRule, range: string): RuleDraft {
  const d = newDraft(range)
  const colors = rule.colors ?? []
  return {
    ...d,
    kind: rule.kind,
    op: rule.op ?? opsOf(rule.kind)[0] ?? '',
    value: rule.value === undefined ? '' : String(rule.value),
    value2: rule.value2 === undefined ? '' : String(rule.value2),
    count: String(rule.count ?? 10),
    percent: rule.percent ?? false,
    formula: rule.formula ?? '=',
    colors:
      colors.length === 3
        ? [colors[0]!, colors[1]!, colors[2]!]
        : colors.length === 2
          ? [colors[0]!, d.colors[1], colors[1]!]
          : d.colors,
    midpoint: colors.length === 3,
    barColor: rule.barColor ?? d.barColor,
    negativeColor: rule.negativeColor ?? d.negativeColor,
    fill: rule.style ? (rule.style.fill ?? null) : d.fill,
    color: rule.style ? (rule.style.color ?? null) : d.color,
    bold: rule.style?.bold ?? false,
    italic: rule.style?.italic ?? false,
    strike: rule.style?.strike ?? false,
    stopIfTrue: rule.stopIfTrue ?? false,
  }
}

/** Typed text as a number when it reads as one, else the text. */
function operand(text: string): number | string {
  const t = text.trim()
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t
}

/** The spec a draft stands for, and why it is not a valid rule yet (null when it is). */
export function specOf(d: RuleDraft): { spec: ConditionalSpec; problem: string | null } {
  const spec: ConditionalSpec = { kind: d.kind }
  const ops = opsOf(d.kind)
  if (ops.length > 0) spec.op = (ops.includes(d.op) ? d.op : ops[0]) as ConditionalSpec['op']
  switch (d.kind) {
    case 'cellValue':
      spec.value = operand(d.value)
      if (spec.op === 'between' || spec.op === 'notBetween') spec.value2 = operand(d.value2)
      break
    case 'text':
      spec.value = d.value
      break
    case 'date':
      if (spec.op === 'before' || spec.op === 'after') spec.value = d.value.trim()
      break
    case 'topBottom':
      spec.count = Number(d.count)
      if (d.percent) spec.percent = true
      break
    case 'formula':
      spec.formula = d.formula.trim()
      break
    case 'colorScale':
      spec.colors = d.midpoint ? [...d.colors] : [d.colors[0], d.colors[2]]
      break
    case 'dataBar':
      spec.barColor = d.barColor
      if (d.negativeColor !== NEGATIVE_BAR_COLOR) spec.negativeColor = d.negativeColor
      break
  }
  if (d.kind !== 'colorScale' && d.kind !== 'dataBar') {
    const style: NonNullable<ConditionalSpec['style']> = {}
    if (d.fill) style.fill = d.fill
    if (d.color) style.color = d.color
    if (d.bold) style.bold = true
    if (d.italic) style.italic = true
    if (d.strike) style.strike = true
    spec.style = style
  }
  if (d.stopIfTrue) spec.stopIfTrue = true
  return { spec, problem: conditionalSpecProblem(spec) }
}
