import { PassThrough } from 'node:stream'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import fastifyMultipart from '@fastify/multipart'
import * as z from 'zod'
import {
  getTitle,
  listNames,
  sheetDocName,
  workbookDocName,
  type SheetLimits,
} from '@cellmate/model'
import { ruleSheetIds } from '@cellmate/formula'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import type { EvaluatedWorkbook, WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { WorkbookService } from '../workbookService.js'
import { csvChunks, csvFieldCount } from '../transfer/csvExport.js'
import { exportFormats } from '../transfer/shownFormats.js'
import { pacedStream, sendUntilDone } from '../transfer/exportStream.js'
import {
  DEFAULT_IMPORT_CONFIG,
  MAX_UNZIP_RATIO,
  type ImportConfig,
} from '../transfer/importConfig.js'
import { ImportParser, sheetNameFromFile, type UploadedFile } from '../transfer/importParser.js'
import { ImportError, type ImportLimits } from '../transfer/parsedSheet.js'
import {
  readSheetContent,
  sheetHasFormulas,
  type RuleSheetsContext,
} from '../transfer/sheetContent.js'
import { workbookTableNames } from '../transfer/workbookTableNames.js'
import { MAX_FILES_PER_IMPORT, readUploads } from '../transfer/uploads.js'
import { linkOrigin } from './linkRoutes.js'
import {
  accessErrors,
  authHeader,
  errorBody,
  sheetInfo,
  sheetParams,
  workbookParams,
  workbookSummary,
} from './routeSchemas.js'

export interface TransferRoutesOptions {
  registry: DocumentRegistry
  workbooks: WorkbookService
  evaluator: WorkbookEvaluator
  sheets: SheetService
  limits: SheetLimits
  importConfig?: ImportConfig
  /** Largest CSV export in cells of the used range (`EXPORT_MAX_CELLS`). */
  exportMaxCells: number
  /** Imports that create a workbook, per client address and minute (as creating one); 0: no limit. */
  createPerMinute: number
  publicUrl: string | null
  /** Called after an import stored a workbook or sheets: takes the import's version. */
  onImported?: (workbookId: string, files: string) => Promise<void>
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const uploadErrors = { ...accessErrors, 413: errorBody, 415: errorBody } as const
const IMPORT_BODY =
  'multipart/form-data with one or more files (field name `file`): `.csv` (`,` `;` tab or `|` ' +
  'separated, UTF-8 or Windows-1252) becomes one sheet named after the file, `.xlsx` one sheet ' +
  'per worksheet (values, formulas, basic formats, column widths).'

/**
 * CSV/XLSX import and export. Exports read the live documents (formulas as computed by the
 * server's evaluator); imports parse the upload in a worker first, so a bad file is refused
 * before anything is stored, then store a new workbook atomically or add sheets to one.
 */
export const transferRoutes: FastifyPluginAsync<TransferRoutesOptions> = async (app, opts) => {
  const { registry, workbooks, evaluator, sheets, limits, createPerMinute, publicUrl } = opts
  const { exportMaxCells } = opts
  const config = opts.importConfig ?? DEFAULT_IMPORT_CONFIG
  const api = app.withTypeProvider<ZodTypeProvider>()
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.maxBytes,
      files: MAX_FILES_PER_IMPORT,
      parts: MAX_FILES_PER_IMPORT + 10,
      fields: 10,
      fieldSize: 1024,
    },
  })
  // Import refusals carry their own status (413 too large, 415 wrong type) and code.
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ImportError) {
      const { status, code, message } = err.failure
      return reply.status(status).send({ error: { code, message } })
    }
    throw err
  })
  const parser = new ImportParser()
  app.addHook('onClose', () => parser.close())
  const importLimits: ImportLimits = {
    maxRows: limits.maxRows,
    maxCols: limits.maxCols,
    maxCellChars: LIMITS.maxCellChars,
    maxSheets: LIMITS.maxSheets,
    maxCells: config.maxCells,
    maxUnzippedBytes: config.maxBytes * MAX_UNZIP_RATIO,
  }

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/export.csv',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Download a sheet as CSV: its used range as shown, formulas as their values',
        description:
          "Text that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (OWASP CSV " +
          'injection guidance); numbers are written as shown, so -5 stays -5.',
        params: sheetParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        produces: ['text/csv'],
        response: accessErrors,
      },
    },
    async (request, reply) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      const name = (await sheets.list(id)).find((s) => s.id === sheetId)?.name ?? 'Sheet'
      const docName = sheetDocName(id, sheetId)
      const formulas = await registry.use(docName, (entry) => sheetHasFormulas(entry.doc))
      const send = async (workbook: EvaluatedWorkbook | null): Promise<void> => {
        const content = await registry.use(docName, (entry) =>
          readSheetContent(entry.doc, false, workbook?.layout(sheetId)),
        )
        const fields = csvFieldCount(content)
        if (fields > exportMaxCells) {
          throw new CellmateError(
            ERROR_CODES.EXPORT_TOO_LARGE,
            `the sheet's used range is ${content.rowCount} rows by ${content.colCount} columns ` +
              `(${fields} cells); a CSV export covers at most ${exportMaxCells}. Clear the ` +
              'cells far from the data, or export XLSX, which holds only the cells that exist',
          )
        }
        download(reply, 'text/csv; charset=utf-8', `${name}.csv`)
        const chunks = csvChunks(
          content,
          (cell) => workbook?.valueById(sheetId, cell.rowId, cell.colId) ?? null,
          exportFormats(content, (stored) => workbook?.toDisplay(sheetId, stored) ?? stored),
        )
        await sendUntilDone(reply, pacedStream(chunks), request.log)
      }
      // Only formulas need the evaluator; a sheet of plain values is exported without it.
      if (formulas) await evaluator.use(id, [sheetId], send)
      else await send(null)
      return reply
    },
  )

  api.get(
    '/api/workbooks/:id/export.xlsx',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Download the workbook as XLSX: every sheet, values, formulas with results, formats',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        produces: [XLSX_TYPE],
        response: accessErrors,
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const [title, definedNames] = await registry.use(
        workbookDocName(id),
        (wb) => [getTitle(wb.doc), listNames(wb.doc)] as const,
      )
      const tabs = await sheets.list(id)
      const docName = (sheetId: string): string => sheetDocName(id, sheetId)
      // A name's range is written for the sheets' current layouts, which the evaluator holds.
      let formulas = definedNames.length > 0
      for (const tab of tabs) {
        // A rule reading another sheet's range is written for that sheet's layout too.
        formulas ||= await registry.use(
          docName(tab.id),
          (entry) => sheetHasFormulas(entry.doc) || ruleSheetIds(entry.doc).length > 0,
        )
      }
      const rulesOn =
        (workbook: EvaluatedWorkbook | null, sheetId: string): RuleSheetsContext =>
        (layout) => ({
          sheetId,
          layout: (s) => (s === sheetId ? layout : workbook?.layout(s)),
          sheetIdByName: (n) => tabs.find((t) => t.name.toLowerCase() === n.toLowerCase())?.id,
          sheetName: (s) => tabs.find((t) => t.id === s)?.name,
        })
      // exceljs is big (tens of MB resident, seconds to load on a busy machine): loaded on the
      // first export, not at server start.
      const { writeWorkbookXlsx } = await import('../transfer/xlsxExport.js')
      // Streamed: each sheet is read when its turn comes and written row by row.
      const write = async (workbook: EvaluatedWorkbook | null): Promise<void> => {
        const out = new PassThrough()
        void download(reply, XLSX_TYPE, `${title}.xlsx`).send(out)
        try {
          await writeWorkbookXlsx(
            out,
            title,
            tabs.map((tab) => ({
              id: tab.id,
              name: tab.name,
              read: () =>
                registry.use(docName(tab.id), (e) =>
                  readSheetContent(
                    e.doc,
                    true,
                    workbook?.layout(tab.id),
                    rulesOn(workbook, tab.id),
                  ),
                ),
              formulaValue: (cell) => workbook?.valueById(tab.id, cell.rowId, cell.colId) ?? null,
              formulaSpill: (cell) => workbook?.spillById(tab.id, cell.rowId, cell.colId) ?? null,
            })),
            (sheetId) => workbook?.layout(sheetId),
            definedNames,
            workbook?.tables() ?? [],
          )
        } catch (err) {
          // The status line has gone out: all that is left is to cut the download short.
          request.log.warn({ err, workbookId: id }, 'xlsx export stopped before its end')
          out.destroy(err as Error)
        }
      }
      // Only formulas need the evaluator (their results and other sheets' layouts).
      if (formulas) await evaluator.use(id, 'all', write)
      else await write(null)
      return reply
    },
  )

  api.post(
    '/api/workbooks/import',
    {
      config: {
        rateLimit: createPerMinute > 0 ? { max: createPerMinute, timeWindow: 60_000 } : false,
        upload: true,
      },
      schema: {
        summary: 'Create a workbook from CSV/XLSX files; answers its owner token, shown once',
        description: IMPORT_BODY,
        consumes: ['multipart/form-data'],
        response: {
          201: workbookSummary.extend({
            token: z.string().describe('Owner capability token; shown once'),
            url: z.string().describe('`<origin>/w/<workbookId>#token=<token>`'),
            notices: z
              .array(z.string())
              .describe('What the import left out of the files (merges, drawings, pivots…)'),
          }),
          400: errorBody,
          413: errorBody,
          415: errorBody,
          429: errorBody,
        },
      },
    },
    async (request, reply) => {
      const files = await readUploads(request, config.maxBytes)
      const title = sheetNameFromFile((files[0] as UploadedFile).filename).slice(
        0,
        LIMITS.maxTitleChars,
      )
      // Parsed and built in the import worker: the main thread only stores the documents.
      const content = await parser.build(files, title, importLimits)
      const created = await workbooks.createFrom(content)
      await opts.onImported?.(created.id, files.map((f) => f.filename).join(', '))
      request.log.info(
        { workbookId: created.id, sheets: created.sheets.length, files: files.length },
        'workbook imported',
      )
      const url = `${linkOrigin(request, publicUrl)}/w/${encodeURIComponent(created.id)}#token=${created.token}`
      return reply.status(201).send({ ...created, url, notices: content.notices ?? [] })
    },
  )

  api.post(
    '/api/workbooks/:id/sheets/import',
    {
      config: { access: 'write', upload: true },
      schema: {
        summary: 'Add the sheets of CSV/XLSX files after the existing ones (editor or owner)',
        description: `${IMPORT_BODY} Names taken in the workbook get a number: \`Data (2)\`.`,
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        consumes: ['multipart/form-data'],
        response: {
          201: z.object({
            sheets: z.array(sheetInfo),
            notices: z
              .array(z.string())
              .describe('What the import left out of the files (merges, drawings, pivots…)'),
          }),
          ...uploadErrors,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const files = await readUploads(request, config.maxBytes)
      // Parsed and built in the import worker: the main thread only stores the documents.
      const staged = await parser.stage(files, importLimits)
      const renamed: string[] = []
      const added = await sheets
        .addBuilt(
          id,
          staged.names.map((name) => ({ name })),
          async (planned) => {
            const taken = await workbookTableNames(registry, sheets, id)
            const built = await parser.buildStaged(staged, planned, limits, taken)
            renamed.push(...built.notices)
            return built.updates
          },
        )
        .finally(() => parser.release(staged))
      await opts.onImported?.(id, files.map((f) => f.filename).join(', '))
      request.log.info({ workbookId: id, sheets: added.length }, 'sheets imported')
      return reply.status(201).send({ sheets: added, notices: [...staged.notices, ...renamed] })
    },
  )
}

/** Longest file name a download is given (a header of a few hundred bytes at most). */
const MAX_FILENAME_CHARS = 100

/**
 * Headers of a file download; the name is given ASCII-safe and in full (RFC 6266), shortened
 * to `MAX_FILENAME_CHARS` (keeping its extension).
 */
function download(reply: FastifyReply, type: string, fullName: string): FastifyReply {
  const ext = fullName.slice(fullName.lastIndexOf('.'))
  // By code point, so that a cut never leaves half a surrogate pair (which cannot be encoded).
  const base = [...fullName.slice(0, -ext.length)]
  const filename =
    base.length + ext.length <= MAX_FILENAME_CHARS
      ? fullName
      : `${base.slice(0, MAX_FILENAME_CHARS - ext.length).join('')}${ext}`
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`)
    .header('cache-control', 'no-store')
}
