import type ExcelJS from 'exceljs'
import {
  colToLetters,
  conditionalSpecProblem,
  formatRange,
  parseRange,
  type ConditionalRule,
  type ConditionalSpec,
  type ConditionalStyle,
  type RangePosition,
} from '@cellmate/model'
import './xlsxCfRuleAttributes.js'

/**
 * Conditional formats to and from XLSX (`<conditionalFormatting>`, through exceljs). Excel's
 * own rule types are used where one means the same (`cellIs`, `top10`, `aboveAverage`,
 * `timePeriod`, `colorScale`, `dataBar`); text, duplicate and date-before/after rules are
 * written as `expression` rules with the formula Excel itself writes for them, so any reader
 * evaluates them. "Stop if true" is kept both ways (`xlsxCfRuleAttributes.ts`). On import,
 * Excel's text rules (`containsText`, `beginsWith`, …) come back as custom formula rules
 * (their formula is what they mean); icon sets (Cellmate draws none), averages by standard
 * deviations and rules with only theme colours are left out, with a notice.
 */

/** A rule read from a file: where it applies and what it is. */
export interface ImportedConditionalFormat {
  range: RangePosition
  spec: ConditionalSpec
}

const CELL_IS: Record<string, string> = {
  gt: 'greaterThan',
  gte: 'greaterThanOrEqual',
  lt: 'lessThan',
  lte: 'lessThanOrEqual',
  eq: 'equal',
  neq: 'notEqual',
  between: 'between',
  notBetween: 'notBetween',
}
const CELL_IS_BACK = Object.fromEntries(Object.entries(CELL_IS).map(([k, v]) => [v, k]))
const TIME_PERIODS = new Set(['today', 'yesterday', 'tomorrow', 'last7Days'])

const argb = (hex: string): { argb: string } => ({ argb: `FF${hex.slice(1).toUpperCase()}` })
const quoted = (text: string): string => `"${text.replace(/"/g, '""')}"`
const operand = (v: number | string | undefined): string =>
  typeof v === 'number' ? String(v) : quoted(v ?? '')

function dxfOf(style: ConditionalStyle | undefined): Partial<ExcelJS.Style> | undefined {
  if (!style) return undefined
  const out: Partial<ExcelJS.Style> = {}
  if (style.fill) out.fill = { type: 'pattern', pattern: 'solid', bgColor: argb(style.fill) }
  const font: Partial<ExcelJS.Font> = {}
  if (style.color) font.color = argb(style.color)
  if (style.bold) font.bold = true
  if (style.italic) font.italic = true
  if (style.strike) font.strike = true
  if (Object.keys(font).length > 0) out.font = font
  return out
}

/** The formula (no `=`) of a rule Excel has no native type for, for the range's top-left. */
function expressionOf(rule: ConditionalRule): string | null {
  const tl = `${colToLetters(rule.range.start.col)}${rule.range.start.row + 1}`
  const text = typeof rule.value === 'string' ? rule.value : ''
  const abs = formatRange(rule.range).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')
  switch (rule.kind) {
    case 'text':
      if (rule.op === 'contains') return `NOT(ISERROR(SEARCH(${quoted(text)},${tl})))`
      if (rule.op === 'notContains') return `ISERROR(SEARCH(${quoted(text)},${tl}))`
      if (rule.op === 'startsWith') return `LEFT(${tl},${text.length})=${quoted(text)}`
      return `RIGHT(${tl},${text.length})=${quoted(text)}`
    case 'date': {
      const [y, m, d] = String(rule.value).split('-').map(Number)
      return `FLOOR(${tl},1)${rule.op === 'before' ? '<' : '>'}DATE(${y},${m},${d})`
    }
    case 'duplicates':
      return `AND(${tl}<>"",COUNTIF(${abs},${tl})>1)`
    case 'unique':
      return `AND(${tl}<>"",COUNTIF(${abs},${tl})=1)`
    case 'formula':
      return (rule.formula ?? '=').slice(1)
    default:
      return null
  }
}

