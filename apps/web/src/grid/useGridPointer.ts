import { shallowRef, type Ref } from 'vue'
import type { FormulaContext } from '@cellmate/formula'
import { MAX_AXIS_SIZE, type RangePosition } from '@cellmate/model'
import { useFormulaPointStore } from '../stores/formulaPointStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { fillEdits, planFill, type FillPlan } from './fillSeries'
import { shiftStoredFormula } from './formulaShift'
import {
  COL_HEADER_HEIGHT,
  MIN_COL_WIDTH,
  MIN_ROW_HEIGHT,
  ROW_HEADER_WIDTH,
  headerAtPoint,
  hitAtPoint,
  nearestCell,
  resizeHandleAt,
  type GridMetrics,
  type HeaderHit,
} from './gridGeometry'
import { useGridDrag, type GridPoint } from './useGridDrag'
import { writeFill } from './useFillCopy'
import { readViewport } from './useGridViewport'

/** A header border being dragged: which row/column and the size it would get. */
export interface ResizeDrag {
  kind: 'row' | 'col'
  index: number
  size: number
}

export interface GridPointerOptions {
  scroller: Ref<HTMLElement | null>
  sheet: () => SheetSession
  metrics: () => GridMetrics
  range: () => RangePosition
  canEdit: () => boolean
  formulas: () => FormulaContext
  /** Ends an edit in progress before the selection moves; false when it was refused. */
  commitEdit: () => boolean
}

/**
 * What the mouse does on the grid: click, Shift+click and drag select cells; header clicks
 * (and Shift+clicks, and drags across headers) select whole rows or columns; a header's
 * border resizes its row or column; the fill handle fills the drag's extension.
 */
