import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import { SheetLayout, parseA1, sheetDocName, workbookDocName } from '@cellmate/model'
import { toDisplayFormula, workbookFormulaContext } from '@cellmate/formula'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { SheetService } from '../sheetService.js'
import type { Store } from '../store/store.js'
import type { Author, VersionRecord } from '../store/historyRecords.js'
import { VERSION_KINDS } from '../store/historyRecords.js'
import type { VersionService } from '../history/versionService.js'
import type { VersionSchedule } from '../history/versionSchedule.js'
import { versionChanges } from '../history/versionReader.js'
import { contentOfVersion } from '../history/versionCopy.js'
import { requireHistoryAccess as checkHistoryAccess, restAuthor } from './historyAccess.js'
import {
  accessErrors,
  authHeader,
  sheetParams,
  workbookParams,
  workbookSummary,
} from './routeSchemas.js'

export interface HistoryRoutesOptions {
  store: Store
  registry: DocumentRegistry
  workbooks: WorkbookService
  sheets: SheetService
  versions: VersionService
  schedule: VersionSchedule
}

const participant = z.object({
  name: z.string().nullable().describe('Display name from presence; null for a REST writer'),
  linkId: z.string().nullable().describe("The share link written through; null for the owner's"),
})

export const versionSchema = z.object({
  id: z.string(),
  createdAt: z.number().describe('Epoch milliseconds'),
  kind: z
    .enum(VERSION_KINDS)
    .describe('auto (editing went quiet), named, import, restore (taken before a restore)'),
  label: z.string().nullable(),
  participants: z.array(participant).describe('Who edited since the previous version'),
  summary: z
    .array(z.object({ sheetId: z.string(), name: z.string(), cellsChanged: z.number() }))
    .describe('Cells changed per sheet since the previous version'),
  sheetIds: z.array(z.string()).describe('The live sheets of that version, in tab order'),
  restoring: z
    .string()
    .nullable()
    .describe('For a restore point: the version restored right after it (what `undo` reverts)'),
})

const versionParams = workbookParams.extend({
  versionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
})

const cellEdit = z.object({
  value: z
    .string()
    .nullable()
    .describe('The input set, formulas in A1 form for the current layout; null = cleared'),
  at: z.number(),
  name: z.string().nullable(),
  linkId: z.string().nullable(),
  source: z.enum(['socket', 'rest', 'server']),
})

function publicVersion(v: VersionRecord): z.infer<typeof versionSchema> {
  return {
    id: v.id,
    createdAt: v.createdAt,
    kind: v.kind,
    label: v.label,
    participants: v.participants,
    summary: v.summary,
    sheetIds: v.sheetIds,
    restoring: v.restoring,
  }
}

/**
 * Version history, cell history and the owner's history setting. Owners and editors read
 * history and restore; viewers read history only when the owner allows it.
 */
