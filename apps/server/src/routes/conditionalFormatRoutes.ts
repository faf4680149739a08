import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type * as Y from 'yjs'
import * as z from 'zod'
import {
  CONDITIONAL_KINDS,
  CONDITIONAL_OPS,
  MAX_CONDITIONAL_FORMULA,
  MAX_CONDITIONAL_TEXT,
  addConditionalFormat,
  deleteConditionalFormat,
  formatRange,
  moveConditionalFormat,
  parseRange,
  readConditionalFormats,
  SheetLayout,
  sheetDocName,
  updateConditionalFormat,
  type ConditionalRule,
  type ConditionalSpec,
  type RangePosition,
} from '@cellmate/model'
import { ruleForDisplay, ruleForStorage, type FormulaContext } from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'
import { rulesContext, withRuleSheets, type RuleSheets } from './validationRoutes.js'

export interface ConditionalFormatRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
  /** Loads the other sheets that rule formulas read (`=D4=Sheet1!$E$1`). */
  evaluator: WorkbookEvaluator
}

const ALL_OPS = [...new Set(Object.values(CONDITIONAL_OPS).flat())] as [string, ...string[]]
const color = z.string().regex(/^#[0-9a-f]{6}$/, 'a colour is lower-case #rrggbb')
const operand = z.union([z.number(), z.string().max(MAX_CONDITIONAL_TEXT)])

const spec = z.object({
  kind: z.enum(CONDITIONAL_KINDS),
  op: z
    .enum(ALL_OPS)
    .optional()
    .describe(
      '`cellValue`: gt gte lt lte eq neq between notBetween; `text`: contains notContains startsWith endsWith; `date`: today yesterday tomorrow last7Days before after; `topBottom`: top bottom; `average`: above below aboveOrEqual belowOrEqual',
    ),
  value: operand.optional().describe('A number or text to compare with; `date`: `yyyy-mm-dd`'),
  value2: operand.optional().describe('The upper bound of `between` / `notBetween`'),
  count: z.number().int().optional().describe('`topBottom`: how many cells (or percent)'),
  percent: z.boolean().optional(),
  formula: z
    .string()
    .max(MAX_CONDITIONAL_FORMULA)
    .optional()
    .describe('`formula`: `=…` for the top-left cell; relative references shift per cell'),
  colors: z.array(color).min(2).max(3).optional().describe('`colorScale`: lowest, (mid,) highest'),
  barColor: color.optional().describe('`dataBar`: the bar colour'),
  negativeColor: color
    .optional()
    .describe('`dataBar`: the colour of bars below zero (default `#ff0000`)'),
  style: z
    .object({
      fill: color.optional(),
      color: color.optional(),
      bold: z.boolean().optional(),
      italic: z.boolean().optional(),
      strike: z.boolean().optional(),
    })
    .strict()
    .optional()
    .describe('The format of a matching cell (every kind but colour scales and data bars)'),
  stopIfTrue: z.boolean().optional(),
})

const a1Range = z.string().max(32).describe('Where the rule applies, an A1 range such as `B2:B100`')
const ruleJson = spec.extend({
  id: z.string(),
  range: a1Range,
  priority: z.number().int().describe('0 applies first'),
})
const rulesAnswer = z.object({ rules: z.array(ruleJson).describe('In priority order') })
const ruleParams = sheetParams.extend({ ruleId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) })

function rangeOf(text: string): RangePosition {
  const range = parseRange(text)
  if (!range) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${text}" is not an A1 range`)
  return range
}

/**
 * `read` given a context of the sheet's current layout and the other sheets its rule formulas
 * read (`withRuleSheets`), for the formulas' conversions.
 */
function withLayout<T>(
  doc: Y.Doc,
  lists: RuleSheets | undefined,
  read: (ctx: FormulaContext) => T,
): T {
  const layout = new SheetLayout(doc)
  try {
    return read(rulesContext(lists?.sheetId ?? '', layout, lists))
  } finally {
    layout.destroy()
  }
}

function toJson(rule: ConditionalRule, priority: number): z.infer<typeof ruleJson> {
  const { range, order: _order, ...rest } = rule
  return { ...rest, range: formatRange(range), priority }
}

/**
 * REST for conditional formats: list a sheet's rules in priority order, add one (last, or
 * first), change one's rule, range or priority, delete one. Every write is one transaction
 * the model checks (a malformed rule is 400, past the rule limit 400 LIMIT_EXCEEDED).
 */
