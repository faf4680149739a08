import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import type * as Y from 'yjs'
import {
  TABLE_STYLE_RE,
  formatAsTable,
  formatRange,
  parseRange,
  readTables,
  sheetDocName,
  updateTable,
  type SheetTable,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import { convertTableKeepingFormulas } from './convertTableKeepingFormulas.js'
import { workbookTableNames } from '../transfer/workbookTableNames.js'
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

const options = {
  headerRow: z.boolean().optional(),
  totalsRow: z.boolean().optional(),
  style: z
    .string()
    .regex(new RegExp(`^$|${TABLE_STYLE_RE.source}`, 'u'))
    .optional()
    .describe("Excel's style name (`TableStyleMedium2`, the default); empty for none"),
  bandedRows: z.boolean().optional(),
  bandedCols: z.boolean().optional(),
  firstColumn: z.boolean().optional(),
  lastColumn: z.boolean().optional(),
}
const columnNames = z
  .array(z.string().max(255))
  .max(16_384)
  .optional()
  .describe('Column names left to right; blank ones become `ColumnN`')
const tableName = z.string().min(1).max(255)
const tableParams = sheetParams.extend({ tableId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) })
const answer = z.object({ tables: z.array(tableJson) })

function toJson(t: SheetTable): z.infer<typeof tableJson> {
  return { ...t, range: formatRange(t.range) }
}

/**
 * REST for Excel tables: list a sheet's tables, make one over a range (Excel's "Format as
 * Table": the header row's text names the columns, an empty header cell gets `ColumnN`
 * written into it), rename or restyle one, and delete one (its cells stay and structured
 * references to it become plain ranges, as Excel's "Convert to Range"). A name must be unique among the workbook's tables and defined names;
 * two requests on different sheets at the same moment can still both take one name (the
 * export then renames one). Formulas' structured references (`Sales[Amount]`) follow every
 * change made here: a rename, a resize, the totals row shown or hidden.
 */
export const tableRoutes: FastifyPluginAsync<TableRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  const path = '/api/workbooks/:id/sheets/:sheetId/tables'
  const common = { headers: authHeader, security: [{ bearer: [] }] }

  const takenNames = (workbookId: string, sheetId: string): Promise<string[]> =>
    workbookTableNames(registry, sheets, workbookId, sheetId)

  const change = async (
    workbookId: string,
    sheetId: string,
    edit: (doc: Y.Doc) => void,
  ): Promise<z.infer<typeof answer>> => {
    await sheets.require(workbookId, sheetId)
    return registry.use(sheetDocName(workbookId, sheetId), (entry) =>
      registry.change(entry, (doc) => {
        edit(doc)
        return { tables: readTables(doc).map(toJson) }
      }),
    )
  }

  api.post(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Make an Excel table over a range',
        ...common,
        params: sheetParams,
        body: z.object({
          name: tableName,
          range: z.string().max(32),
          columns: columnNames,
          ...options,
        }),
        response: { 200: answer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const { range: text, ...input } = request.body
      const range = parseRange(text)
      if (!range) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${text}" is not an A1 range`)
      await sheets.require(id, sheetId)
      const taken = await takenNames(id, sheetId)
      return change(
        id,
        sheetId,
        (doc) => void formatAsTable(doc, { ...input, range }, undefined, taken),
      )
    },
  )

  api.patch(
    `${path}/:tableId`,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Rename, resize or restyle an Excel table, or rename its columns',
        ...common,
        params: tableParams,
        body: z.object({
          name: tableName.optional(),
          range: z
            .string()
            .max(32)
            .optional()
            .describe('A1 range of the whole table after a resize (Excel: Resize Table)'),
          columns: columnNames,
          ...options,
        }),
        response: { 200: answer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId, tableId } = request.params
      await sheets.require(id, sheetId)
      const { range: text, ...rest } = request.body
      const range = text === undefined ? undefined : parseRange(text)
      if (range === null) {
        throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${text}" is not an A1 range`)
      }
      const taken = rest.name === undefined ? [] : await takenNames(id, sheetId)
      const body = range ? { ...rest, range } : rest
      return change(id, sheetId, (doc) => void updateTable(doc, tableId, body, undefined, taken))
    },
  )

  api.delete(
    `${path}/:tableId`,
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Delete an Excel table; its cells stay and formulas naming it read its range (Convert to Range)',
        ...common,
        params: tableParams,
        response: { 200: answer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId, tableId } = request.params
      await sheets.require(id, sheetId)
      return convertTableKeepingFormulas(registry, sheets, { id, sheetId, tableId }, (doc) => ({
        tables: readTables(doc).map(toJson),
      }))
    },
  )

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the Excel tables of a sheet',
        ...common,
        params: sheetParams,
        response: { 200: answer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) => ({
        tables: readTables(entry.doc).map(toJson),
      }))
    },
  )
}
