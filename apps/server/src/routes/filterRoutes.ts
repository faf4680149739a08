import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type * as Y from 'yjs'
import * as z from 'zod'
import {
  FILTER_OPS,
  MAX_FILTER_TEXT,
  MAX_FILTER_VALUES,
  MAX_FILTER_VALUE_CHARS,
  SheetLayout,
  colToLetters,
  filteredRowIds,
  formatRange,
  getCell,
  getFormat,
  lettersToCol,
  parseRange,
  readFilter,
  removeFilter,
  setFilter,
  sheetDocName,
  type FilterCriteria,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { EvaluatedWorkbook, WorkbookEvaluator } from '../evaluation/workbookEvaluator.js'
import type { SheetService } from '../sheetService.js'
import { filterCellOf, withShownFormat } from '@cellmate/formula'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface FilterRoutesOptions {
  registry: DocumentRegistry
  evaluator: WorkbookEvaluator
  sheets: SheetService
}

const column = z.object({
  col: z.string().regex(/^[A-Za-z]{1,3}$/, 'a column letter such as "C"'),
  hiddenValues: z
    .array(z.string().max(MAX_FILTER_VALUE_CHARS))
    .max(MAX_FILTER_VALUES)
    .optional()
    .describe('Values unchecked in the list (as the cells show them; "" is "(Blanks)")'),
  condition: z
    .object({
      op: z.enum(FILTER_OPS),
      value: z
        .union([z.number(), z.string().max(MAX_FILTER_TEXT)])
        .optional()
        .describe('Text for text conditions, a number, or a date `yyyy-mm-dd`'),
      value2: z.number().optional().describe('The high end of `between`'),
    })
    .optional(),
  fill: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional()
    .describe('Show only rows whose cell has this fill colour'),
})
type ColumnJson = z.infer<typeof column>

const filterAnswer = z.object({
  filter: z
    .object({
      range: z.string().describe('The filtered range; its top row is the header'),
      columns: z.array(column),
      hiddenRows: z
        .array(z.number())
        .describe('1-based numbers of the rows the filter hides now, from computed values'),
    })
    .nullable()
    .describe('null when the sheet has no filter'),
})
type FilterAnswer = z.infer<typeof filterAnswer>

/** The sheet's shared filter as JSON, with the rows it hides on the current values. */
function readAnswer(doc: Y.Doc, sheetId: string, workbook: EvaluatedWorkbook): FilterAnswer {
  const layout = new SheetLayout(doc)
  try {
    const filter = readFilter(doc, layout)
    if (!filter) return { filter: null }
    const hidden = filteredRowIds(filter, layout.rowIds, (rowId, colId) => {
      const raw = getCell(doc, rowId, colId)
      const value = workbook.valueById(sheetId, rowId, colId)
      const format = withShownFormat(raw, value, getFormat(doc, rowId, colId), () =>
        workbook.shownFormatById(sheetId, rowId, colId),
      )
      return filterCellOf(raw, value, format)
    })
    return {
      filter: {
        range: formatRange(filter.range),
        columns: filter.columns.map(({ col, criteria }) => ({
          col: colToLetters(col),
          ...criteria,
        })),
        hiddenRows: layout.rowIds.flatMap((id, i) => (hidden.has(id) ? [i + 1] : [])),
      },
    }
  } finally {
    layout.destroy()
  }
}

function criteriaOf(c: ColumnJson): FilterCriteria {
  const { col: _col, fill, ...rest } = c
  return fill === undefined ? rest : { ...rest, fill: fill.toLowerCase() }
}

/**
 * REST for the shared filter of a sheet (everyone sees it; personal filter views live in each
 * browser). A read answers which rows the filter hides now, from computed values.
 */
export const filterRoutes: FastifyPluginAsync<FilterRoutesOptions> = async (app, opts) => {
  const { registry, evaluator, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const path = '/api/workbooks/:id/sheets/:sheetId/filter'
  const common = { params: sheetParams, headers: authHeader, security: [{ bearer: [] }] }
  const answer = { 200: filterAnswer, ...accessErrors }

  const read = (id: string, sheetId: string) =>
    evaluator.use(id, [sheetId], (workbook) =>
      registry.use(sheetDocName(id, sheetId), (entry) => readAnswer(entry.doc, sheetId, workbook)),
    )

  api.get(
    path,
    {
      config: { access: 'read' },
      schema: {
        summary: "Read a sheet's shared filter and the rows it hides",
        ...common,
        response: answer,
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return read(id, sheetId)
    },
  )

  api.put(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: "Set a sheet's shared filter: its range (header row first) and column criteria",
        ...common,
        body: z.object({
          range: z.string().max(32).describe('An A1 range such as `A1:D200`'),
          columns: z.array(column).max(1000).default([]),
        }),
        response: answer,
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const range = parseRange(request.body.range)
      if (!range) {
        throw new CellmateError(
          ERROR_CODES.BAD_REQUEST,
          `"${request.body.range}" is not an A1 range`,
        )
      }
      await sheets.require(id, sheetId)
      await registry.use(sheetDocName(id, sheetId), (entry) =>
        registry.change(entry, (doc) => {
          const layout = new SheetLayout(doc)
          try {
            const columns: Record<string, FilterCriteria> = {}
            for (const c of request.body.columns) {
              const at = lettersToCol(c.col.toUpperCase())
              const colId = layout.colId(at)
              if (colId === undefined || at < range.start.col || at > range.end.col) {
                throw new CellmateError(
                  ERROR_CODES.BAD_REQUEST,
                  `column ${c.col} is not inside the filter range ${request.body.range}`,
                )
              }
              columns[colId] = criteriaOf(c)
            }
            setFilter(doc, range, columns)
          } finally {
            layout.destroy()
          }
        }),
      )
      return read(id, sheetId)
    },
  )

  api.delete(
    path,
    {
      config: { access: 'write' },
      schema: {
        summary: "Remove a sheet's shared filter (every row it hid shows again)",
        ...common,
        response: { 200: z.object({ removed: z.boolean() }), ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      await sheets.require(id, sheetId)
      return registry.use(sheetDocName(id, sheetId), (entry) =>
        registry.change(entry, (doc) => ({ removed: removeFilter(doc) })),
      )
    },
  )
}
