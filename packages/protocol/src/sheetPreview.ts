import * as z from 'zod/mini'
import { LIMITS } from './limits.js'
import { lazySchema } from './lazySchema.js'

/** Rows and columns of the top-left block a sheet's preview holds (a tall, wide screen's worth). */
export const PREVIEW_BLOCK = { rows: 60, cols: 30 } as const

/** Characters of one cell's input in a preview: more never shows in a cell at once. */
export const PREVIEW_CELL_CHARS = 1_000

const count = (max: number) => z.int().check(z.minimum(0), z.maximum(max))
const size = () => z.nullable(z.number().check(z.minimum(0), z.maximum(10_000)))

/**
 * Server -> client `preview`, sent before the answer to a sheet's join that asked for it
 * (`joinRequest.preview`): the top-left block of the sheet as the server holds it, so a
 * client opening a big sheet for the first time can paint its first screen while the whole
 * document downloads and applies. Display only: it is replaced by the document as soon as
 * that is in, and nothing is ever written to it.
 */
export const sheetPreview = lazySchema(() =>
  z.object({
    doc: z.string().check(z.maxLength(LIMITS.maxDocNameChars)),
    /** The whole sheet's size. */
    rows: count(LIMITS.maxRows),
    cols: count(LIMITS.maxCols),
    /**
     * Inputs of the block, row-major (`""` when empty, cut at `PREVIEW_CELL_CHARS`). A formula's
     * cell is `""`: its value needs the formula engine, which runs once the document is in.
     */
    cells: z
      .array(
        z
          .array(z.string().check(z.maxLength(PREVIEW_CELL_CHARS)))
          .check(z.maxLength(PREVIEW_BLOCK.cols)),
      )
      .check(z.maxLength(PREVIEW_BLOCK.rows)),
    /** Formats of the block's cells: `[row, col, {attr: value}]` (see `CellFormat`). */
    formats: z
      .array(
        z.tuple([
          count(PREVIEW_BLOCK.rows),
          count(PREVIEW_BLOCK.cols),
          z.record(z.string(), z.unknown()),
        ]),
      )
      .check(z.maxLength(PREVIEW_BLOCK.rows * PREVIEW_BLOCK.cols)),
    /** Stored widths of the block's columns and heights of its rows (null: the default). */
    colWidths: z.array(size()).check(z.maxLength(PREVIEW_BLOCK.cols)),
    rowHeights: z.array(size()).check(z.maxLength(PREVIEW_BLOCK.rows)),
    frozen: z.object({ rows: count(LIMITS.maxRows), cols: count(LIMITS.maxCols) }),
    /**
     * Cell entries the whole state holds (its `cellEntries` length): the client sizes its cell
     * index for them before the state arrives, instead of growing it again and again while the
     * state applies. Absent from older servers; at most 2^24, far more than any state that loads.
     */
    cellEntries: z.optional(count(2 ** 24)),
  }),
)
export type SheetPreview = z.infer<typeof sheetPreview.schema>