/** One Cellmate rule as an exceljs rule (`priority` 1 applies first). */
function excelRule(rule: ConditionalRule, priority: number): ExcelJS.ConditionalFormattingRule {
  const style = dxfOf(rule.style)
  switch (rule.kind) {
    case 'cellValue':
      return {
        type: 'cellIs',
        priority,
        style,
        operator: CELL_IS[rule.op ?? 'eq'] as ExcelJS.CellIsOperators,
        formulae:
          rule.op === 'between' || rule.op === 'notBetween'
            ? [operand(rule.value), operand(rule.value2)]
            : [operand(rule.value)],
      }
    case 'topBottom':
      return {
        type: 'top10',
        priority,
        style,
        rank: rule.count ?? 10,
        percent: rule.percent === true,
        bottom: rule.op === 'bottom',
      }
    case 'colorScale': {
      const colors = rule.colors ?? []
      const cfvo: ExcelJS.Cvfo[] =
        colors.length === 3
          ? [{ type: 'min' }, { type: 'percent', value: 50 }, { type: 'max' }]
          : [{ type: 'min' }, { type: 'max' }]
      return { type: 'colorScale', priority, cfvo, color: colors.map(argb) }
    }
    case 'dataBar':
      return {
        type: 'dataBar',
        priority,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: argb(rule.barColor ?? '#638ec6'),
      } as ExcelJS.DataBarRuleType
    case 'average':
      return {
        type: 'aboveAverage',
        priority,
        style,
        aboveAverage: rule.op === 'above' || rule.op === 'aboveOrEqual',
        ...(rule.op === 'aboveOrEqual' || rule.op === 'belowOrEqual' ? { equalAverage: true } : {}),
      } as ExcelJS.ConditionalFormattingRule
    case 'date':
      if (TIME_PERIODS.has(rule.op ?? '')) {
        return {
          type: 'timePeriod',
          priority,
          style,
          timePeriod: rule.op as ExcelJS.TimePeriodTypes,
        }
      }
      break
  }
  return { type: 'expression', priority, style, formulae: [expressionOf(rule) ?? 'FALSE'] }
}

/** Adds a sheet's rules to a worksheet, in priority order. */
export function writeConditionalFormats(
  ws: ExcelJS.Worksheet,
  rules: readonly ConditionalRule[],
): void {
  rules.forEach((rule, i) => {
    const rendered = excelRule(rule, i + 1) as ExcelJS.ConditionalFormattingRule & {
      stopIfTrue?: boolean
    }
    if (rule.stopIfTrue) rendered.stopIfTrue = true
    ws.addConditionalFormatting({ ref: formatRange(rule.range), rules: [rendered] })
  })
}

/** `FFAABBCC` / `AABBCC` -> `#aabbcc`; undefined for theme or indexed colours. */
function hexOf(color: Partial<ExcelJS.Color> | undefined): string | undefined {
  const v = color?.argb
  if (typeof v !== 'string' || !/^([0-9a-f]{2})?[0-9a-f]{6}$/i.test(v)) return undefined
  return `#${v.slice(-6).toLowerCase()}`
}

function styleOf(style: Partial<ExcelJS.Style> | undefined): ConditionalStyle {
  const out: ConditionalStyle = {}
  const fill = style?.fill as { bgColor?: Partial<ExcelJS.Color>; fgColor?: Partial<ExcelJS.Color> }
  const fillHex = hexOf(fill?.bgColor) ?? hexOf(fill?.fgColor)
  if (fillHex) out.fill = fillHex
  const colorHex = hexOf(style?.font?.color)
  if (colorHex) out.color = colorHex
  if (style?.font?.bold) out.bold = true
  if (style?.font?.italic) out.italic = true
  if (style?.font?.strike) out.strike = true
  return out
}

/** An operand of a `cellIs` formula: a number, or quoted text; null for anything else. */
function operandOf(formula: unknown): number | string | null {
  if (typeof formula !== 'string') return null
  const t = formula.trim()
  if (t !== '' && Number.isFinite(Number(t))) return Number(t)
  const m = /^"((?:[^"]|"")*)"$/.exec(t)
  return m ? m[1]!.replace(/""/g, '"') : null
}

