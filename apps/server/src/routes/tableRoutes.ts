import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatRange, readTables, sheetDocName } from '@cellmate/model'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface TableRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
}

const tableJson = z.object({
  id: z.string(),
  name: z.string().describe('Unique in the workbook among tables and defined names'),
  range: z.string().describe('A1 range of the whole table, header and totals rows included'),
  headerRow: z.boolean(),
  totalsRow: z.boolean(),
  style: z.string().describe("Excel's style name (`TableStyleMedium2`); empty for none"),
  bandedRows: z.boolean(),
  bandedCols: z.boolean(),
  firstColumn: z.boolean(),
  lastColumn: z.boolean(),
  columns: z.array(z.string()).describe('Column names, left to right'),
  duplicate: z
    .boolean()
    .optional()
    .describe('Another table on this sheet has the same name (made at once by two people)'),
})

/**
 * REST for Excel tables: read a sheet's tables (made by an XLSX import). Structured
 * references are not live formulas: an import reads them as the ranges they name.
 */
export const tableRoutes: FastifyPluginAsync<TableRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/tables',
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the Excel tables of a sheet',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: z.object({ tables: z.array(tableJson) }), ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) => ({
        tables: readTables(entry.doc).map((t) => ({ ...t, range: formatRange(t.range) })),
      }))
    },
  )
}
