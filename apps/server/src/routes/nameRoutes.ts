import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import {
  MAX_NAME_CHARS,
  MAX_NAME_COMMENT_CHARS,
  addName,
  deleteName,
  listNames,
  updateName,
  workbookDocName,
  type DefinedName,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { EvaluatedWorkbook, WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import { accessErrors, authHeader, workbookParams } from './routeSchemas.js'

export interface NameRoutesOptions {
  registry: DocumentRegistry
  evaluator: WorkbookEvaluator
}

const nameJson = z.object({
  id: z.string(),
  name: z.string(),
  refersTo: z
    .string()
    .describe('A1 form with its `=`, for the current layout: `=Sheet1!$B$2:$B$9`'),
  scope: z
    .string()
    .nullable()
    .describe('The id of the sheet a local name belongs to; null: the workbook'),
  sheet: z.string().nullable().describe('The name of that sheet'),
  comment: z.string().optional(),
  duplicate: z
    .boolean()
    .optional()
    .describe('Another name with this text and scope was created at the same time and is used'),
})
const namesAnswer = z.object({ names: z.array(nameJson).describe('Sorted by name') })
const nameParams = workbookParams.extend({ nameId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) })
const nameText = z
  .string()
  .min(1)
  .max(MAX_NAME_CHARS)
  .describe("Excel's rules: `Sales`, `Tax_Rate`")
const refersTo = z
  .string()
  .min(1)
  .max(LIMITS.maxCellChars)
  .describe('A range, formula or constant, `=` optional: `Sheet1!$B$2:$B$9`, `0.2`, `=SUM(Sales)`')
const comment = z.string().max(MAX_NAME_COMMENT_CHARS)

/**
 * REST for defined names: list them, define one (workbook-wide, or local to a sheet with
 * `scope`), rename or repoint one, delete one. Formulas are read and shown in A1 form for the
 * current layout, stored anchored to ids (so a named range follows inserted rows). Each write
 * is one transaction on the workbook document that the model checks (an invalid or taken
 * name is 400).
 */
export const nameRoutes: FastifyPluginAsync<NameRoutesOptions> = async (app, opts) => {
  const { registry, evaluator } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const path = '/api/workbooks/:id/names'
  const common = { headers: authHeader, security: [{ bearer: [] }] }
  const answer = { 200: namesAnswer, ...accessErrors }

  const listed = (wb: EvaluatedWorkbook, names: readonly DefinedName[]) => {
    const sheets = wb.sheets()
    const first = sheets[0]?.id ?? ''
    return {
      names: names.map((n) => ({
        id: n.id,
        name: n.name,
        refersTo: wb.display(n.scope ?? first, n.formula),
        scope: n.scope,
        sheet: n.scope === null ? null : (sheets.find((s) => s.id === n.scope)?.name ?? null),
        ...(n.comment ? { comment: n.comment } : {}),
        ...(n.duplicate ? { duplicate: true } : {}),
      })),
    }
  }

  /** Runs `edit` on the workbook document with every sheet evaluated; answers every name. */
  const write = (
    workbookId: string,
    edit: (wb: EvaluatedWorkbook, doc: Parameters<typeof listNames>[0]) => void,
  ) =>
    evaluator.use(workbookId, 'all', (wb) =>
      registry.use(workbookDocName(workbookId), (entry) =>
        registry.change(entry, (doc) => {
          edit(wb, doc)
          return listed(wb, listNames(doc))
        }),
      ),
    )

  const hostOf = (wb: EvaluatedWorkbook, scope: string | null | undefined): string => {
    const sheets = wb.sheets()
    if (scope != null && !sheets.some((s) => s.id === scope)) {
      throw new CellmateError(ERROR_CODES.BAD_REQUEST, `no sheet ${scope} in this workbook`)
    }
    return scope ?? sheets[0]?.id ?? ''
  }

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: {
        summary: 'List the defined names',
        params: workbookParams,
        ...common,
        response: answer,
      },
    },
    async (request) => {
      const { id } = request.params
      return evaluator.use(id, 'all', (wb) =>
        registry.use(workbookDocName(id), (entry) => listed(wb, listNames(entry.doc))),
      )
    },
  )

  api.post(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Define a name: a range (`Sheet1!$B$2:$B$9`), a formula or a constant; local to a sheet with `scope`',
        params: workbookParams,
        ...common,
        body: z.object({
          name: nameText,
          refersTo,
          scope: z
            .string()
            .nullable()
            .optional()
            .describe('A sheet id; omitted or null: the workbook'),
          comment: comment.optional(),
        }),
        response: answer,
      },
    },
    async (request) => {
      const { id } = request.params
      const { name, scope, comment: note } = request.body
      return write(id, (wb, doc) => {
        const host = hostOf(wb, scope)
        const formula = wb.toStoredName(host, request.body.refersTo)
        addName(doc, { name, formula, scope: scope ?? null, ...(note ? { comment: note } : {}) })
      })
    },
  )

  api.patch(
    `${path}/:nameId`,
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Rename a defined name, change what it refers to and/or its comment (formulas using it follow a rename)',
        params: nameParams,
        ...common,
        body: z.object({
          name: nameText.optional(),
          refersTo: refersTo.optional(),
          comment: comment.optional(),
        }),
        response: answer,
      },
    },
    async (request) => {
      const { id, nameId } = request.params
      const { name, refersTo: text, comment: note } = request.body
      return write(id, (wb, doc) => {
        const current = listNames(doc).find((n) => n.id === nameId)
        if (!current) throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such name')
        const formula =
          text === undefined ? undefined : wb.toStoredName(hostOf(wb, current.scope), text)
        updateName(doc, nameId, {
          ...(name === undefined ? {} : { name }),
          ...(formula === undefined ? {} : { formula }),
          ...(note === undefined ? {} : { comment: note }),
        })
      })
    },
  )

  api.delete(
    `${path}/:nameId`,
    {
      config: { access: 'write' },
      schema: {
        summary: 'Delete a defined name (formulas using it read #NAME?)',
        params: nameParams,
        ...common,
        response: answer,
      },
    },
    async (request) => {
      const { id, nameId } = request.params
      return write(id, (_wb, doc) => {
        if (!deleteName(doc, nameId)) throw new CellmateError(ERROR_CODES.NOT_FOUND, 'no such name')
      })
    },
  )
}
