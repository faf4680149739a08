import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  SheetLayout,
  ensureSheetSize,
  formatRange,
  getTitle,
  listSheets,
  parseA1,
  parseRange,
  setCells,
  sheetDocName,
  workbookDocName,
  type CellEdit,
  type SheetLimits,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES, LIMITS, ROLES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { WorkbookAccess } from './workbookAccess.js'
import {
  accessErrors,
  authHeader,
  errorBody,
  sheetParams,
  workbookParams,
  workbookSummary,
} from './routeSchemas.js'

export interface WorkbookRoutesOptions {
  registry: DocumentRegistry
  workbooks: WorkbookService
  access: WorkbookAccess
  limits: SheetLimits
  /** Workbooks one client address may create per minute; 0 for no limit. */
  createPerMinute: number
}

/** REST API for workbooks and cells. Writes are durable and broadcast before they answer. */
export const workbookRoutes: FastifyPluginAsync<WorkbookRoutesOptions> = async (app, opts) => {
  const { registry, workbooks, access, limits, createPerMinute } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/workbooks',
    {
      // Open to anyone, so limited on its own: each workbook costs a row and two documents.
      config: {
        rateLimit: createPerMinute > 0 ? { max: createPerMinute, timeWindow: 60_000 } : false,
      },
      schema: {
        summary: 'Create a workbook with one empty sheet',
        body: z
          .object({ title: z.string().trim().min(1).max(LIMITS.maxTitleChars).optional() })
          .default({}),
        response: {
          201: workbookSummary.extend({
            token: z.string().describe('Owner capability token; shown once'),
          }),
          400: errorBody,
          429: errorBody,
        },
      },
    },
    async (request, reply) => {
      const created = await workbooks.create(request.body.title ?? 'Untitled workbook')
      return reply.status(201).send(created)
    },
  )

  api.get(
    '/api/workbooks/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Read a workbook: title, sheets in tab order, and what the caller may do',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: {
          200: workbookSummary.extend({
            role: z
              .enum(ROLES)
              .describe("The caller's role, from its token: `owner`, `editor` or `viewer`"),
          }),
          ...accessErrors,
        },
      },
    },
    async (request) => {
      // Set by the access check, which refuses the call before this runs when there is none.
      const role = request.workbookRole
      if (role === null) throw new Error('GET /api/workbooks/:id ran without an access check')
      return registry.use(workbookDocName(request.params.id), (wb) => ({
        id: request.params.id,
        title: getTitle(wb.doc),
        sheets: listSheets(wb.doc),
        role,
      }))
    },
  )

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/cells',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Read the raw inputs of an A1 range, row-major',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        querystring: z.object({
          range: z.string().max(32).describe('An A1 range such as `A1:D20`, or one cell'),
        }),
        response: {
          200: z.object({ range: z.string(), inputs: z.array(z.array(z.string())) }),
          ...accessErrors,
        },
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
      await access.requireSheet(id, sheetId)
      return registry.use(sheetDocName(sheetId), (entry) => {
        const layout = new SheetLayout(entry.doc)
        try {
          const inputs: string[][] = []
          for (let r = range.start.row; r <= range.end.row; r++) {
            const row: string[] = []
            for (let c = range.start.col; c <= range.end.col; c++) row.push(layout.cellAt(r, c))
            inputs.push(row)
          }
          return { range: formatRange(range), inputs }
        } finally {
          layout.destroy()
        }
      })
    },
  )

  api.patch(
    '/api/workbooks/:id/sheets/:sheetId/cells',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Write cells by A1 address ("" clears); answers once durable and broadcast',
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
        response: { 200: z.object({ updated: z.number() }), ...accessErrors },
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
      await access.requireSheet(id, sheetId)
      const needRows = Math.max(...positions.map((p) => p.row)) + 1
      const needCols = Math.max(...positions.map((p) => p.col)) + 1
      await registry.use(sheetDocName(sheetId), (entry) =>
        registry.change(entry, (doc) => {
          ensureSheetSize(doc, { rows: needRows, cols: needCols })
          const layout = new SheetLayout(doc)
          const edits: CellEdit[] = positions.map((p) => ({
            rowId: layout.rowId(p.row) as string,
            colId: layout.colId(p.col) as string,
            value: p.value,
          }))
          layout.destroy()
          setCells(doc, edits)
        }),
      )
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
