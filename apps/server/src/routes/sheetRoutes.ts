import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  SheetLayout,
  insertAxis,
  lettersToCol,
  listSheets,
  moveSheet,
  renameSheet,
  sheetDocName,
  workbookDocName,
  type Axis,
  type SheetInfo,
  type SheetLimits,
} from '@cellmate/model'
import { LIMITS } from '@cellmate/protocol'
import { deleteKeepingRanges } from './deleteKeepingRanges.js'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import type { RuleSheetRenames } from '../ruleSheetRenames.js'
import { accessErrors, authHeader, sheetInfo, sheetParams, workbookParams } from './routeSchemas.js'

export interface SheetRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
  limits: SheetLimits
  /** Converts the rules a rename leaves naming the sheet's old name (`RuleSheetRenames`). */
  ruleRenames: RuleSheetRenames
}

const rowSpan = z.object({
  at: z.number().int().min(1).max(LIMITS.maxRows).describe('1-based row number'),
  count: z.number().int().min(1).max(LIMITS.maxRows),
})
const colSpan = z.object({
  at: z
    .union([
      z.number().int().min(1).max(LIMITS.maxCols),
      z.string().regex(/^[A-Za-z]{1,3}$/, 'a column letter such as "C"'),
    ])
    .describe('Column letter ("C") or 1-based number (3)'),
  count: z.number().int().min(1).max(LIMITS.maxCols),
})
const sizeAnswer = z.object({ rowCount: z.number(), colCount: z.number() })
const sheetPosition = sheetInfo.extend({ position: z.number().describe('1-based tab position') })

/**
 * REST for sheets (add, rename, move, duplicate, delete) and rows/columns (insert, delete).
 * Adding, duplicating and deleting are the same server operations as the socket's `sheet`
 * event (`SheetService`); renaming and moving edit the workbook document.
 */
export const sheetRoutes: FastifyPluginAsync<SheetRoutesOptions> = async (app, opts) => {
  const { registry, sheets, limits, ruleRenames } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/workbooks/:id/sheets',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Add a sheet after the others',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({ name: z.string().max(LIMITS.maxSheetNameChars).optional() }).default({}),
        response: { 201: sheetInfo, ...accessErrors },
      },
    },
    async (request, reply) => {
      const sheet = await sheets.add(request.params.id, { name: request.body.name })
      return reply.status(201).send(sheet)
    },
  )

  api.patch(
    '/api/workbooks/:id/sheets/:sheetId',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Rename and/or move a sheet',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z
          .object({
            name: z.string().max(LIMITS.maxSheetNameChars).optional(),
            position: z.number().int().min(1).max(LIMITS.maxSheets).optional(),
          })
          .refine((b) => b.name !== undefined || b.position !== undefined, 'give name or position'),
        response: { 200: sheetPosition, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      const sheet = await registry.use(workbookDocName(id), (wb) =>
        registry.change(wb, (doc) => {
          if (request.body.name !== undefined) renameSheet(doc, sheetId, request.body.name)
          if (request.body.position !== undefined)
            moveSheet(doc, sheetId, request.body.position - 1)
          const tabs = listSheets(doc)
          const position = tabs.findIndex((s) => s.id === sheetId)
          return { ...(tabs[position] as SheetInfo), position: position + 1 }
        }),
      )
      // The rules naming the sheet's old name are converted by the time the rename answers.
      await ruleRenames.settled(id)
      return sheet
    },
  )

  api.post(
    '/api/workbooks/:id/sheets/:sheetId/duplicate',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Duplicate a sheet (listed right after it)',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 201: sheetInfo, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, sheetId } = request.params
      const copy = await sheets.duplicate(id, sheetId)
      return reply.status(201).send(copy)
    },
  )

  api.delete(
    '/api/workbooks/:id/sheets/:sheetId',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Delete a sheet (a workbook keeps at least one)',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 204: z.null(), ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, sheetId } = request.params
      await sheets.delete(id, sheetId)
      return reply.status(204).send(null)
    },
  )

  for (const axis of ['rows', 'cols'] as const satisfies readonly Axis[]) {
    const span = axis === 'rows' ? rowSpan : colSpan
    const noun = axis === 'rows' ? 'rows' : 'columns'
    const resize = async (
      params: { id: string; sheetId: string },
      body: { at: number | string; count: number },
      op: 'insert' | 'delete',
    ) => {
      await sheets.require(params.id, params.sheetId)
      const index = typeof body.at === 'number' ? body.at - 1 : lettersToCol(body.at)
      if (op === 'delete') {
        return deleteKeepingRanges(registry, sheets, params, axis, index, body.count)
      }
      return registry.use(sheetDocName(params.id, params.sheetId), (entry) =>
        registry.change(entry, (doc) => {
          insertAxis(doc, axis, index, body.count, undefined, limits)
          const layout = new SheetLayout(doc)
          const size = { rowCount: layout.rowCount, colCount: layout.colCount }
          layout.destroy()
          return size
        }),
      )
    }
    api.post(
      `/api/workbooks/:id/sheets/:sheetId/${axis}`,
      {
        config: { access: 'write' },
        schema: {
          summary: `Insert ${noun}: they become ${noun} at..at+count-1`,
          params: sheetParams,
          headers: authHeader,
          security: [{ bearer: [] }],
          body: span,
          response: { 200: sizeAnswer, ...accessErrors },
        },
      },
      (request) => resize(request.params, request.body, 'insert'),
    )
    api.delete(
      `/api/workbooks/:id/sheets/:sheetId/${axis}`,
      {
        config: { access: 'write' },
        schema: {
          summary: `Delete ${noun} at..at+count-1 and their cells`,
          params: sheetParams,
          headers: authHeader,
          security: [{ bearer: [] }],
          body: span,
          response: { 200: sizeAnswer, ...accessErrors },
        },
      },
      (request) => resize(request.params, request.body, 'delete'),
    )
  }
}
