import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  MAX_SORT_KEYS,
  applySortPlan,
  formatRange,
  lettersToCol,
  parseRange,
  planSort,
  setCells,
  setRuleTexts,
  sheetDocName,
  type CellEdit,
  type RangePosition,
  type SortOptions,
} from '@cellmate/model'
import {
  rewrittenRuleTexts,
  snapFormulasForSort,
  snapRangesForSort,
  type PendingSort,
} from '@cellmate/formula'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocEntry } from '../docEntry.js'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface SortRoutesOptions {
  registry: DocumentRegistry
  evaluator: WorkbookEvaluator
  sheets: SheetService
}

const sortKey = z.object({
  col: z
    .union([
      z.number().int().min(1).max(LIMITS.maxCols),
      z.string().regex(/^[A-Za-z]{1,3}$/, 'a column letter such as "C"'),
    ])
    .describe('Column letter ("B") or 1-based number (2); inside the range'),
  desc: z.boolean().optional().describe('Descending (Z→A, 9→1); ascending when absent'),
})

const sortBody = z.object({
  range: z
    .string()
    .max(32)
    .describe('An A1 range such as `A1:D100`; rows past the sheet end are ignored'),
  keys: z.array(sortKey).min(1).max(MAX_SORT_KEYS).describe('Sort columns, most significant first'),
  header: z.boolean().optional().describe('The first row of the range is a header and stays'),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional()
    .describe('BCP 47 locale for comparing text (`de`, `sv`); the server default otherwise'),
})

const sortAnswer = z.object({
  range: z.string().describe('The rows sorted (without the header), A1'),
  moved: z.number().describe('How many rows changed place'),
})

function badRequest(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.BAD_REQUEST, message)
}

/**
 * Sorts rows of a sheet by computed values (formulas by their results) and keeps multi-row
 * ranges of every sheet's formulas (and the sheet's rules' formulas and list sources) in place
 * (`@cellmate/formula` `snapFormulasForSort`): the target sheet in the sort's own transaction,
 * the others right after.
 */
async function sortKeepingRanges(
  opts: SortRoutesOptions,
  where: { id: string; sheetId: string },
  range: RangePosition,
  options: Omit<SortOptions, 'valueAt'>,
): Promise<{ range: string; moved: number }> {
  const { registry, evaluator, sheets } = opts
  const listed = await sheets.list(where.id)
  return evaluator.use(where.id, 'all', async (workbook) => {
    const entries = new Map<string, DocEntry>()
    try {
      await Promise.all(
        listed.map(async (s) =>
          entries.set(s.id, await registry.acquire(sheetDocName(where.id, s.id))),
        ),
      )
      const target = entries.get(where.sheetId)
      if (!target) throw new Error(`sheet ${where.sheetId} is not listed`)
      const plan = planSort(target.doc, range, {
        ...options,
        valueAt: (rowId, colId) => workbook.valueById(where.sheetId, rowId, colId),
      })
      const replacedBy = new Map<string, string>()
      plan.before.forEach((id, i) => {
        if (plan.after[i] !== id) replacedBy.set(id, plan.after[i] as string)
      })
      const sort: PendingSort = { sheetId: where.sheetId, replacedBy }
      const edits = new Map<string, CellEdit[]>()
      for (const [id, entry] of entries) edits.set(id, snapFormulasForSort(entry.doc, id, sort))
      // A rule's formulas and list source read the rule's own sheet only.
      const rules = rewrittenRuleTexts(target.doc, (f) => snapRangesForSort(f, where.sheetId, sort))
      const moved = await registry.change(target, (doc) => {
        const count = applySortPlan(doc, plan)
        setCells(doc, edits.get(where.sheetId) ?? [])
        setRuleTexts(doc, rules)
        return count
      })
      for (const [id, entry] of entries) {
        const list = edits.get(id) ?? []
        if (id !== where.sheetId && list.length > 0) {
          await registry.change(entry, (doc) => setCells(doc, list))
        }
      }
      const sorted = {
        start: { row: plan.start, col: range.start.col },
        end: { row: plan.start + Math.max(plan.before.length, 1) - 1, col: range.end.col },
      }
      return { range: formatRange(sorted), moved }
    } finally {
      for (const entry of entries.values()) registry.release(entry)
    }
  })
}

/** REST for sorting a range of a sheet. */
export const sortRoutes: FastifyPluginAsync<SortRoutesOptions> = async (app, opts) => {
  const api = app.withTypeProvider<ZodTypeProvider>()
  api.post(
    '/api/workbooks/:id/sheets/:sheetId/sort',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Sort the rows of a range by one or more of its columns (Excel order, computed values, stable; whole rows move)',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: sortBody,
        response: { 200: sortAnswer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const { body } = request
      const range = parseRange(body.range)
      if (!range) throw badRequest(`"${body.range}" is not an A1 range`)
      const keys = body.keys.map((k) => ({
        col: typeof k.col === 'number' ? k.col - 1 : lettersToCol(k.col),
        desc: k.desc === true,
      }))
      await opts.sheets.require(id, sheetId)
      return sortKeepingRanges(opts, { id, sheetId }, range, {
        keys,
        header: body.header === true,
        ...(body.locale ? { locale: body.locale } : {}),
      })
    },
  )
}
