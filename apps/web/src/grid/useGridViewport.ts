import { computed, onBeforeUnmount, onMounted, reactive, watch, type Ref } from 'vue'
import type { RangePosition } from '@cellmate/model'
import {
  colLeft as colLeftAt,
  hitAtPoint,
  rangeBox,
  revealScroll,
  rowTop as rowTopAt,
  scrollScale,
  visibleWindow,
  type Box,
  type GridHit,
  type GridMetrics,
  type GridWindow,
  type Viewport,
} from './gridGeometry'
import { scaledWheel } from './scaledWheel'

/** The scroll container's viewport as it is right now (not as last rendered). */
export function readViewport(el: HTMLElement): Viewport {
  return {
    scrollTop: el.scrollTop,
    scrollLeft: el.scrollLeft,
    width: el.clientWidth,
    height: el.clientHeight,
  }
}

/** What is under a mouse event on the grid: a cell, a header, or nothing (the scrollbars). */
export function hitUnder(el: HTMLElement, e: MouseEvent, metrics: GridMetrics): GridHit | null {
  const rect = el.getBoundingClientRect()
  const x = e.clientX - rect.left - el.clientLeft
  const y = e.clientY - rect.top - el.clientTop
  // Clicks on the scrollbars are not clicks on cells.
  if (x >= el.clientWidth || y >= el.clientHeight) return null
  return hitAtPoint(x, y, readViewport(el), metrics)
}

/**
 * Tracks the grid's scroll position and size and derives which rows and columns to render.
 *
 * The window computed hands back its previous value when nothing changed, so scrolling within
 * the rendered window, or an edit that does not resize the sheet, re-renders nothing.
 */
export function useGridViewport(scroller: Ref<HTMLElement | null>, metrics: () => GridMetrics) {
  const vp = reactive<Viewport>({ scrollTop: 0, scrollLeft: 0, width: 0, height: 0 })

  const win = computed<GridWindow>((prev) => {
    const next = visibleWindow(vp, metrics())
    const same =
      prev &&
      prev.rowStart === next.rowStart &&
      prev.rowEnd === next.rowEnd &&
      prev.colStart === next.colStart &&
      prev.colEnd === next.colEnd
    return same ? prev : next
  })

  /**
   * Where body rows are drawn relative to their real offset: non-zero only on sheets taller
   * than the scroll spacer (see `MAX_SCROLL_HEIGHT`), so at scale 1 scrolling changes nothing.
   */
  const rowShift = computed(() => {
    const m = metrics()
    const f = m.frozenRows
    return rowTopAt(f, vp, m) - rowTopAt(f, { ...vp, scrollTop: 0 }, m)
  })

  /** A row's top edge in canvas coordinates (frozen rows: where they stick). */
  function rowTop(row: number): number {
    const m = metrics()
    if (row < m.frozenRows) return rowTopAt(row, vp, m)
    return rowTopAt(row, { ...vp, scrollTop: 0 }, m) + rowShift.value
  }

  /** A column's left edge in canvas coordinates (frozen columns: where they stick). */
  function colLeft(col: number): number {
    return colLeftAt(col, vp, metrics())
  }

  /** The on-screen part of a range, in canvas coordinates; null when off screen. */
  function box(range: RangePosition): Box | null {
    return rangeBox(range, vp, metrics())
  }

  /** A range's whole box (a merged block's, the cell editor's), over its grid lines. */
  function wholeBox(span: RangePosition): Box {
    const { rows, cols } = metrics()
    return {
      left: colLeft(span.start.col) - 1,
      top: rowTop(span.start.row) - 1,
      width: cols.offset(span.end.col + 1) - cols.offset(span.start.col) + 1,
      height: rows.offset(span.end.row + 1) - rows.offset(span.start.row) + 1,
    }
  }

  /** The guide line of a row or column being resized to `size` px, across the viewport. */
  function resizeGuide(kind: 'row' | 'col', index: number, size: number): Box {
    if (kind === 'col') {
      return { left: colLeft(index) + size - 1, top: vp.scrollTop, width: 2, height: vp.height }
    }
    return { left: vp.scrollLeft, top: rowTop(index) + size - 1, width: vp.width, height: 2 }
  }

  function sync(): void {
    if (scroller.value) Object.assign(vp, readViewport(scroller.value))
  }

  /** Scrolls the least distance that shows the cell whole, clear of headers and frozen panes. */
  function reveal(cell: { row: number; col: number }): void {
    const el = scroller.value
    if (!el) return
    const { top, left } = revealScroll(cell, readViewport(el), metrics())
    if (top !== el.scrollTop) el.scrollTop = top
    if (left !== el.scrollLeft) el.scrollLeft = left
  }

  /** A sheet taller than the scroll spacer: the wheel is scaled to move rows as anywhere else. */
  const scaled = computed(() => scrollScale(vp, metrics()) > 1)

  let resizeObserver: ResizeObserver | null = null
  let wheel: ReturnType<typeof scaledWheel> | null = null
  onMounted(() => {
    sync()
    const el = scroller.value
    if (!el) return
    if (typeof ResizeObserver !== 'undefined') {
      resizeObserver = new ResizeObserver(sync)
      resizeObserver.observe(el)
    }
    // The viewport as last synced: reading the element here would force a layout per event.
    const w = scaledWheel(el, () => ({ vp, metrics: metrics() }))
    wheel = w
    watch(scaled, (on) => w.update(on), { immediate: true })
  })
  onBeforeUnmount(() => {
    resizeObserver?.disconnect()
    wheel?.stop()
  })

  return { vp, win, rowShift, rowTop, colLeft, box, wholeBox, resizeGuide, sync, reveal }
}
