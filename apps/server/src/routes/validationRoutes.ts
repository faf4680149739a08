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
  parseListSource,
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
  ruleSheetIds,
  ruleForStorage,
  sheetFormulaContext,
  type AxisLookup,
  type CellValue,
  type FormulaContext,
} from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import { sheetsNamedIn } from '../evaluation/sheetsNamedIn.js'
import type { EvaluatedWorkbook, WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, errorBody, sheetParams } from './routeSchemas.js'

export interface ValidationRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
  /** Loads the other sheets that rules read (`Lists!$A$1:$A$9`, `=B2<Rates!$A$1`). */
  evaluator: WorkbookEvaluator
}

/**
 * The workbook a sheet's rules are read with: their formulas and list sources may name other
 * sheets, whose names and layouts come from the evaluator that loaded them (`withRuleSheets`).
 */
export interface RuleSheets {
  sheetId: string
  workbook: EvaluatedWorkbook
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
  source: z
    .string()
    .max(300)
    .optional()
    .describe('`listRange`: the A1 range of allowed values (`Lists!$A$1:$A$9` on another sheet)'),
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
  const { registry, sheets, evaluator } = opts
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
      const read = (lists?: RuleSheets) =>
        registry.use(sheetDocName(id, sheetId), (entry) => ({ rules: rulesOf(entry.doc, lists) }))
      return withRuleSheets({ registry, sheets, evaluator }, id, sheetId, [], read)
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
      const named = rules.flatMap((r) =>
        r.kind === 'listRange' ? [r.source ?? ''] : r.kind === 'custom' ? [r.formula ?? ''] : [],
      )
      const write = (lists?: RuleSheets) =>
        registry.use(sheetDocName(id, sheetId), (entry) =>
          registry.change(entry, (doc) => {
            const layout = new SheetLayout(doc)
            try {
              // Formulas and list sources are stored anchored, so they follow inserts (a
              // source on another sheet, that sheet's inserts and renames).
              const ctx = rulesContext(sheetId, layout, lists)
              const stored = rules.map((r) => ruleForStorage(r, ctx, r.range.start))
              for (const r of stored) {
                const sheet = r.kind === 'listRange' && parseListSource(r.source ?? '')?.sheet
                if (sheet) {
                  // Kept in A1 form: the sheet is not there, or the range is not all in it.
                  const lower = sheet.toLowerCase()
                  const known = lists?.workbook.sheets().some((s) => s.name.toLowerCase() === lower)
                  throw new CellmateError(
                    ERROR_CODES.BAD_REQUEST,
                    known
                      ? `the list source ${r.source ?? ''} reaches past the last row or column of ${sheet}`
                      : `the list source ${r.source ?? ''} names no sheet of this workbook`,
                  )
                }
              }
              replaceValidations(doc, stored)
            } finally {
              layout.destroy()
            }
            return { rules: rulesOf(doc, lists) }
          }),
        )
      return withRuleSheets({ registry, sheets, evaluator }, id, sheetId, named, write)
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

/**
 * The sheets the sheet's rules read (stored: the formulas and list sources of its data
 * validations and conditional formats) or `typed` list sources and formulas name, that the
 * workbook has: what the evaluator must load to show or check the rules (`RuleSheets`).
 */
export async function ruleSheetIdsOf(
  deps: Pick<ValidationRoutesOptions, 'registry' | 'sheets'>,
  id: string,
  sheetId: string,
  typed: readonly string[] = [],
): Promise<string[]> {
  const stored = await deps.registry.use(sheetDocName(id, sheetId), (e) => ruleSheetIds(e.doc))
  const names = typed.flatMap((t) => parseListSource(t)?.sheet ?? [])
  const formulas = typed.filter((t) => t.startsWith('='))
  if (stored.length === 0 && names.length === 0 && formulas.length === 0) return []
  const tabs = await deps.sheets.list(id)
  const lower = new Set(names.map((n) => n.toLowerCase()))
  const inFormulas = sheetsNamedIn(formulas, tabs)
  return tabs
    .filter(
      (s) => stored.includes(s.id) || lower.has(s.name.toLowerCase()) || inFormulas.includes(s.id),
    )
    .map((s) => s.id)
}

/**
 * Runs `fn` with the sheets the rules read loaded in the evaluator (`ruleSheetIdsOf`), or
 * without it when they read none (the common case).
 */
export async function withRuleSheets<T>(
  deps: ValidationRoutesOptions,
  id: string,
  sheetId: string,
  typed: readonly string[],
  fn: (lists?: RuleSheets) => Promise<T>,
): Promise<T> {
  const ids = await ruleSheetIdsOf(deps, id, sheetId, typed)
  if (ids.length === 0) return fn()
  const wanted = [sheetId, ...ids.filter((s) => s !== sheetId)]
  return deps.evaluator.use(id, wanted, (workbook) => fn({ sheetId, workbook }))
}

/** How a sheet's rules are converted: with the other sheets' names and layouts when loaded. */
export function rulesContext(
  sheetId: string,
  layout: AxisLookup,
  lists?: RuleSheets,
): FormulaContext {
  if (!lists) return sheetFormulaContext(sheetId, layout)
  const { workbook } = lists
  const byName = (name: string) => {
    const lower = name.toLowerCase()
    return workbook.sheets().find((s) => s.name.toLowerCase() === lower)?.id
  }
  return {
    sheetId,
    layout: (id) => (id === sheetId ? layout : workbook.layout(id)),
    sheetIdByName: byName,
    sheetName: (id) => workbook.sheets().find((s) => s.id === id)?.name,
  }
}

/**
 * The sheet's rules with their formulas and list sources in A1 form for the current layout
 * (a list source on a sheet that `lists` does not hold, or that was deleted, reads `#REF!`).
 */
function displayedRules(
  doc: Y.Doc,
  rules: readonly ValidationRule[],
  lists?: RuleSheets,
): ValidationRule[] {
  if (rules.length === 0) return []
  const layout = new SheetLayout(doc)
  try {
    const ctx = rulesContext(lists?.sheetId ?? '', layout, lists)
    return rules.map((r) => ruleForDisplay(r, ctx))
  } finally {
    layout.destroy()
  }
}

function rulesOf(doc: Y.Doc, lists?: RuleSheets): Array<RuleJson & { id: string }> {
  return displayedRules(doc, readValidations(doc), lists).map(toJson)
}

/** The 422 answer's schema, for routes that enforce rules. */
export const validationRefusal = { 422: errorBody } as const

/**
 * Refuses a write that a "reject input" rule does not allow, before anything is written:
 * 422 VALIDATION_FAILED with the rule's message (or one naming the cell, the value and the
 * rule). Formulas are not checked here (their value is known only after they are written).
 * `custom` rules are checked with `calculate` (the workbook's engine, as it is before this
 * write: other cells of the same request are not seen yet); without it they pass. Empty
 * values pass. A list from another sheet reads that sheet in `lists` (`withRuleSheets`);
 * without it, or once that sheet is deleted, its list is empty and nothing passes.
 */
export function checkValidations(
  doc: Y.Doc,
  writes: ReadonlyArray<CellPosition & { value: string }>,
  calculate?: (formula: string) => CellValue,
  lists?: RuleSheets,
): void {
  const rules = displayedRules(
    doc,
    readValidations(doc).filter((r) => r.strict && (calculate || r.kind !== 'custom')),
    lists,
  )
  if (rules.length === 0) return
  if (calculate) {
    // Each cell under a custom rule is one evaluation on the event loop (~0.2–0.5 ms here):
    // 100,000 of them held the whole server for ~50 s. Counted before any is evaluated.
    let custom = 0
    for (const w of writes) {
      if (w.value === '' || w.value.startsWith('=')) continue
      if (validationAt(rules, w.row, w.col)?.kind === 'custom') custom++
    }
    if (custom > MAX_CUSTOM_RULE_CHECKS) {
      throw new CellmateError(
        ERROR_CODES.LIMIT_EXCEEDED,
        `this write puts ${custom} values under custom-formula rules that reject input; ` +
          `one request may check at most ${MAX_CUSTOM_RULE_CHECKS}: write them in smaller parts`,
      )
    }
  }
  let layout: SheetLayout | null = null
  // Each list's values are read once per request, as a set: a write of 100,000 cells under a
  // list of 10,000 values read the source again, and looked through it, for every cell.
  const listSets = new Map<ValidationRule, Set<string>>()
  try {
    for (const w of writes) {
      if (w.value === '' || w.value.startsWith('=')) continue
      const found = validationAt(rules, w.row, w.col)
      if (!found) continue
      let listValues: string[] | undefined
      if (found.kind === 'listRange') {
        let set = listSets.get(found)
        if (!set) {
          layout ??= new SheetLayout(doc)
          const values = listInputs(layout, found.source ?? '', lists)
          set = new Set(values.map((v) => v.trim().toLowerCase()))
          listSets.set(found, set)
        }
        // `passesValidation` compares trimmed, case-insensitive: the one value it needs.
        listValues = set.has(w.value.trim().toLowerCase()) ? [w.value] : []
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

/** Most values one REST write may have checked against custom-formula rules (`checkValidations`). */
export const MAX_CUSTOM_RULE_CHECKS = 2_000

/** Most cells of a list's source range read (Excel caps a list at 32,767 characters). */
const MAX_LIST_SOURCE_CELLS = 10_000

/**
 * The non-empty inputs of a `listRange` rule's source: an A1 range of the sheet, or of the
 * other sheet it names, read in `lists` (none when that sheet is not there).
 */
function listInputs(layout: SheetLayout, source: string, lists?: RuleSheets): string[] {
  const parsed = parseListSource(source)
  if (!parsed) return []
  const { range } = parsed
  const lower = parsed.sheet?.toLowerCase()
  const other =
    lower === undefined
      ? undefined
      : lists?.workbook.sheets().find((s) => s.name.toLowerCase() === lower)?.id
  if (lower !== undefined && other === undefined) return []
  const size =
    other === undefined || other === lists?.sheetId
      ? { rows: layout.rowCount, cols: layout.colCount }
      : (lists as RuleSheets).workbook.size(other)
  const input = (row: number, col: number): string =>
    other === undefined || other === lists?.sheetId
      ? layout.cellAt(row, col)
      : (lists as RuleSheets).workbook.input(other, row, col)
  const out: string[] = []
  const lastRow = Math.min(range.end.row, size.rows - 1)
  const lastCol = Math.min(range.end.col, size.cols - 1)
  // As many cells as the grid's dropdown lists (`MAX_SOURCE_CELLS` in the web app), whatever
  // the source's width: rows were capped, columns not, and A1:XFD1048576 read millions.
  let cells = 0
  for (let row = range.start.row; row <= lastRow && cells < MAX_LIST_SOURCE_CELLS; row++) {
    for (let col = range.start.col; col <= lastCol; col++, cells++) {
      const v = input(row, col)
      if (v !== '') out.push(v.replace(/^'/, ''))
    }
  }
  return out
}
