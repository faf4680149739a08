import type { AxisSizes } from './axisSizes'
import { CellStrip, type RowSelection, type StripHandlers, type StripState } from './cellStrip'
import type { VisibleRow } from './useVisibleCells'
import './rowLayer.css'

/** What one row shows besides its cells: where it is, and its header's marks. */
export interface RowLook extends Omit<RowSelection, 'findMatches'> {
  /** The row's top inside its layer. */
  top: number
  /** The row is in the selection's rows (its header is highlighted). */
  inRange: boolean
  /** The row is selected as a whole (header click, Shift+Space). */
  rowSelected: boolean
  /** Rows above this one are hidden by hand: its header shows the marker that shows them. */
  hiddenAbove: boolean
}

/** What every row of a layer shares. */
export interface LayerState {
  cols: AxisSizes
  canvasWidth: number
  /** The frozen columns' width (the frozen strip's). */
  frozenWidth: number
  /** Find's matches (`row:col`), highlighted while the find bar is open. */
  findMatches: ReadonlySet<string> | null
}

/** The cells' presses, and the header's marker that shows the hidden rows above it. */
export interface RowLayerHandlers extends StripHandlers {
  unhide: (row: number) => void
}

/**
 * The rendered rows of one layer (the frozen rows' or the scrolled ones'), drawn straight into
 * the DOM: a Vue component per row cost a vnode diff of every row on screen each frame a scroll
 * brought rows in, and a patch of each row it brought.
 *
 * A row keeps its element while it stays on screen, and a row scrolled in takes an element a
 * row scrolled out left, repainted in place (its cells keyed by column, see `CellStrip`): a
 * scroll inserts and moves nothing in the DOM, on a jump as when scrolling row by row. Rows are
 * placed by their own `top`, and `aria-rowindex` says where each is.
 *
 * The row headers sit in one column that sticks to the grid's left edge, each placed beside
 * its row and owned by it (`aria-owns`): a sticky header in every row made every row a
 * compositor layer, and compositing ~40 layers a frame cost the display compositor more than
 * the page's own work while scrolling. The DOM is otherwise the one the grid's CSS, the e2e
 * suite and assistive technology read: `role="row"`, its `rowheader` (the row's number,
 * `aria-selected`, the unhide marker) and its cells.
 */
export class RowLayer {
  private readonly drawn = new Map<number, DrawnRow>()
  private readonly pool: DrawnRow[] = []
  /** The sticky column of row headers, after the rows so it paints over their cells. */
  private readonly headers = document.createElement('div')

  constructor(
    readonly el: HTMLElement,
    private readonly handlers: RowLayerHandlers,
  ) {
    this.headers.className = 'row-headers'
    this.headers.setAttribute('role', 'presentation')
    el.appendChild(this.headers)
  }

  /** Draws `rows` (their looks from `lookOf`); rows no longer among them leave the DOM. */
  render(
    rows: readonly VisibleRow[],
    lookOf: (r: VisibleRow) => RowLook,
    shared: LayerState,
  ): void {
    if (this.drawn.size > 0) {
      const wanted = new Set<number>()
      for (const r of rows) wanted.add(r.row)
      for (const [row, d] of this.drawn) {
        if (wanted.has(row)) continue
        this.drawn.delete(row)
        this.pool.push(d)
      }
    }
    for (const r of rows) {
      let d = this.drawn.get(r.row)
      if (!d) {
        d = this.pool.pop() ?? new DrawnRow(this.handlers)
        if (!d.el.parentNode) {
          this.el.insertBefore(d.el, this.headers)
          this.headers.appendChild(d.header)
        }
        this.drawn.set(r.row, d)
      }
      d.draw(r, lookOf(r), shared)
    }
    // Elements no row took wait outside the DOM for the next rows.
    for (const d of this.pool) {
      if (!d.el.parentNode) continue
      d.el.remove()
      d.header.remove()
    }
  }

  /** Removes the rows' listeners; their elements go with the layer's. */
  destroy(): void {
    this.headers.remove()
    for (const d of this.drawn.values()) d.destroy()
    for (const d of this.pool) d.destroy()
  }
}

/** Ids of row headers, which their rows own (`aria-owns`). */
let headerIds = 0

/** One row's elements and what was last written to them, so a repaint touches only changes. */
class DrawnRow {
  readonly el = document.createElement('div')
  /** In the layer's header column, not in the row (see `RowLayer`). */
  readonly header = document.createElement('div')
  private readonly number = document.createTextNode('')
  private readonly bodyEl = document.createElement('div')
  private readonly body: CellStrip
  private frozenEl: HTMLDivElement | null = null
  private frozen: CellStrip | null = null
  private unhide: HTMLButtonElement | null = null
  private row = -1
  private top = ''
  private width = ''
  private height = ''
  private frozenWidth = ''
  private headerClass = ''
  private headerSelected = ''
  /** The row, look and layer state the cells were last drawn for. */
  private cellsFor: { r: VisibleRow; look: RowLook; shared: LayerState } | null = null

