import type { ConditionalSpec } from './conditionalFormats.js'

const OP_WORDS: Record<string, string> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  eq: '=',
  neq: '≠',
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
}

const AVERAGE_WORDS: Record<string, string> = {
  above: 'Above average',
  below: 'Below average',
  aboveOrEqual: 'Equal to or above average',
  belowOrEqual: 'Equal to or below average',
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v))

/** A rule in words ("Cell value > 10", "Top 10%"), for the rules panel and messages. */
export function describeConditionalFormat(spec: ConditionalSpec): string {
  const op = OP_WORDS[spec.op ?? ''] ?? ''
  switch (spec.kind) {
    case 'cellValue':
      return spec.op === 'between' || spec.op === 'notBetween'
        ? `Cell value ${op} ${show(spec.value)} and ${show(spec.value2)}`
        : `Cell value ${op} ${show(spec.value)}`
    case 'text':
      return `Text ${op} ${show(spec.value)}`
    case 'date':
      return spec.op === 'before' || spec.op === 'after'
        ? `Date ${op} ${String(spec.value)}`
        : `Date ${op}`
    case 'duplicates':
      return 'Duplicate values'
    case 'unique':
      return 'Unique values'
    case 'topBottom':
      return `${spec.op === 'bottom' ? 'Bottom' : 'Top'} ${spec.count ?? 10}${spec.percent ? '%' : ''}`
    case 'average':
      return AVERAGE_WORDS[spec.op ?? 'above'] ?? 'Above average'
    case 'formula':
      return `Formula ${spec.formula ?? ''}`
    case 'colorScale':
      return `${spec.colors?.length ?? 2}-colour scale`
    case 'dataBar':
      return 'Data bar'
  }
}
