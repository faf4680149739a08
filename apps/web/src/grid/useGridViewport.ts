import { computed, onBeforeUnmount, onMounted, reactive, type Ref } from 'vue'
import type { SheetSession } from '../sync/sheetSession'
import {
  COL_HEADER_HEIGHT,
  ROW_HEIGHT,
  revealScroll,
  rowsOffset,
  visibleWindow,
  type GridSize,
  type GridWindow,
  type Viewport,
} from './gridGeometry'

/** The scroll container's viewport as it is right now (not as last rendered). */
export function readViewport(el: HTMLElement): Viewport {
  return {
    scrollTop: el.scrollTop,
    scrollLeft: el.scrollLeft,
    width: el.clientWidth,
    height: el.clientHeight,
  }
}

/**
 * Tracks the grid's scroll position and size and derives which rows and columns to render.
 *
 * The computeds hand back their previous value when nothing changed, so scrolling within the
 * rendered window, or an edit that does not resize the sheet, re-renders nothing.
 */
export function useGridViewport(
  scroller: Ref<HTMLElement | null>,
  sheet: () => SheetSession,
  version: () => number,
) {
  const vp = reactive<Viewport>({ scrollTop: 0, scrollLeft: 0, width: 0, height: 0 })

  const size = computed<GridSize>((prev) => {
    version()
    const { layout } = sheet()
    const next = { rows: layout.rowCount, cols: layout.colCount }
    return prev && prev.rows === next.rows && prev.cols === next.cols ? prev : next
  })

  const win = computed<GridWindow>((prev) => {
    const next = visibleWindow(vp, size.value)
    const same =
      prev &&
      prev.rowStart === next.rowStart &&
      prev.rowEnd === next.rowEnd &&
      prev.colStart === next.colStart &&
      prev.colEnd === next.colEnd
    return same ? prev : next
  })

  /** Non-zero only on sheets taller than the scroll spacer (see `MAX_SCROLL_HEIGHT`). */
  const rowShift = computed(() => vp.scrollTop - rowsOffset(vp, size.value.rows))

  function rowTop(row: number): number {
    return COL_HEADER_HEIGHT + row * ROW_HEIGHT + rowShift.value
  }

  function sync(): void {
    if (scroller.value) Object.assign(vp, readViewport(scroller.value))
  }

  /** Scrolls the least distance that shows the cell whole, clear of the sticky headers. */
  function reveal(cell: { row: number; col: number }): void {
    const el = scroller.value
    if (!el) return
    const { top, left } = revealScroll(cell, readViewport(el), size.value)
    if (top !== el.scrollTop) el.scrollTop = top
    if (left !== el.scrollLeft) el.scrollLeft = left
  }

  let resizeObserver: ResizeObserver | null = null
  onMounted(() => {
    sync()
    if (scroller.value && typeof ResizeObserver !== 'undefined') {
      resizeObserver = new ResizeObserver(sync)
      resizeObserver.observe(scroller.value)
    }
  })
  onBeforeUnmount(() => resizeObserver?.disconnect())

  return { vp, size, win, rowTop, sync, reveal }
}