  constructor(private readonly handlers: RowLayerHandlers) {
    this.el.className = 'row'
    this.el.setAttribute('role', 'row')
    this.header.id = `row-header-${++headerIds}`
    this.header.setAttribute('role', 'rowheader')
    this.header.setAttribute('aria-colindex', '1')
    this.header.appendChild(this.number)
    this.el.setAttribute('aria-owns', this.header.id)
    this.bodyEl.className = 'cell-strip body-strip'
    this.bodyEl.setAttribute('role', 'presentation')
    this.el.append(this.bodyEl)
    this.body = new CellStrip(this.bodyEl, handlers)
  }

  draw(r: VisibleRow, look: RowLook, shared: LayerState): void {
    const { el } = this
    const row = r.row
    if (this.row !== row) {
      el.setAttribute('aria-rowindex', String(row + 2))
      this.number.data = String(row + 1)
    }
    const top = `${look.top}px`
    if (this.top !== top) el.style.top = this.header.style.top = this.top = top
    const width = `${shared.canvasWidth}px`
    if (this.width !== width) el.style.width = this.width = width
    const height = `${r.height}px`
    if (this.height !== height) el.style.height = this.header.style.height = this.height = height
    this.drawHeader(row, look)
    this.row = row
    const last = this.cellsFor
    if (last && last.r === r && sameCells(last.look, look, last.shared, shared)) return
    this.cellsFor = { r, look, shared }
    const state: Omit<StripState, 'frozen'> = {
      row,
      cols: shared.cols,
      selStart: look.selStart,
      selEnd: look.selEnd,
      activeStart: look.activeStart,
      activeEnd: look.activeEnd,
      shade: look.shade,
      findMatches: shared.findMatches,
    }
    const frozenCells = r.groups.find((g) => g.frozen)?.cells
    this.setFrozenStrip(frozenCells !== undefined, shared.frozenWidth)
    for (const g of r.groups) {
      const strip = g.frozen ? this.frozen : this.body
      strip?.render(g.cells, { ...state, frozen: g.frozen })
    }
  }

  destroy(): void {
    this.body.destroy()
    this.frozen?.destroy()
  }

  private drawHeader(row: number, look: RowLook): void {
    let cls = 'row-header'
    if (look.inRange) cls += ' active'
    if (look.rowSelected) cls += ' selected'
    // Seven-digit row numbers (1,000,000) get a smaller font to fit the header.
    if (row >= 99_999) cls += ' long'
    if (this.headerClass !== cls) this.header.className = this.headerClass = cls
    const selected = String(look.rowSelected)
    if (this.headerSelected !== selected) {
      this.header.setAttribute('aria-selected', (this.headerSelected = selected))
    }
    if (look.hiddenAbove) {
      const button = this.unhide ?? this.unhideButton()
      if (this.row !== row || !this.unhide) {
        button.setAttribute('aria-label', `Show the hidden rows above row ${row + 1}`)
      }
      this.unhide = button
    } else if (this.unhide) {
      this.unhide.remove()
      this.unhide = null
    }
  }

  /** The marker over the header's top edge that shows the hidden rows above this one. */
  private unhideButton(): HTMLButtonElement {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'unhide-rows'
    button.setAttribute('data-testid', 'unhide-rows')
    button.title = 'Unhide rows'
    button.textContent = '▴▾'
    // The grid would take the press as a click on the header (a row selection).
    button.addEventListener('mousedown', (e) => e.stopPropagation())
    button.addEventListener('click', (e) => {
      e.stopPropagation()
      this.handlers.unhide(this.row)
    })
    this.header.appendChild(button)
    return button
  }

  /** The frozen columns' strip, between the header and the scrolled cells, when it has cells. */
  private setFrozenStrip(wanted: boolean, frozenWidth: number): void {
    if (!wanted) {
      if (this.frozenEl) {
        this.frozen?.destroy()
        this.frozenEl.remove()
        this.frozenEl = this.frozen = null
        this.frozenWidth = ''
      }
      return
    }
    if (!this.frozenEl) {
      const el = document.createElement('div')
      el.className = 'cell-strip frozen-strip'
      el.setAttribute('role', 'presentation')
      this.el.insertBefore(el, this.bodyEl)
      this.frozenEl = el
      this.frozen = new CellStrip(el, this.handlers)
    }
    const width = `${frozenWidth}px`
    if (this.frozenWidth !== width) this.frozenEl.style.width = this.frozenWidth = width
  }
}

/** Whether the same row's cells look the same (the row's place and header do not count). */
function sameCells(a: RowLook, b: RowLook, sa: LayerState, sb: LayerState): boolean {
  return (
    sa.cols === sb.cols &&
    sa.frozenWidth === sb.frozenWidth &&
    sa.findMatches === sb.findMatches &&
    a.selStart === b.selStart &&
    a.selEnd === b.selEnd &&
    a.activeStart === b.activeStart &&
    a.activeEnd === b.activeEnd &&
    a.shade === b.shade
  )
}