export function useGridPointer(options: GridPointerOptions) {
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  const point = useFormulaPointStore()
  const drag = useGridDrag(options.scroller)
  /** The resize in progress, for the guide line. */
  const resizing = shallowRef<ResizeDrag | null>(null)
  /** The fill in progress, for its preview outline. */
  const filling = shallowRef<FillPlan | null>(null)

  const vp = (): ReturnType<typeof readViewport> | null =>
    options.scroller.value ? readViewport(options.scroller.value) : null

  function isOverScrollbar(p: GridPoint): boolean {
    const el = options.scroller.value
    return !el || p.x >= el.clientWidth || p.y >= el.clientHeight
  }

  /** Mousedown on the grid (not on the fill handle, which has its own). */
  function onMousedown(e: MouseEvent): void {
    if (e.button !== 0) return
    const p = drag.point(e)
    const view = vp()
    if (!view || isOverScrollbar(p)) return
    const m = options.metrics()
    const handle = options.canEdit() ? resizeHandleAt(p.x, p.y, view, m) : null
    if (handle) {
      e.preventDefault()
      startResize(e, handle)
      return
    }
    const hit = hitAtPoint(p.x, p.y, view, m)
    if (!hit) return
    if (hit.kind === 'cell' && point.canPoint()) {
      startPointing(e, hit)
      return
    }
    if (selection.editing && !options.commitEdit()) {
      e.preventDefault()
      return
    }
    if (hit.kind === 'cell') {
      if (e.shiftKey) selection.extendTo(hit)
      else selection.select(hit)
      drag.start(e, {
        autoScroll: true,
        move: (q) => {
          const now = vp()
          if (now) selection.extendTo(nearestCell(q.x, q.y, now, options.metrics()))
        },
        end: () => {},
      })
      return
    }
    selectHeader(hit, e.shiftKey)
    drag.start(e, {
      autoScroll: true,
      move: (q) => {
        const now = vp()
        if (!now) return
        const cell = nearestCell(q.x, q.y, now, options.metrics())
        const index = hit.kind === 'row' ? cell.row : cell.col
        selectHeader({ kind: hit.kind, index }, true)
      },
      end: () => {},
    })
  }

  /**
   * Point mode: the click inserts the cell's reference into the formula being typed (Shift:
   * extends the reference just inserted) and a drag makes it a range. The editor keeps the
   * focus, so the edit goes on.
   */
  function startPointing(e: MouseEvent, cell: { row: number; col: number }): void {
    e.preventDefault()
    const prev = point.pointed
    const anchor = e.shiftKey && prev && prev.sheet === point.pointedSheet() ? prev.anchor : cell
    point.pointTo(anchor, cell)
    drag.start(e, {
      autoScroll: true,
      move: (q) => {
        const now = vp()
        if (now) point.pointTo(anchor, nearestCell(q.x, q.y, now, options.metrics()))
      },
      end: () => {},
    })
  }

  /** Selects a row or column; `extend` grows a row (column) selection to it instead. */
  function selectHeader(hit: HeaderHit, extend: boolean): void {
    if (extend && selection.span === hit.kind) {
      selection.extendTo(
        hit.kind === 'row'
          ? { row: hit.index, col: selection.extent.col }
          : { row: selection.extent.row, col: hit.index },
      )
    } else if (hit.kind === 'row') {
      selection.selectRow(hit.index)
    } else {
      selection.selectCol(hit.index)
    }
  }

  function startResize(e: MouseEvent, handle: HeaderHit): void {
    const m = options.metrics()
    const axis = handle.kind === 'row' ? m.rows : m.cols
    const startSize = axis.size(handle.index)
    const origin = drag.point(e)
    const min = handle.kind === 'row' ? MIN_ROW_HEIGHT : MIN_COL_WIDTH
    resizing.value = { ...handle, size: startSize }
    drag.start(e, {
      move: (q) => {
        const delta = handle.kind === 'row' ? q.y - origin.y : q.x - origin.x
        const size = Math.round(Math.min(MAX_AXIS_SIZE, Math.max(min, startSize + delta)))
        resizing.value = { ...handle, size }
      },
      end: () => {
        const current = resizing.value
        resizing.value = null
        if (!current || current.size === startSize) return
        // Resizing one of several selected rows/columns resizes them all, as in Sheets.
        const r = options.range()
        const whole = selection.span === handle.kind
        const [from, to] =
          handle.kind === 'row' ? [r.start.row, r.end.row] : [r.start.col, r.end.col]
        const indexes =
          whole && handle.index >= from && handle.index <= to
            ? Array.from({ length: to - from + 1 }, (_, i) => from + i)
            : [handle.index]
        try {
          options.sheet().resize(handle.kind === 'row' ? 'rows' : 'cols', indexes, current.size)
        } catch (err) {
          notices.showError(err)
        }
      },
    })
  }

  /** Mousedown on the fill handle: drag to fill, release to write. */
  function onFillHandleDown(e: MouseEvent): void {
    if (e.button !== 0 || !options.canEdit()) return
    e.preventDefault()
    e.stopPropagation()
    if (selection.editing && !options.commitEdit()) return
    const source = options.range()
    filling.value = null
    drag.start(e, {
      autoScroll: true,
      move: (q) => {
        const now = vp()
        if (!now) return
        filling.value = planFill(source, nearestCell(q.x, q.y, now, options.metrics()))
      },
      end: () => {
        const plan = filling.value
        filling.value = null
        if (plan) fill(source, plan)
      },
    })
  }

  function fill(source: RangePosition, plan: FillPlan): void {
    const sheet = options.sheet()
    const ctx = options.formulas()
    const edits = fillEdits(
      source,
      plan,
      (row, col) => sheet.layout.cellAt(row, col),
      (raw, dRows, dCols) => shiftStoredFormula(raw, dRows, dCols, ctx),
      // Rows a filter hides are skipped, as in Sheets and Excel.
    ).filter((e) => !sheet.filters.filtered(e.row))
    writeFill(sheet, edits, notices, () =>
      selection.selectRange(plan.extended.start, plan.extended.end, selection.active),
    )
  }

  /** The row or column border under a mouse event (a double-click there autofits). */
  function resizeHandleUnder(e: MouseEvent): HeaderHit | null {
    const view = vp()
    if (!view || !options.canEdit()) return null
    const p = drag.point(e)
    return resizeHandleAt(p.x, p.y, view, options.metrics())
  }

  /** The cursor over a point: resize arrows on header borders. */
  function cursorAt(e: MouseEvent): string {
    const view = vp()
    if (!view || drag.dragging() || !options.canEdit()) return ''
    const p = drag.point(e)
    if (p.x >= ROW_HEADER_WIDTH && p.y >= COL_HEADER_HEIGHT) return ''
    const handle = resizeHandleAt(p.x, p.y, view, options.metrics())
    if (handle) return handle.kind === 'col' ? 'col-resize' : 'row-resize'
    return headerAtPoint(p.x, p.y, view, options.metrics()) ? 'default' : ''
  }

  return { onMousedown, onFillHandleDown, cursorAt, resizeHandleUnder, resizing, filling }
}
