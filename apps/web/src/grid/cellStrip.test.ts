import { describe, expect, it, vi } from 'vitest'
import { AxisSizes } from './axisSizes'
import { CellStrip, type StripHandlers, type StripState } from './cellStrip'
import { visibleCell } from './visibleCellFixture'

const cols = new AxisSizes(100, 100)

const cellAt = visibleCell

function stateFor(row: number, extra: Partial<StripState> = {}): StripState {
  return {
    row,
    frozen: false,
    cols,
    selStart: -1,
    selEnd: -1,
    activeStart: -1,
    activeEnd: -1,
    shade: false,
    findMatches: null,
    ...extra,
  }
}

function setup(): { el: HTMLElement; strip: CellStrip; handlers: StripHandlers } {
  const el = document.createElement('div')
  document.body.appendChild(el)
  const handlers = { pick: vi.fn(), toggle: vi.fn(), filter: vi.fn() }
  return { el, strip: new CellStrip(el, handlers), handlers }
}

const cellsOf = (el: HTMLElement): HTMLElement[] => [...el.children] as HTMLElement[]

describe('CellStrip', () => {
  it('draws each cell as a gridcell with its address, label, text and box', () => {
    const { el, strip } = setup()
    strip.render(
      [cellAt(0, 0, { text: 'hello' }), cellAt(0, 1, { text: '42', numeric: true })],
      stateFor(0),
    )
    const [a, b] = cellsOf(el)
    expect(a?.getAttribute('role')).toBe('gridcell')
    expect(a?.getAttribute('data-address')).toBe('A1')
    expect(a?.getAttribute('aria-label')).toBe('A1, hello')
    expect(a?.getAttribute('aria-colindex')).toBe('2')
    expect(a?.getAttribute('aria-selected')).toBe('false')
    expect(a?.hasAttribute('title')).toBe(false)
    expect(a?.textContent).toBe('hello')
    expect(a?.className).toBe('cell')
    // The body strip starts left of the 48 px row headers.
    expect(a?.style.left).toBe('48px')
    expect(a?.style.width).toBe('100px')
    expect(b?.className).toBe('cell numeric')
    expect(b?.style.left).toBe('148px')
  })

  it('repaints the same elements in place when the strip shows another row', () => {
    const { el, strip } = setup()
    strip.render([cellAt(0, 0, { text: 'a' }), cellAt(0, 1)], stateFor(0))
    const before = cellsOf(el)
    strip.render([cellAt(7, 0), cellAt(7, 1, { text: 'b' })], stateFor(7))
    const after = cellsOf(el)
    expect(after).toHaveLength(2)
    expect(after[0]).toBe(before[0])
    expect(after[1]).toBe(before[1])
    expect(after.map((c) => c.getAttribute('data-address'))).toEqual(['A8', 'B8'])
    expect(after.map((c) => c.textContent)).toEqual(['', 'b'])
  })

  it('keeps cells in column order when columns leave and come (horizontal scroll)', () => {
    const { el, strip } = setup()
    strip.render(
      [1, 2, 3].map((c) => cellAt(0, c)),
      stateFor(0),
    )
    const kept = cellsOf(el)[1]
    strip.render(
      [2, 3, 4].map((c) => cellAt(0, c)),
      stateFor(0),
    )
    expect(cellsOf(el).map((c) => c.getAttribute('aria-colindex'))).toEqual(['4', '5', '6'])
    expect(cellsOf(el)[0]).toBe(kept)
    strip.render(
      [0, 2].map((c) => cellAt(0, c)),
      stateFor(0),
    )
    expect(cellsOf(el).map((c) => c.getAttribute('data-address'))).toEqual(['A1', 'C1'])
  })

  it('sets and clears a format, and shades the selection and find matches', () => {
    const { el, strip } = setup()
    const bold = cellAt(0, 1, { style: { fontWeight: '700', backgroundColor: '#ff0000' } })
    strip.render([cellAt(0, 0), bold], stateFor(0))
    const b = cellsOf(el)[1]
    expect(b?.style.fontWeight).toBe('700')
    strip.render(
      [cellAt(0, 0), cellAt(0, 1)],
      stateFor(0, {
        selStart: 0,
        selEnd: 1,
        activeStart: 0,
        activeEnd: 0,
        shade: true,
        findMatches: new Set(['0:0']),
      }),
    )
    expect(b?.style.fontWeight).toBe('')
    expect(b?.style.backgroundColor).toBe('')
    expect(b?.style.width).toBe('100px')
    const [a] = cellsOf(el)
    // Empty cells are marked blank: they draw no content, so they need no clip.
    expect(a?.className).toBe('cell find-match blank')
    expect(a?.getAttribute('aria-selected')).toBe('true')
    expect(b?.className).toBe('cell in-selection blank')
  })

  it('draws spill text, checkboxes, data bars, chevrons and filter buttons, and swaps them', () => {
    const { el, strip } = setup()
    strip.render(
      [
        cellAt(0, 0, { text: 'long text', spill: { side: 'right', width: 250 } }),
        cellAt(0, 1, { checkbox: true }),
        cellAt(0, 2, {
          text: '5',
          bar: { start: 0, end: 0.5, color: '#638ec6' },
          dropdown: true,
          filter: 'on',
          invalid: 'Not in the list',
        }),
      ],
      stateFor(0),
    )
    const [a, b, c] = cellsOf(el)
    const spill = a?.querySelector('.spill-text.right') as HTMLElement
    expect(spill.textContent).toBe('long text')
    expect(spill.style.width).toBe('249px')
    expect(a?.className).toBe('cell spills')
    const box = b?.querySelector('[data-testid="validation-checkbox"]')
    expect(box?.getAttribute('role')).toBe('checkbox')
    expect(box?.getAttribute('aria-checked')).toBe('true')
    expect(box?.className).toBe('checkbox checked')
    expect(c?.className).toBe('cell invalid has-dropdown')
    expect(c?.getAttribute('title')).toBe('Not in the list')
    expect(c?.textContent).toBe('5')
    expect((c?.querySelector('[data-testid="data-bar"]') as HTMLElement).style.width).toBe('50%')
    expect(c?.querySelector('[data-testid="validation-chevron"]')).not.toBeNull()
    const filter = c?.querySelector('[data-testid="filter-button"]')
    expect(filter?.className).toBe('filter-button on')
    expect(filter?.getAttribute('aria-label')).toBe('Filter column C')

    // The same elements show plain cells of the next row: nothing of the extras is left.
    strip.render(
      [0, 1, 2].map((col) => cellAt(1, col, { text: 'x' })),
      stateFor(1),
    )
    expect(cellsOf(el).map((cell) => cell.innerHTML)).toEqual(['x', 'x', 'x'])
    expect(cellsOf(el).map((cell) => cell.hasAttribute('title'))).toEqual([false, false, false])
  })

  it("hands a press on a cell's checkbox, chevron or filter to the grid, and stops it there", () => {
    const { el, strip, handlers } = setup()
    strip.render(
      [cellAt(4, 0, { checkbox: false }), cellAt(4, 1, { dropdown: true, filter: 'off' })],
      stateFor(4),
    )
    const reachedGrid = vi.fn()
    document.body.addEventListener('pointerdown', reachedGrid)
    const press = (selector: string): void => {
      el.querySelector(selector)?.dispatchEvent(
        new PointerEvent('pointerdown', { bubbles: true, cancelable: true }),
      )
    }
    press('.checkbox')
    press('.dropdown-chevron')
    press('.filter-button')
    expect(handlers.toggle).toHaveBeenCalledWith(4, 0)
    expect(handlers.pick).toHaveBeenCalledWith(4, 1, expect.anything())
    expect(handlers.filter).toHaveBeenCalledWith(1, expect.anything())
    expect(reachedGrid).not.toHaveBeenCalled()
    // A press on the cell itself is the grid's (selection).
    press('[data-address="A5"]')
    expect(reachedGrid).toHaveBeenCalledTimes(1)
    document.body.removeEventListener('pointerdown', reachedGrid)
    strip.destroy()
  })
})
