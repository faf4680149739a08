import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  MERGE_MODES,
  formatA1,
  formatRange,
  mergeCells,
  parseRange,
  planMerge,
  readMerges,
  sheetDocName,
  unmergeCells,
  type RangePosition,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface MergeRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
}

const a1Range = z.string().max(32).describe('An A1 range such as `A1:C2`')

const mergesAnswer = z.object({
  merges: z.array(z.string()).describe('Merged blocks in effect, as A1 ranges, in key order'),
  held: z
    .array(z.string())
    .describe(
      'Merges not in effect because a cell other than the top-left holds a value (typed while the merge was made); merge again or unmerge to settle',
    ),
})

function rangeOf(text: string): RangePosition {
  const range = parseRange(text)
  if (!range) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${text}" is not an A1 range`)
  return range
}

/**
 * REST for merged cells: list, merge (all, per row, per column) and unmerge. A merge that
 * would discard values (merging keeps only the top-left one, as in Excel) is refused unless
 * the request says `discardOthers: true`, naming the cells it would clear.
 */
export const mergeRoutes: FastifyPluginAsync<MergeRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const path = '/api/workbooks/:id/sheets/:sheetId/merges'

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the merged cells of a sheet',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: mergesAnswer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) => {
        const state = readMerges(entry.doc)
        return {
          merges: state.blocks.map((b) => formatRange(b)),
          held: state.held.map((b) => formatRange(b)),
        }
      })
    },
  )

  api.post(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Merge a range (all, horizontally: one block per row, vertically: one per column); the range grows over merged blocks it touches',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({
          range: a1Range,
          mode: z.enum(MERGE_MODES as [string, ...string[]]).default('all'),
          discardOthers: z
            .boolean()
            .default(false)
            .describe(
              'Merging keeps only the top-left value of each block: true clears the others; without it a merge that would clear a value is refused',
            ),
        }),
        response: {
          200: z.object({
            merged: z.array(z.string()),
            discarded: z.number().describe('How many values were cleared'),
          }),
          ...accessErrors,
        },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const { mode, discardOthers } = request.body
      const range = rangeOf(request.body.range)
      await sheets.require(id, sheetId)
      const merge = mode as (typeof MERGE_MODES)[number]
      return registry.use(sheetDocName(id, sheetId), (entry) =>
        // Planned inside the change: it takes its turn after every write queued before it.
        registry.change(entry, (doc) => {
          const plan = planMerge(doc, range, merge)
          if (plan.discarded.length > 0 && !discardOthers) {
            const first = plan.discarded.slice(0, 3).map(formatA1).join(', ')
            const more = plan.discarded.length > 3 ? ` and ${plan.discarded.length - 3} more` : ''
            throw new CellmateError(
              ERROR_CODES.BAD_REQUEST,
              `merging keeps only the top-left value; ${first}${more} would be cleared: send "discardOthers": true to merge anyway`,
            )
          }
          const done = mergeCells(doc, range, merge)
          return { merged: done.parts.map((p) => formatRange(p)), discarded: done.discarded.length }
        }),
      )
    },
  )

  api.delete(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Unmerge every merged block that shares a cell with a range',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        querystring: z.object({ range: a1Range }),
        response: { 200: z.object({ unmerged: z.number() }), ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const range = rangeOf(request.query.range)
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) =>
        registry.change(entry, (doc) => ({ unmerged: unmergeCells(doc, range) })),
      )
    },
  )
}