export const historyRoutes: FastifyPluginAsync<HistoryRoutesOptions> = async (app, opts) => {
  const { store, registry, workbooks, sheets, versions, schedule } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  const requireHistoryAccess = (request: FastifyRequest, workbookId: string): Promise<void> =>
    checkHistoryAccess(store, request, workbookId)

  api.get(
    '/api/workbooks/:id/versions',
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the versions of a workbook, oldest first',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: z.object({ versions: z.array(versionSchema) }), ...accessErrors },
      },
    },
    async (request) => {
      await requireHistoryAccess(request, request.params.id)
      return { versions: (await versions.list(request.params.id)).map(publicVersion) }
    },
  )

  api.post(
    '/api/workbooks/:id/versions',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Name the workbook as it is now: a named version, kept forever',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({ label: z.string().trim().min(1).max(LIMITS.maxTitleChars) }),
        response: { 201: versionSchema, ...accessErrors },
      },
    },
    async (request, reply) => {
      const version = await versions.take(request.params.id, 'named', request.body.label)
      schedule.versioned(request.params.id, version.createdAt)
      return reply.status(201).send(publicVersion(version))
    },
  )

  api.post(
    '/api/workbooks/:id/versions/:versionId/restore',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Restore the whole workbook (sheets, names, order, cells) to a version, as one forward change; a restore point is taken first',
        params: versionParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z
          .object({
            name: z.string().max(80).optional().describe('Display name of the restorer'),
            undo: z
              .boolean()
              .optional()
              .describe(
                'The version is a restore point: undo the restore that followed it, keeping what others changed since',
              ),
          })
          .default({}),
        response: {
          200: z.object({
            restorePoint: versionSchema.describe('Restore this to undo the restore'),
            restored: versionSchema,
          }),
          ...accessErrors,
        },
      },
    },
    async (request) => {
      const { id, versionId } = request.params
      const author: Author = {
        ...restAuthor(request),
        name: request.body.name ?? null,
        source: 'server',
      }
      const { restorePoint, restored } = await versions.restore(id, versionId, author, {
        undo: request.body.undo ?? false,
      })
      schedule.versioned(id, restorePoint.createdAt)
      return { restorePoint: publicVersion(restorePoint), restored: publicVersion(restored) }
    },
  )

  api.post(
    '/api/workbooks/:id/versions/:versionId/copy',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Make a new workbook from a version; answers its owner token (shown once)',
        params: versionParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z
          .object({ title: z.string().trim().min(1).max(LIMITS.maxTitleChars).optional() })
          .default({}),
        response: {
          201: workbookSummary.extend({ token: z.string() }),
          ...accessErrors,
        },
      },
    },
    async (request, reply) => {
      const { id, versionId } = request.params
      await requireHistoryAccess(request, id)
      const opened = await versions.open(id, versionId)
      const when = new Date(opened.record.createdAt).toISOString().slice(0, 16).replace('T', ' ')
      const title = request.body.title ?? `Copy of ${opened.record.label ?? when}`
      const created = await workbooks.createFrom(contentOfVersion(opened, title))
      await versions.take(created.id, 'auto', `Copied from a version of ${when}`)
      return reply.status(201).send(created)
    },
  )

  api.get(
    '/api/workbooks/:id/versions/:versionId/sheets/:sheetId/changes',
    {
      config: { access: 'read' },
      schema: {
        summary: 'The cells of a sheet that changed since a version, with who changed them',
        params: versionParams.merge(sheetParams),
        headers: authHeader,
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            changes: z.array(
              z.object({
                address: z.string().nullable().describe('A1 address in the version'),
                rowId: z.string(),
                colId: z.string(),
                then: z.string(),
                now: z.string(),
                changedBy: z.array(z.string()),
              }),
            ),
            truncated: z.boolean(),
          }),
          ...accessErrors,
        },
      },
    },
    async (request) => {
      const { id, versionId, sheetId } = request.params
      await requireHistoryAccess(request, id)
      const opened = await versions.open(id, versionId)
      const edits = await store.listCellEditsSince(id, opened.record.createdAt, 100_000)
      const live = (await workbooks.sheetIds(id)).has(sheetId)
      const changes = live
        ? await registry.use(sheetDocName(id, sheetId), (entry) =>
            versionChanges(opened, sheetId, entry.doc, edits),
          )
        : []
      const max = LIMITS.maxCellsPerRequest
      return { changes: changes.slice(0, max), truncated: changes.length > max }
    },
  )

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/cells/:a1/history',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "A cell's previous values, newest first, with who and when (follows the cell through row and column moves)",
        params: sheetParams.extend({ a1: z.string().max(16) }),
        headers: authHeader,
        security: [{ bearer: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            address: z.string(),
            rowId: z.string(),
            colId: z.string(),
            edits: z.array(cellEdit),
          }),
          ...accessErrors,
        },
      },
    },
    async (request) => {
      const { id, sheetId, a1 } = request.params
      await requireHistoryAccess(request, id)
      const pos = parseA1(a1)
      if (!pos) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `"${a1}" is not a cell address`)
      await sheets.require(id, sheetId)
      const workbook = await registry.acquire(workbookDocName(id))
      try {
        return await registry.use(sheetDocName(id, sheetId), async (entry) => {
          const layout = new SheetLayout(entry.doc)
          try {
            const rowId = layout.rowId(pos.row)
            const colId = layout.colId(pos.col)
            if (rowId === undefined || colId === undefined) {
              return { address: a1.toUpperCase(), rowId: '', colId: '', edits: [] }
            }
            const edits = await store.listCellEdits(id, sheetId, rowId, colId, request.query.limit)
            // Formulas read as the user would type them now (references to this sheet's cells).
            const context = workbookFormulaContext(workbook.doc, sheetId, (s) =>
              s === sheetId ? layout : undefined,
            )
            return {
              address: a1.toUpperCase(),
              rowId,
              colId,
              edits: edits.map((e) => ({
                value: e.value === null ? null : toDisplayFormula(e.value, context),
                at: e.at,
                name: e.name,
                linkId: e.linkId,
                source: e.source,
              })),
            }
          } finally {
            layout.destroy()
          }
        })
      } finally {
        registry.release(workbook)
      }
    },
  )

  const settings = z.object({
    viewersSeeHistory: z.boolean().describe('Whether viewers may read version and cell history'),
    editorsShareViewLinks: z
      .boolean()
      .describe('Whether editors may make view-only links (POST …/links with role view)'),
  })

  api.get(
    '/api/workbooks/:id/settings',
    {
      config: { access: 'read' },
      schema: {
        summary: "The workbook's owner settings",
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: settings, ...accessErrors },
      },
    },
    async (request) => store.getWorkbookSettings(request.params.id),
  )

  api.patch(
    '/api/workbooks/:id/settings',
    {
      config: { access: 'share' },
      schema: {
        summary: "Change the workbook's owner settings (owner only)",
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: settings.partial(),
        response: { 200: settings, ...accessErrors },
      },
    },
    async (request) => {
      // Only the settings sent change.
      const next = { ...(await store.getWorkbookSettings(request.params.id)), ...request.body }
      await store.setWorkbookSettings(request.params.id, next)
      return next
    },
  )
}
