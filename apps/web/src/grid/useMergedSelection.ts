import { onBeforeUnmount, watch } from 'vue'
import { formatRange, type CellPosition, type MergeBlock } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { GridSize } from './gridGeometry'
import { snapToBlock, type BlockLookup } from './mergedCells'

/**
 * Keeps the active cell on merged blocks as Excel does: a move (arrow, Tab, Enter, a click)
 * that lands inside a block selects the block's top-left cell, and a step from a block goes
 * past its far edge. Only a one-cell selection is moved; ranges, whole rows and columns keep
 * their active cell (the range itself grows over the blocks it touches).
 */
export function useMergedSelection(options: { blocks: () => BlockLookup; size: () => GridSize }) {
  const selection = useSelectionStore()
  const same = (a: CellPosition, b: CellPosition): boolean => a.row === b.row && a.col === b.col
  // A key moved the selection last (a step leaves a block), or the pointer did (a click in a
  // block selects it).
  let byKey = false
  const onKey = (): void => void (byKey = true)
  const onPointer = (): void => void (byKey = false)
  window.addEventListener('keydown', onKey, true)
  window.addEventListener('pointerdown', onPointer, true)
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey, true)
    window.removeEventListener('pointerdown', onPointer, true)
  })
  watch(
    () => selection.active,
    (next, prev) => {
      if (selection.span !== 'cell' || selection.editing) return
      if (!same(selection.anchor, next) || !same(selection.extent, next)) return
      const to = snapToBlock(prev ?? next, next, options.blocks(), options.size(), byKey)
      if (!same(to, next)) selection.select(to)
    },
  )
}

/**
 * Says so when a merge is held (someone typed into the block while it was merged: the value
 * is kept and the merge is not in effect, see the model's `readMerges`), once per merge.
 */
export function useHeldMergeNotice(held: () => readonly MergeBlock[]) {
  const notices = useNoticeStore()
  const told = new Set<string>()
  watch(held, (blocks) => {
    const fresh = blocks.filter((b) => !told.has(`${b.key}>${b.cornerRowId}:${b.cornerColId}`))
    for (const b of blocks) told.add(`${b.key}>${b.cornerRowId}:${b.cornerColId}`)
    const first = fresh[0]
    if (!first) return
    notices.show(
      `${formatRange(first)} is not merged: a value was typed into it while it was being merged, and it is kept. Merge again to keep only the top-left value, or unmerge.`,
      'info',
      { persistent: true },
    )
  })
}
