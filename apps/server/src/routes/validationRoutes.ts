import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type * as Y from 'yjs'
import * as z from 'zod'
import {
  MAX_LIST_ITEMS,
  MAX_LIST_ITEM_CHARS,
  MAX_VALIDATION_TEXT,
  SheetLayout,
  VALIDATION_KINDS,
  VALIDATION_OPS,
  formatA1,
  formatRange,
  parseRange,
  passesValidation,
  readValidations,
  replaceValidations,
  sheetDocName,
  validationAt,
  validationMessage,
  type CellPosition,
  type ValidationCriteria,
  type ValidationRule,
} from '@cellmate/model'
import {
  customRuleFormula,
  customRulePasses,
  ruleForDisplay,
  ruleForStorage,
  sheetFormulaContext,
  type CellValue,
} from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, errorBody, sheetParams } from './routeSchemas.js'

export interface ValidationRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
}

const rule = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .optional()
    .describe('Keeps a rule its id on PUT; a new one is made when absent'),
  range: z.string().max(32).describe('Where the rule applies, an A1 range such as `B2:B100`'),
  kind: z.enum(VALIDATION_KINDS),
  items: z
    .array(z.string().max(MAX_LIST_ITEM_CHARS))
    .max(MAX_LIST_ITEMS)
    .optional()
    .describe('`list`: the dropdown values'),
  source: z.string().max(32).optional().describe('`listRange`: the A1 range of allowed values'),
  op: z.enum(VALIDATION_OPS).optional().describe('`number`, `date`, `textLength`'),
  min: z
    .union([z.number(), z.string().max(10)])
    .optional()
    .describe('A number or `yyyy-mm-dd`'),
  max: z.union([z.number(), z.string().max(10)]).optional(),
  integer: z.boolean().optional().describe('`number`: true lets only whole numbers in'),
  formula: z.string().max(MAX_VALIDATION_TEXT).optional().describe('`custom`: `=…`, TRUE passes'),
  strict: z.boolean().describe('true: reject invalid input (422); false: keep it, marked'),
  message: z.string().max(MAX_VALIDATION_TEXT).optional(),
  inputMessage: z.string().max(MAX_VALIDATION_TEXT).optional(),
  showDropdown: z.boolean().optional().describe('List rules: false hides the cell chevron'),
})
type RuleJson = z.infer<typeof rule>

const rulesAnswer = z.object({ rules: z.array(rule.required({ id: true })) })

/**
 * REST for data validation: read and replace a sheet's rules. A rule refusing input
 * (`strict`) is enforced on `PATCH …/cells` by `checkValidations` (422 naming the rule).
 */
export const validationRoutes: FastifyPluginAsync<ValidationRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const path = '/api/workbooks/:id/sheets/:sheetId/validations'

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the data validation rules of a sheet',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: rulesAnswer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) => ({ rules: rulesOf(entry.doc) }))
    },
  )

  api.put(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Replace every data validation rule of a sheet (an empty list removes them all)',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({ rules: z.array(rule).max(1000) }),
        response: { 200: rulesAnswer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const rules = request.body.rules.map((r) => {
        const range = parseRange(r.range)
        if (!range)
          throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${r.range}" is not an A1 range`)
        return { ...criteriaOf(r), id: r.id, range }
      })
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) =>
        registry.change(entry, (doc) => {
          const layout = new SheetLayout(doc)
          try {
            // Formulas and list sources are stored anchored, so they follow inserts.
            const ctx = sheetFormulaContext(sheetId, layout)
            replaceValidations(
              doc,
              rules.map((r) => ruleForStorage(r, ctx, r.range.start)),
            )
          } finally {
            layout.destroy()
          }
          return { rules: rulesOf(doc) }
        }),
      )
    },
  )
}

function criteriaOf(r: RuleJson): ValidationCriteria {
  const { id: _id, range: _range, ...criteria } = r
  return criteria
}

function toJson(r: ValidationRule): RuleJson & { id: string } {
  const { range, ...rest } = r
  return { ...rest, range: formatRange(range) }
}

/** The sheet's rules with their formulas and list sources in A1 form for the current layout. */
function displayedRules(doc: Y.Doc, rules: readonly ValidationRule[]): ValidationRule[] {
  if (rules.length === 0) return []
  const layout = new SheetLayout(doc)
  try {
    const ctx = sheetFormulaContext('', layout)
    return rules.map((r) => ruleForDisplay(r, ctx))
  } finally {
    layout.destroy()
  }
}

function rulesOf(doc: Y.Doc): Array<RuleJson & { id: string }> {
  return displayedRules(doc, readValidations(doc)).map(toJson)
}

/** The 422 answer's schema, for routes that enforce rules. */
export const validationRefusal = { 422: errorBody } as const

/**
 * Refuses a write that a "reject input" rule does not allow, before anything is written:
 * 422 VALIDATION_FAILED with the rule's message (or one naming the cell, the value and the
 * rule). Formulas are not checked here (their value is known only after they are written).
 * `custom` rules are checked with `calculate` (the workbook's engine, as it is before this
 * write: other cells of the same request are not seen yet); without it they pass. Empty
 * values pass.
 */
export function checkValidations(
  doc: Y.Doc,
  writes: ReadonlyArray<CellPosition & { value: string }>,
  calculate?: (formula: string) => CellValue,
): void {
  const rules = displayedRules(
    doc,
    readValidations(doc).filter((r) => r.strict && (calculate || r.kind !== 'custom')),
  )
  if (rules.length === 0) return
  let layout: SheetLayout | null = null
  try {
    for (const w of writes) {
      if (w.value === '' || w.value.startsWith('=')) continue
      const found = validationAt(rules, w.row, w.col)
      if (!found) continue
      let listValues: string[] | undefined
      if (found.kind === 'listRange') {
        layout ??= new SheetLayout(doc)
        listValues = rangeInputs(layout, found.source ?? '')
      }
      const customResult =
        found.kind === 'custom' && calculate
          ? customRulePasses(
              calculate(customRuleFormula(found.formula ?? '', found.range.start, w, w.value)),
            )
          : undefined
      if (!passesValidation(found, w.value, { listValues, customResult })) {
        throw new CellmateError(
          ERROR_CODES.VALIDATION_FAILED,
          validationMessage(found, formatA1(w), w.value),
        )
      }
    }
  } finally {
    layout?.destroy()
  }
}

/** The non-empty inputs of an A1 range of the sheet (a `listRange` rule's values). */
function rangeInputs(layout: SheetLayout, source: string): string[] {
  const range = parseRange(source.replace(/\$/g, ''))
  if (!range) return []
  const out: string[] = []
  const lastRow = Math.min(range.end.row, layout.rowCount - 1, range.start.row + 10_000)
  for (let row = range.start.row; row <= lastRow; row++) {
    for (let col = range.start.col; col <= Math.min(range.end.col, layout.colCount - 1); col++) {
      const v = layout.cellAt(row, col)
      if (v !== '') out.push(v.replace(/^'/, ''))
    }
  }
  return out
}
