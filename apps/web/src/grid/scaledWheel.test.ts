import { describe, expect, it } from 'vitest'
import {
  COL_HEADER_HEIGHT,
  ROW_HEIGHT,
  bodyOffset,
  uniformMetrics,
  type GridMetrics,
  type Viewport,
} from './gridGeometry'
import { scaledWheel, scaledWheelStep, type WheelDelta } from './scaledWheel'

const vp = (scrollTop = 0): Viewport => ({
  scrollTop,
  scrollLeft: 0,
  width: 1248,
  height: COL_HEADER_HEIGHT + 27 * ROW_HEIGHT,
})
const million = uniformMetrics({ rows: 1_000_000, cols: 100 })
const small = uniformMetrics({ rows: 1000, cols: 26 })
const wheel = (deltaY: number, more: Partial<WheelDelta> = {}): WheelDelta => ({
  deltaX: 0,
  deltaY,
  deltaMode: 0,
  shiftKey: false,
  ...more,
})

/** The first row fully below the column header at a scroll position. */
const topRow = (scrollTop: number, m: GridMetrics): number =>
  Math.ceil(bodyOffset(vp(scrollTop), m) / ROW_HEIGHT)

describe('wheel steps on a sheet taller than the scroll spacer', () => {
  it('move the rows as far as the same wheel moves them in an ordinary sheet', () => {
    const step = scaledWheelStep(wheel(240), vp(50_000), million)
    expect(step).not.toBeNull()
    const before = topRow(50_000, million)
    const after = topRow(50_000 + step!.top, million)
    // 240 px of rows: 10 rows, as in a 1,000-row sheet (the browser's own scroll moved 24).
    expect(after - before).toBe(10)
    expect(topRow(50_000 + 240, million) - before).toBeGreaterThan(20)
    // Upwards the same.
    const up = scaledWheelStep(wheel(-240), vp(50_000), million)!
    expect(before - topRow(50_000 + up.top, million)).toBe(10)
  })

  it('leave ordinary sheets and sideways-only wheels to the browser', () => {
    expect(scaledWheelStep(wheel(240), vp(0), small)).toBeNull()
    expect(scaledWheelStep(wheel(0, { deltaX: 120 }), vp(0), million)).toBeNull()
    // Shift turns a plain wheel sideways: the browser's own horizontal scroll.
    expect(scaledWheelStep(wheel(120, { shiftKey: true }), vp(0), million)).toBeNull()
  })

  it('count lines as rows and pages as the body’s height, and keep a diagonal’s sideways part', () => {
    const lines = scaledWheelStep(wheel(3, { deltaMode: 1 }), vp(0), million)!
    expect(topRow(lines.top, million)).toBe(3)
    const page = scaledWheelStep(wheel(1, { deltaMode: 2 }), vp(0), million)!
    expect(topRow(page.top, million)).toBe(27)
    const diagonal = scaledWheelStep(wheel(48, { deltaX: 30 }), vp(0), million)!
    expect(diagonal.left).toBe(30)
    expect(topRow(diagonal.top, million)).toBe(2)
  })
})

describe('scaledWheel on the grid element', () => {
  /** The grid's furthest scroll position: its canvas (header and spacer) less its height. */
  const MAX_TOP = COL_HEADER_HEIGHT + 10_000_000 - vp().height

  /** A grid element of a million rows scrolled to `at`, whose scroll position is whole pixels. */
  function grid(at: number) {
    const el = document.createElement('div')
    document.body.appendChild(el)
    let scrollTop = at
    Object.defineProperty(el, 'scrollTop', {
      get: () => scrollTop,
      set: (v: number) => (scrollTop = Math.min(MAX_TOP, Math.max(0, Math.round(v)))),
    })
    const w = scaledWheel(el, () => ({ vp: vp(scrollTop), metrics: million }))
    const send = (deltaY: number): WheelEvent => {
      const e = new WheelEvent('wheel', { deltaY, cancelable: true, bubbles: true })
      el.dispatchEvent(e)
      return e
    }
    return { el, w, send, top: () => scrollTop }
  }

  it('scrolls by the step while the sheet is scaled, carrying what rounding leaves', () => {
    const g = grid(50_000)
    g.w.update(true)
    const before = topRow(g.top(), million)
    // 24 wheel events of 10 px (a trackpad): each step is a fraction of a scroll pixel.
    for (let i = 0; i < 24; i++) expect(g.send(10).defaultPrevented).toBe(true)
    expect(topRow(g.top(), million) - before).toBe(10)
    g.w.stop()
    g.el.remove()
  })

  it('goes on from where the scrollbar or the keyboard put the grid since', () => {
    const g = grid(50_000)
    g.w.update(true)
    g.send(240)
    expect(g.top()).toBe(50_100)
    // Dragging the thumb: the browser scrolls and tells the page.
    g.el.scrollTop = 2_000_000
    g.el.dispatchEvent(new Event('scroll'))
    g.send(240)
    expect(g.top()).toBe(2_000_100)
    g.w.stop()
    g.el.remove()
  })

  it('stops at the sheet’s end and turns back from there at once', () => {
    const g = grid(MAX_TOP - 50)
    g.w.update(true)
    for (let i = 0; i < 5; i++) g.send(240)
    expect(g.top()).toBe(MAX_TOP)
    g.send(-240)
    expect(g.top()).toBe(MAX_TOP - 100)
    g.w.stop()
    g.el.remove()
  })

  it('leaves the wheel to the browser once the sheet is no longer scaled, and after stop', () => {
    const g = grid(50_000)
    g.w.update(true)
    g.w.update(false)
    expect(g.send(240).defaultPrevented).toBe(false)
    expect(g.top()).toBe(50_000)
    g.w.update(true)
    g.w.stop()
    expect(g.send(240).defaultPrevented).toBe(false)
    g.el.remove()
  })

  it('leaves a wheel over an element that scrolls itself, and Ctrl+wheel (zoom), alone', () => {
    const g = grid(50_000)
    g.w.update(true)
    const list = document.createElement('div')
    list.style.overflowY = 'auto'
    Object.defineProperty(list, 'scrollHeight', { get: () => 500 })
    Object.defineProperty(list, 'clientHeight', { get: () => 100 })
    g.el.appendChild(list)
    const overList = new WheelEvent('wheel', { deltaY: 240, cancelable: true, bubbles: true })
    list.dispatchEvent(overList)
    expect(overList.defaultPrevented).toBe(false)
    const zoom = new WheelEvent('wheel', { deltaY: 240, cancelable: true, bubbles: true })
    // happy-dom's WheelEvent takes no modifier keys from its init.
    Object.defineProperty(zoom, 'ctrlKey', { value: true })
    g.el.dispatchEvent(zoom)
    expect(zoom.defaultPrevented).toBe(false)
    expect(g.top()).toBe(50_000)
    g.w.stop()
    g.el.remove()
  })
})
