import {
  bodyAreaHeight,
  canvasSize,
  scrollScale,
  type GridMetrics,
  type Viewport,
} from './gridGeometry'

/** What of a wheel event decides how far it scrolls. */
export type WheelDelta = Pick<WheelEvent, 'deltaX' | 'deltaY' | 'deltaMode' | 'shiftKey'>

/** `WheelEvent.deltaMode` values (the constants are not on the type in every test DOM). */
const DELTA_LINE = 1
const DELTA_PAGE = 2

/**
 * How far one wheel event moves the scroll position of a sheet taller than the scroll spacer,
 * so that it moves the rows as far as the same event moves them in any other sheet; null
 * when the browser's own scrolling is right (an ordinary sheet, or a sideways-only event).
 *
 * The spacer of a sheet taller than `MAX_SCROLL_HEIGHT` maps the whole sheet onto it (the
 * scrollbar's thumb is where the rows are), so the browser's wheel scroll of N pixels moved
 * N × scale pixels of rows: 24 rows a notch instead of 10 on 1,000,000 rows, and a screenful
 * of new rows to draw for every notch. The step is in scroll-position pixels; `top` may be
 * fractional.
 */
export function scaledWheelStep(
  e: WheelDelta,
  vp: Viewport,
  m: GridMetrics,
): { top: number; left: number } | null {
  const scale = scrollScale(vp, m)
  if (scale <= 1) return null
  let dx = e.deltaX
  let dy = e.deltaY
  // Shift turns a plain wheel sideways (the browser does the same with what it scrolls).
  if (e.shiftKey && dx === 0) {
    dx = dy
    dy = 0
  }
  if (dy === 0) return null
  const unit =
    e.deltaMode === DELTA_LINE
      ? m.rows.defaultSize
      : e.deltaMode === DELTA_PAGE
        ? bodyAreaHeight(vp, m)
        : 1
  return { top: (dy * unit) / scale, left: dx * unit }
}

/**
 * Scrolls `el` (the grid) by `scaledWheelStep` on wheel events while `scaled()` says the sheet
 * is taller than the spacer, and leaves every other wheel to the browser. The listener is only
 * there while it is needed: a wheel listener that may cancel makes the browser wait for the
 * page before every scroll, which ordinary sheets do not pay.
 *
 * Returns `update`, to call when the sheet may have become scaled or stopped being it, and
 * `stop`.
 */
export function scaledWheel(
  el: HTMLElement,
  read: () => { vp: Viewport; metrics: GridMetrics },
): { update: (scaled: boolean) => void; stop: () => void } {
  /**
   * Where the wheel last put the scroll position, in whole pixels as the browser keeps it, and
   * the part of a pixel it could not: the next event goes on from there without reading the
   * element (a read after the page changed would lay it out). Null once anything else moved it.
   */
  let written: number | null = null
  let listening = false
  let carry = 0

  const onScroll = (): void => {
    // The grid's own scroll handler has read the position already: no layout is forced here.
    if (written !== null && el.scrollTop !== written) {
      written = null
      carry = 0
    }
  }

  const onWheel = (e: WheelEvent): void => {
    // Ctrl+wheel zooms the page; a scrolling element inside the grid scrolls itself.
    if (e.defaultPrevented || e.ctrlKey || scrollsItself(e.target, el)) return
    const { vp, metrics } = read()
    const step = scaledWheelStep(e, vp, metrics)
    if (!step) return
    e.preventDefault()
    const max = Math.max(0, canvasSize(metrics).height - vp.height)
    const want = Math.min(max, Math.max(0, (written ?? vp.scrollTop) + step.top + carry))
    const next = Math.round(want)
    carry = want - next
    written = next
    el.scrollTop = next
    if (step.left !== 0) el.scrollLeft += step.left
  }

  const detach = (): void => {
    el.removeEventListener('wheel', onWheel)
    el.removeEventListener('scroll', onScroll)
    written = null
    carry = 0
  }

  return {
    update(scaled) {
      if (scaled === listening) return
      listening = scaled
      if (!scaled) {
        detach()
        return
      }
      el.addEventListener('wheel', onWheel, { passive: false })
      el.addEventListener('scroll', onScroll, { passive: true })
    },
    stop() {
      detach()
      listening = false
    },
  }
}

/**
 * An element between `target` and the grid that can scroll vertically on its own. Rows and
 * cells never do, and a wheel over them is not made to measure anything (no forced layout).
 */
function scrollsItself(target: EventTarget | null, grid: HTMLElement): boolean {
  if (!(target instanceof Element) || target.closest('.row-layer')) return false
  for (let el: Element | null = target; el && el !== grid; el = el.parentElement) {
    if (el.scrollHeight <= el.clientHeight) continue
    const { overflowY } = getComputedStyle(el)
    if (overflowY === 'auto' || overflowY === 'scroll') return true
  }
  return false
}