/** What one Excel rule means as a Cellmate spec; null when Cellmate has no such rule. */
function specOf(rule: Record<string, unknown>): ConditionalSpec | null {
  const style = styleOf(rule.style as Partial<ExcelJS.Style> | undefined)
  const formulae = (rule.formulae as unknown[] | undefined) ?? []
  const base = rule.stopIfTrue === true ? { stopIfTrue: true } : {}
  switch (rule.type) {
    case 'cellIs': {
      const op = CELL_IS_BACK[String(rule.operator)] as ConditionalSpec['op']
      const value = operandOf(formulae[0])
      const value2 = operandOf(formulae[1])
      if (!op || value === null) return null
      const two = op === 'between' || op === 'notBetween'
      return {
        ...base,
        kind: 'cellValue',
        op,
        value,
        ...(two && value2 !== null ? { value2 } : {}),
        style,
      }
    }
    case 'top10':
      return {
        ...base,
        kind: 'topBottom',
        op: rule.bottom ? 'bottom' : 'top',
        count: Number(rule.rank ?? 10),
        ...(rule.percent ? { percent: true } : {}),
        style,
      }
    case 'timePeriod':
      return TIME_PERIODS.has(String(rule.timePeriod))
        ? { ...base, kind: 'date', op: rule.timePeriod as ConditionalSpec['op'], style }
        : null
    case 'aboveAverage': {
      if (rule.stdDev) return null
      const above = rule.aboveAverage !== false
      const op = rule.equalAverage
        ? above
          ? 'aboveOrEqual'
          : 'belowOrEqual'
        : above
          ? 'above'
          : 'below'
      return { ...base, kind: 'average', op, style }
    }
    case 'duplicateValues':
      return { ...base, kind: 'duplicates', style }
    case 'uniqueValues':
      return { ...base, kind: 'unique', style }
    case 'colorScale': {
      const colors = ((rule.color as Array<Partial<ExcelJS.Color>> | undefined) ?? []).map(hexOf)
      if (colors.some((c) => c === undefined)) return null
      return { kind: 'colorScale', colors: colors as string[] }
    }
    case 'dataBar': {
      const barColor = hexOf(rule.color as Partial<ExcelJS.Color> | undefined)
      return barColor ? { kind: 'dataBar', barColor } : null
    }
    case 'expression':
    case 'containsText':
    case 'notContainsText':
    case 'beginsWith':
    case 'endsWith':
      return typeof formulae[0] === 'string'
        ? { ...base, kind: 'formula', formula: `=${formulae[0]}`, style }
        : null
    default:
      return null
  }
}

/**
 * The rules of a worksheet as Cellmate rules, in priority order; each range of a
 * multi-range `sqref` becomes a rule of its own. `skipped` counts the rules left out,
 * `iconSets` how many of them were icon sets.
 */
export function conditionalFormatsFromXlsx(
  formattings: ReadonlyArray<{ ref: string; rules: unknown[] }> | undefined,
  maxRules: number,
): { rules: ImportedConditionalFormat[]; skipped: number; iconSets: number } {
  const found: Array<ImportedConditionalFormat & { priority: number }> = []
  let skipped = 0
  let iconSets = 0
  for (const cf of formattings ?? []) {
    for (const raw of cf.rules) {
      const rule = raw as Record<string, unknown>
      const spec = specOf(rule)
      if (!spec || conditionalSpecProblem(spec) !== null) {
        skipped++
        if (rule.type === 'iconSet') iconSets++
        continue
      }
      for (const ref of String(cf.ref).split(/\s+/)) {
        const range = parseRange(ref.replace(/\$/g, ''))
        if (range) found.push({ range, spec, priority: Number(rule.priority ?? 0) })
      }
    }
  }
  found.sort((a, b) => a.priority - b.priority)
  if (found.length > maxRules) skipped += found.length - maxRules
  return {
    rules: found.slice(0, maxRules).map(({ range, spec }) => ({ range, spec })),
    skipped,
    iconSets,
  }
}
