import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  SheetLayout,
  applyWritesToTables,
  checkWritesOutsideMerges,
  HORIZONTAL_ALIGNS,
  NUM_FMTS,
  ensureSheetSize,
  formatRange,
  parseA1,
  parseRange,
  setCells,
  sheetDocName,
  type CellEdit,
  type SheetLimits,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { SheetService } from '../sheetService.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'
import { checkValidations, ruleSheetIdsOf, validationRefusal } from './validationRoutes.js'
import type { VersionService } from '../history/versionService.js'
import { readVersionFormats, readVersionRange } from '../history/versionReader.js'
import type { Store } from '../store/store.js'
import { requireHistoryAccess, restAuthor } from './historyAccess.js'

export interface CellRoutesOptions {
  registry: DocumentRegistry
  evaluator: WorkbookEvaluator
  sheets: SheetService
  limits: SheetLimits
  /** Reads of a version (`?version=`). */
  versions: VersionService
  store: Store
}

const cellValue = z
  .union([z.number(), z.boolean(), z.string(), z.null()])
  .describe(
    'Computed value: a number, a boolean, text, an Excel error code such as "#DIV/0!", or null when the cell is empty',
  )

const cellFormat = z
  .object({
    bold: z.boolean(),
    italic: z.boolean(),
    underline: z.boolean(),
    color: z.string().describe('Text colour, #rrggbb'),
    fill: z.string().describe('Background colour, #rrggbb'),
    align: z.enum(HORIZONTAL_ALIGNS),
    wrap: z.boolean(),
    numFmt: z.enum(NUM_FMTS),
    decimals: z.number(),
    numFmtCode: z.string().describe('The Excel format code of a custom number format'),
  })
  .partial()
  .describe('Format attributes the cell sets; absent ones are the defaults (General, left…)')

const rangeAnswer = z.object({
  range: z.string(),
  inputs: z
    .array(z.array(z.string()))
    .describe('What was typed, row-major; formulas in A1 form for the current layout; "" = empty'),
  values: z.array(z.array(cellValue)).describe('Computed values, row-major, same shape as inputs'),
  formats: z
    .array(z.array(cellFormat))
    .optional()
    .describe(
      "With `formats=true`: each cell's format as the grid shows it, row-major; a formula's number without a number format of its own has the one it inherits (`=B1+1` over a date is a date)",
    ),
  colWidths: z
    .array(z.number().nullable())
    .optional()
    .describe("With `formats=true`: each column's width in px, null for the default (100)"),
})

/**
 * REST for cell contents: read a range (inputs and computed values) and write cells. Formulas
 * are read and written in A1 form; the documents store them anchored to row/column/sheet ids.
 * Writes follow Excel's table rules as the web app does (`applyWritesToTables`).
 */
