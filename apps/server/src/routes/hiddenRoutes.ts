import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  SheetLayout,
  hiddenIndexes,
  lettersToCol,
  setHiddenAt,
  sheetDocName,
  type Axis,
} from '@cellmate/model'
import { LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface HiddenRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
}

const span = z.object({
  at: z
    .union([
      z.number().int().min(1).max(LIMITS.maxRows),
      z.string().regex(/^[A-Za-z]{1,3}$/, 'a column letter such as "C"'),
    ])
    .describe('1-based row number, or a column letter ("C") or 1-based number'),
  count: z.number().int().min(1).max(LIMITS.maxRows),
})
const hiddenAnswer = z.object({
  hidden: z.array(z.number()).describe('1-based positions of every hidden row (column) now'),
})

/**
 * REST for hiding and showing rows and columns (for everyone; stored by id, so a hidden row
 * stays hidden wherever it moves).
 */
export const hiddenRoutes: FastifyPluginAsync<HiddenRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  for (const axis of ['rows', 'cols'] as const satisfies readonly Axis[]) {
    const noun = axis === 'rows' ? 'rows' : 'columns'
    for (const hidden of [true, false]) {
      api.post(
        `/api/workbooks/:id/sheets/:sheetId/${axis}/${hidden ? 'hide' : 'unhide'}`,
        {
          config: { access: 'write' },
          schema: {
            summary: `${hidden ? 'Hide' : 'Show'} ${noun} at..at+count-1 for everyone`,
            params: sheetParams,
            headers: authHeader,
            security: [{ bearer: [] }],
            body: span,
            response: { 200: hiddenAnswer, ...accessErrors },
          },
        },
        async (request) => {
          const { id, sheetId } = request.params
          const { at, count } = request.body
          await sheets.require(id, sheetId)
          const index = typeof at === 'number' ? at - 1 : lettersToCol(at)
          return registry.use(sheetDocName(id, sheetId), (entry) =>
            registry.change(entry, (doc) => {
              const layout = new SheetLayout(doc)
              const size = axis === 'rows' ? layout.rowCount : layout.colCount
              layout.destroy()
              setHiddenAt(doc, axis, index, Math.min(count, Math.max(0, size - index)), hidden)
              return { hidden: hiddenIndexes(doc, axis).map((i) => i + 1) }
            }),
          )
        },
      )
    }
  }
}
