import { describe, expect, it, vi } from 'vitest'
import { AxisSizes } from './axisSizes'
import { RowLayer, type LayerState, type RowLook } from './rowLayer'
import type { VisibleCell, VisibleRow } from './useVisibleCells'
import { visibleCell } from './visibleCellFixture'

const cols = new AxisSizes(100, 100)
const shared: LayerState = { cols, canvasWidth: 10_048, frozenWidth: 0, findMatches: null }

function rowOf(row: number, frozenCols = 0): VisibleRow {
  const cell = (col: number): VisibleCell => visibleCell(row, col, { frozen: col < frozenCols })
  const cells = [0, 1, 2].map(cell)
  const groups = [
    { frozen: true, cells: cells.filter((c) => c.frozen) },
    { frozen: false, cells: cells.filter((c) => !c.frozen) },
  ].filter((g) => !g.frozen || g.cells.length > 0)
  return { row, frozen: false, height: 24, groups }
}

function lookOf(extra: Partial<RowLook> = {}): (r: VisibleRow) => RowLook {
  return (r) => ({
    top: 24 + r.row * 24,
    selStart: -1,
    selEnd: -1,
    activeStart: -1,
    activeEnd: -1,
    shade: false,
    inRange: false,
    rowSelected: false,
    hiddenAbove: false,
    ...extra,
  })
}

function setup() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  const handlers = { unhide: vi.fn(), pick: vi.fn(), toggle: vi.fn(), filter: vi.fn() }
  return { el, layer: new RowLayer(el, handlers), handlers }
}

const rowsIn = (el: HTMLElement): HTMLElement[] => [
  ...el.querySelectorAll<HTMLElement>('[role="row"]'),
]
const headerOf = (row: HTMLElement): HTMLElement | null =>
  document.getElementById(row.getAttribute('aria-owns') ?? '')

describe('RowLayer', () => {
  it('draws each row with its cells and a header it owns, placed beside it', () => {
    const { el, layer } = setup()
    layer.render([rowOf(0), rowOf(1)], lookOf(), shared)
    const rows = rowsIn(el)
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toEqual(['2', '3'])
    const header = headerOf(rows[1]!)
    expect(header?.getAttribute('role')).toBe('rowheader')
    expect(header?.textContent).toBe('2')
    expect(header?.style.top).toBe(rows[1]!.style.top)
    expect(header?.getAttribute('aria-selected')).toBe('false')
    expect(rows[1]!.querySelector('[data-address="B2"]')).not.toBeNull()
  })

  it('gives a row scrolled in the elements of one scrolled out, and keeps the others', () => {
    const { el, layer } = setup()
    layer.render([rowOf(0), rowOf(1), rowOf(2)], lookOf(), shared)
    const [first, second, third] = rowsIn(el)
    layer.render([rowOf(1), rowOf(2), rowOf(3)], lookOf(), shared)
    expect(rowsIn(el)).toEqual([first, second, third])
    expect(headerOf(first!)?.textContent).toBe('4')
    expect(first!.querySelector('[data-address="A4"]')).not.toBeNull()
    expect(headerOf(second!)?.textContent).toBe('2')
    // Fewer rows: the rest leave the DOM, headers with them.
    layer.render([rowOf(2)], lookOf(), shared)
    expect(rowsIn(el)).toEqual([third])
    expect(el.querySelectorAll('[role="rowheader"]')).toHaveLength(1)
  })

  it('marks a selected row, and its unhide marker shows the rows above it', () => {
    const { el, layer, handlers } = setup()
    layer.render(
      [rowOf(4)],
      lookOf({ inRange: true, rowSelected: true, hiddenAbove: true }),
      shared,
    )
    const header = headerOf(rowsIn(el)[0]!)!
    expect(header.className).toBe('row-header active selected')
    expect(header.getAttribute('aria-selected')).toBe('true')
    const button = header.querySelector<HTMLButtonElement>('[data-testid="unhide-rows"]')!
    expect(button.getAttribute('aria-label')).toBe('Show the hidden rows above row 5')
    button.click()
    expect(handlers.unhide).toHaveBeenCalledWith(4)
    layer.render([rowOf(4)], lookOf(), shared)
    expect(header.querySelector('[data-testid="unhide-rows"]')).toBeNull()
    expect(header.className).toBe('row-header')
  })

  it('draws the frozen columns in a strip of their own while the row has any', () => {
    const { el, layer } = setup()
    layer.render([rowOf(0, 1)], lookOf(), { ...shared, frozenWidth: 100 })
    const row = rowsIn(el)[0]!
    const strip = row.querySelector<HTMLElement>('.frozen-strip')
    expect(strip?.style.width).toBe('100px')
    expect(strip?.querySelector('[data-address="A1"]')).not.toBeNull()
    layer.render([rowOf(0)], lookOf(), shared)
    expect(row.querySelector('.frozen-strip')).toBeNull()
    expect(row.querySelector('.body-strip [data-address="A1"]')).not.toBeNull()
  })
})