export const conditionalFormatRoutes: FastifyPluginAsync<ConditionalFormatRoutesOptions> = async (
  app,
  opts,
) => {
  const { registry, sheets, evaluator } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const path = '/api/workbooks/:id/sheets/:sheetId/conditional-formats'
  const common = { params: sheetParams, headers: authHeader, security: [{ bearer: [] }] }
  const answer = { 200: rulesAnswer, ...accessErrors }
  const rulesOf = (doc: Y.Doc, lists?: RuleSheets) =>
    withLayout(doc, lists, (ctx) => ({
      rules: readConditionalFormats(doc).map((r, i) => toJson(ruleForDisplay(r, ctx), i)),
    }))
  /** Runs `fn` with the sheets the rules read, and those `typed` formulas name, loaded. */
  const withSheets = <T>(
    id: string,
    sheetId: string,
    typed: readonly string[],
    fn: (lists?: RuleSheets) => Promise<T>,
  ) => withRuleSheets({ registry, sheets, evaluator }, id, sheetId, typed, fn)

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: { summary: 'List the conditional formats of a sheet', ...common, response: answer },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return withSheets(id, sheetId, [], (lists) =>
        registry.use(sheetDocName(id, sheetId), (entry) => rulesOf(entry.doc, lists)),
      )
    },
  )

  api.post(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Add a conditional format rule (last in priority, or first with `first: true`)',
        ...common,
        body: spec.extend({ range: a1Range, first: z.boolean().optional() }),
        response: answer,
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const { range, first, ...rule } = request.body
      const at = rangeOf(range)
      await sheets.require(id, sheetId)
      return withSheets(id, sheetId, [rule.formula ?? ''], (lists) =>
        registry.use(sheetDocName(id, sheetId), (entry) =>
          registry.change(entry, (doc) => {
            const stored = withLayout(doc, lists, (ctx) =>
              ruleForStorage(rule as ConditionalSpec, ctx, at.start),
            )
            addConditionalFormat(doc, at, stored, { first })
            return rulesOf(doc, lists)
          }),
        ),
      )
    },
  )

  api.patch(
    `${path}/:ruleId`,
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Change a conditional format rule: its rule (`kind` and the fields that go with it, replacing the old ones), its range, and/or its priority (0 = first)',
        ...common,
        params: ruleParams,
        body: spec
          .partial()
          .extend({ range: a1Range.optional(), priority: z.number().int().min(0).optional() }),
        response: answer,
      },
    },
    async (request) => {
      const { id, sheetId, ruleId } = request.params
      const { range, priority, ...rule } = request.body
      const at = range === undefined ? undefined : rangeOf(range)
      const newSpec = rule.kind === undefined ? undefined : (rule as ConditionalSpec)
      if (Object.keys(rule).length > 0 && newSpec === undefined) {
        throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a changed rule names its "kind"')
      }
      await sheets.require(id, sheetId)
      return withSheets(id, sheetId, [rule.formula ?? ''], (lists) =>
        registry.use(sheetDocName(id, sheetId), (entry) =>
          registry.change(entry, (doc) => {
            if (newSpec || at) {
              const spec = withLayout(doc, lists, (ctx) => {
                const old = readConditionalFormats(doc).find((r) => r.id === ruleId)
                if (!old)
                  throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such conditional format')
                // The formula as typed (or as it reads now), for the rule's new top-left cell.
                const typed = newSpec ?? ruleForDisplay(old, ctx)
                return ruleForStorage(typed, ctx, (at ?? old.range).start)
              })
              updateConditionalFormat(doc, ruleId, { spec, range: at })
            }
            if (priority !== undefined) moveConditionalFormat(doc, ruleId, priority)
            return rulesOf(doc, lists)
          }),
        ),
      )
    },
  )

  api.delete(
    `${path}/:ruleId`,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Delete a conditional format rule',
        ...common,
        params: ruleParams,
        response: answer,
      },
    },
    async (request) => {
      const { id, sheetId, ruleId } = request.params
      await sheets.require(id, sheetId)
      return withSheets(id, sheetId, [], (lists) =>
        registry.use(sheetDocName(id, sheetId), (entry) =>
          registry.change(entry, (doc) => {
            if (!deleteConditionalFormat(doc, ruleId)) {
              throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such conditional format')
            }
            return rulesOf(doc, lists)
          }),
        ),
      )
    },
  )
}
