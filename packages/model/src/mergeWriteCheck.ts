import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import { formatRange } from './a1.js'
import { BlockIndex } from './mergeBlocks.js'
import { readMerges } from './mergeState.js'

/**
 * The guard on writes into merged cells: only a block's top-left cell takes a value while the
 * merge is in effect (REST writes and paste check here before writing).
 */

/**
 * Refuses writes into the hidden cells of merged blocks (a REST write, a paste): a cell of a
 * block other than its top-left one cannot take a value while the merge is in effect.
 * Throws BAD_REQUEST naming the first such cell and its block.
 */
export function checkWritesOutsideMerges(
  doc: Y.Doc,
  positions: Iterable<{ row: number; col: number; value: string }>,
): void {
  const state = readMerges(doc)
  if (state.blocks.length === 0) return
  const index = new BlockIndex(state.blocks)
  for (const { row, col, value } of positions) {
    if (value === '') continue
    const b = index.at(row, col)
    if (b && (row !== b.start.row || col !== b.start.col)) {
      throw new CellmateError(
        ERROR_CODES.BAD_REQUEST,
        `${formatRange({ start: { row, col }, end: { row, col } })} is inside the merged cells ${formatRange(b)}; write to ${formatRange({ start: b.start, end: b.start })} or unmerge first`,
      )
    }
  }
}
