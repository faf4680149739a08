import { computed } from 'vue'
import type { RangePosition } from '@cellmate/model'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import type { GridSize } from './gridGeometry'
import { activeSpan as activeSpanOf } from './mergedCells'
import { selectionRange } from './selectionRange'
import { useHeldMergeNotice, useMergedSelection } from './useMergedSelection'

/**
 * The selection as the grid draws it over merged blocks: the blocks themselves, the selected
 * rectangle and the active cell's block. Keeps the active cell on blocks as it moves
 * (`useMergedSelection`).
 */
export function useSelectedRange(options: {
  sheet: () => SheetSession
  version: () => number
  size: () => GridSize
}) {
  const selection = useSelectionStore()

  /** Merged blocks, read again after every change of the sheet. */
  const blocks = computed(() => {
    void options.version()
    return options.sheet().mergedBlocks()
  })
  /**
   * The selected rectangle (a cell, a drag, whole rows or columns, everything), grown over
   * the merged blocks it touches, as in Excel.
   */
  const range = computed<RangePosition>(() =>
    blocks.value.expand(selectionRange(selection, options.size())),
  )
  /** The active cell, or its merged block. */
  const activeSpan = computed<RangePosition>(() => activeSpanOf(selection.active, blocks.value))
  useMergedSelection({ blocks: () => blocks.value, size: options.size })
  useHeldMergeNotice(() => {
    void options.version()
    return options.sheet().heldMerges()
  })

  return { blocks, range, activeSpan }
}
