import { onBeforeUnmount, type Ref } from 'vue'

/** A pointer position relative to the scroll container's top-left corner. */
export interface GridPoint {
  x: number
  y: number
}

export interface DragHandlers {
  /** The pointer moved (or the grid scrolled under it while dragging). */
  move: (p: GridPoint) => void
  end: (p: GridPoint) => void
  /** Scroll the grid when the pointer is held past an edge (selection and fill drags). */
  autoScroll?: boolean
}

/** Pixels per frame the grid scrolls when the pointer is this far past an edge. */
function autoScrollStep(distance: number): number {
  return Math.sign(distance) * Math.min(40, Math.ceil(Math.abs(distance) / 3))
}

/**
 * Mouse drags that start on the grid and follow the pointer anywhere on the page: range
 * selection, the fill handle, header resizing. Past an edge the grid scrolls on its own (as
 * in every spreadsheet), and each scrolled frame reports the pointer again so the selection
 * keeps growing.
 */
export function useGridDrag(scroller: Ref<HTMLElement | null>) {
  let active: { handlers: DragHandlers; last: MouseEvent } | null = null
  let frame = 0

  function point(e: MouseEvent): GridPoint {
    const el = scroller.value
    if (!el) return { x: 0, y: 0 }
    const rect = el.getBoundingClientRect()
    return { x: e.clientX - rect.left - el.clientLeft, y: e.clientY - rect.top - el.clientTop }
  }

  function tick(): void {
    frame = 0
    const el = scroller.value
    if (!active || !active.handlers.autoScroll || !el) return
    const p = point(active.last)
    const dx = p.x < 0 ? p.x : p.x > el.clientWidth ? p.x - el.clientWidth : 0
    const dy = p.y < 0 ? p.y : p.y > el.clientHeight ? p.y - el.clientHeight : 0
    if (dx === 0 && dy === 0) return
    el.scrollLeft += autoScrollStep(dx)
    el.scrollTop += autoScrollStep(dy)
    active.handlers.move(p)
    frame = requestAnimationFrame(tick)
  }

  function onMove(e: MouseEvent): void {
    if (!active) return
    active.last = e
    active.handlers.move(point(e))
    if (!frame) frame = requestAnimationFrame(tick)
  }

  function onUp(e: MouseEvent): void {
    if (!active) return
    const { handlers } = active
    stop()
    handlers.end(point(e))
  }

  function stop(): void {
    active = null
    if (frame) cancelAnimationFrame(frame)
    frame = 0
    window.removeEventListener('mousemove', onMove)
    window.removeEventListener('mouseup', onUp)
  }

  /** Follows the pointer from this mousedown until the button is released. */
  function start(e: MouseEvent, handlers: DragHandlers): void {
    stop()
    active = { handlers, last: e }
    window.addEventListener('mousemove', onMove)
    window.addEventListener('mouseup', onUp)
  }

  onBeforeUnmount(stop)

  return { start, point, dragging: () => active !== null }
}
