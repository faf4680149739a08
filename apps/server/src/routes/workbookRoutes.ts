import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import { getTitle, setTitle, workbookDocName } from '@cellmate/model'
import { LIMITS, ROLES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { SheetService } from '../sheetService.js'
import {
  accessErrors,
  authHeader,
  errorBody,
  workbookParams,
  workbookSummary,
} from './routeSchemas.js'

export interface WorkbookRoutesOptions {
  registry: DocumentRegistry
  workbooks: WorkbookService
  sheets: SheetService
  /** Workbooks one client address may create per minute; 0 for no limit. */
  createPerMinute: number
}

/** REST API for workbooks (cells: `cellRoutes`). Writes are durable and broadcast before they answer. */
export const workbookRoutes: FastifyPluginAsync<WorkbookRoutesOptions> = async (app, opts) => {
  const { registry, workbooks, sheets, createPerMinute } = opts
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
      const { id } = request.params
      return {
        id,
        title: await registry.use(workbookDocName(id), (wb) => getTitle(wb.doc)),
        sheets: await sheets.list(id),
        role,
      }
    },
  )

  api.patch(
    '/api/workbooks/:id',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Rename the workbook (owners and editors); open tabs show the new title at once',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({ title: z.string().trim().min(1).max(LIMITS.maxTitleChars) }),
        response: { 200: z.object({ id: z.string(), title: z.string() }), ...accessErrors },
      },
    },
    async (request) => {
      const { id } = request.params
      const title = await registry.use(workbookDocName(id), (wb) =>
        registry.change(wb, (doc) => setTitle(doc, request.body.title)),
      )
      return { id, title }
    },
  )
}