export const cellRoutes: FastifyPluginAsync<CellRoutesOptions> = async (app, opts) => {
  const { registry, evaluator, sheets, limits, versions, store } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/cells',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Read the inputs and computed values of an A1 range, row-major',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        querystring: z.object({
          range: z.string().max(32).describe('An A1 range such as `A1:D20`, or one cell'),
          version: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/)
            .optional()
            .describe('Read the sheet as it was in this version (GET /versions) instead of now'),
          formats: z
            .enum(['true', 'false'])
            .optional()
            .describe('`true`: answer the formats and column widths too, to show the cells'),
        }),
        response: { 200: rangeAnswer, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const range = parseRange(request.query.range)
      if (!range) throw badRequest(`"${request.query.range}" is not an A1 range`)
      const rows = range.end.row - range.start.row + 1
      const cols = range.end.col - range.start.col + 1
      checkWithinSheet(range.end.row, range.end.col, limits)
      if (rows * cols > LIMITS.maxCellsPerRequest) {
        throw new CellmateError(
          ERROR_CODES.LIMIT_EXCEEDED,
          `a read may cover at most ${LIMITS.maxCellsPerRequest} cells; this range has ${rows * cols}`,
        )
      }
      const { version } = request.query
      const withFormats = request.query.formats === 'true'
      if (version !== undefined) {
        await requireHistoryAccess(store, request, id)
        const opened = await versions.open(id, version)
        return {
          range: formatRange(range),
          ...(await readVersionRange(opened, sheetId, range)),
          ...(withFormats ? await readVersionFormats(opened, sheetId, range) : {}),
        }
      }
      await sheets.require(id, sheetId)
      return evaluator.use(id, [sheetId], (workbook) => ({
        range: formatRange(range),
        ...workbook.readRange(sheetId, range),
        ...(withFormats ? workbook.readFormats(sheetId, range) : {}),
      }))
    },
  )

  api.patch(
    '/api/workbooks/:id/sheets/:sheetId/cells',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Write cells by A1 address ("" clears; formulas in A1 form); answers once durable and broadcast',
        description:
          "As typing in Excel: values written in the rows just under a table (without a totals row) or the columns just right of it make them part of it, row after row; text written into a table's header cell renames its column (empty: ColumnN; a name taken: Amount2), and structured references follow.",
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({
          cells: z
            .record(z.string().max(16), z.string().max(LIMITS.maxCellChars))
            .refine((c) => Object.keys(c).length > 0, 'give at least one cell')
            .refine(
              (c) => Object.keys(c).length <= LIMITS.maxCellsPerRequest,
              `at most ${LIMITS.maxCellsPerRequest} cells per request`,
            ),
        }),
        response: { 200: z.object({ updated: z.number() }), ...accessErrors, ...validationRefusal },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const positions = Object.entries(request.body.cells).map(([address, value]) => {
        const pos = parseA1(address)
        if (!pos) throw badRequest(`"${address}" is not a cell address`)
        checkWithinSheet(pos.row, pos.col, limits)
        return { ...pos, value }
      })
      await sheets.require(id, sheetId)
      const needRows = Math.max(...positions.map((p) => p.row)) + 1
      const needCols = Math.max(...positions.map((p) => p.col)) + 1
      // Rules reading another sheet (`Lists!$A$1:$A$9`, `=B2<Rates!$A$1`) read it when checked.
      const lists = await ruleSheetIdsOf({ registry, sheets }, id, sheetId)
      const wanted = [sheetId, ...lists.filter((s) => s !== sheetId)]
      await evaluator.use(id, wanted, async (workbook) => {
        // References to other sheets are anchored to their ids, so those sheets must be loaded.
        await evaluator.loadSheetsNamedIn(
          workbook,
          positions.map((p) => p.value),
        )
        await registry.use(sheetDocName(id, sheetId), (entry) =>
          registry.change(
            entry,
            (doc) => {
              // A hidden cell of a merged block takes no value (the top-left one shows it).
              checkWritesOutsideMerges(doc, positions)
              // A "reject input" validation rule refuses the whole write (422, naming the rule).
              checkValidations(doc, positions, (f) => workbook.calculate(sheetId, f), {
                sheetId,
                workbook,
              })
              ensureSheetSize(doc, { rows: needRows, cols: needCols })
              // Read after the resize, inside the transaction: the engine's copy of this
              // sheet's layout only catches up once the transaction ends.
              const layout = new SheetLayout(doc)
              try {
                const edits: CellEdit[] = positions.map((p) => ({
                  rowId: layout.rowId(p.row) as string,
                  colId: layout.colId(p.col) as string,
                  value: workbook.toStored(sheetId, p.value, layout, p),
                }))
                setCells(doc, edits)
                // As typing in the web app: values just under or beside a table grow it, a
                // header cell written renames its column.
                applyWritesToTables(doc, positions)
              } finally {
                layout.destroy()
              }
            },
            restAuthor(request),
          ),
        )
      })
      return { updated: positions.length }
    },
  )
}

function badRequest(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.BAD_REQUEST, message)
}

function checkWithinSheet(row: number, col: number, limits: SheetLimits): void {
  if (row >= limits.maxRows || col >= limits.maxCols) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `sheets have at most ${limits.maxRows} rows and ${limits.maxCols} columns`,
    )
  }
}
