import type { CSSProperties } from 'vue'
import { dataBarAxisStyle, dataBarStyle } from '../conditionalFormat/conditionalLook'
import type { AxisSizes } from './axisSizes'
import { cellBox } from './cellBox'
import type { VisibleCell } from './useVisibleCells'
import './cellStrip.css'

/** The selection and find's matches as one row's cells show them (also `GridRow`'s props). */
export interface RowSelection {
  /** The selected columns in this row (-1 when the selection does not reach it). */
  selStart: number
  selEnd: number
  /** The active cell's (or block's) columns in this row, -1 when it is not in this row. */
  activeStart: number
  activeEnd: number
  /** Selected cells other than the active one are shaded (the selection is a range). */
  shade: boolean
  /** Find's matches (`row:col`), highlighted while the find bar is open. */
  findMatches: ReadonlySet<string> | null
}

/** What a strip's cells show besides their own content: the row, the selection, find. */
export interface StripState extends RowSelection {
  row: number
  /** The frozen columns' strip (its cells are placed from its own left). */
  frozen: boolean
  cols: AxisSizes
}

/** What a press on a cell's checkbox, dropdown chevron or filter button asks for. */
export interface StripHandlers {
  pick: (row: number, col: number, anchor: DOMRect) => void
  toggle: (row: number, col: number) => void
  filter: (col: number, anchor: DOMRect) => void
}

type Content = 'text' | 'spill' | 'checkbox'

/** A cell element and what was last written to it, so a repaint touches only what changed. */
interface CellNode {
  el: HTMLDivElement
  col: number
  className: string
  colIndex: string
  selected: string
  label: string
  address: string
  title: string | null
  style: CSSProperties
  content: Content | null
  /** The text node of a text or spill cell. */
  text: Text | null
  /** The spill's span, or the checkbox's. */
  part: HTMLSpanElement | null
  partClass: string
  partWidth: string
  partBackground: string
  checked: string
  /** The extras (data bar, chevron, filter button) as last built, `''` for none. */
  extras: string
  extraEls: HTMLElement[]
}

const EMPTY_STYLE: CSSProperties = {}

/**
 * The cells of one row strip (the frozen columns' or the scrolled ones'), drawn straight into
 * the DOM instead of one Vue vnode per cell: a scroll brings a few hundred cells per frame,
 * and comparing a handful of fields per cell costs a fraction of diffing their vnodes.
 *
 * Cells are keyed by column: while the strip shows the same columns (a vertical scroll hands it
 * another row), every element stays where it is in the DOM and gets only its changed text,
 * classes, attributes and style. Elements of columns that left are reused for columns that
 * came. The DOM each cell produces is the one the grid's CSS, the e2e suite and assistive
 * technology read: `role="gridcell"`, `aria-colindex`, `aria-selected`, `aria-label`,
 * `data-address`, `title`, and the spill text, checkbox, data bar, chevron and filter button.
 */
export class CellStrip {
  private readonly nodes = new Map<number, CellNode>()
  private readonly pool: CellNode[] = []
  private readonly byElement = new WeakMap<Element, CellNode>()
  private state: StripState | null = null
  private readonly onPointerDown = (e: PointerEvent): void => this.press(e)

  constructor(
    readonly el: HTMLElement,
    private readonly handlers: StripHandlers,
  ) {
    // One listener for the strip: the cells' buttons are found from the pressed element.
    el.addEventListener('pointerdown', this.onPointerDown)
  }

  /** Draws `cells` (in column order) for `state`'s row. */
  render(cells: readonly VisibleCell[], state: StripState): void {
    this.state = state
    const wanted = new Set<number>()
    for (const cell of cells) wanted.add(cell.col)
    for (const [col, node] of this.nodes) {
      if (wanted.has(col)) continue
      // Detached, so the cells that stay never move: only the ones placed anew are inserted.
      node.el.remove()
      this.nodes.delete(col)
      this.pool.push(node)
    }
    let prev: HTMLElement | null = null
    for (const cell of cells) {
      let node = this.nodes.get(cell.col)
      if (!node) {
        node = this.pool.pop() ?? this.create()
        node.col = cell.col
        this.nodes.set(cell.col, node)
      }
      this.patch(node, cell, state)
      const at: ChildNode | null = prev ? prev.nextSibling : this.el.firstChild
      if (at !== node.el) this.el.insertBefore(node.el, at)
      prev = node.el
    }
  }

  /** Removes the strip's listener; its elements go with the strip. */
  destroy(): void {
    this.el.removeEventListener('pointerdown', this.onPointerDown)
  }

  private create(): CellNode {
    const el = document.createElement('div')
    el.setAttribute('role', 'gridcell')
    const node: CellNode = {
      el,
      col: -1,
      className: '',
      colIndex: '',
      selected: '',
      label: '',
      address: '',
      title: null,
      style: EMPTY_STYLE,
      content: null,
      text: null,
      part: null,
      partClass: '',
      partWidth: '',
      partBackground: '',
      checked: '',
      extras: '',
      extraEls: [],
    }
    this.byElement.set(el, node)
    return node
  }

  private patch(node: CellNode, cell: VisibleCell, state: StripState): void {
    const { el } = node
    const col = cell.col
    const selected = col >= state.selStart && col <= state.selEnd
    const shaded = state.shade && selected && !(col >= state.activeStart && col <= state.activeEnd)
    const className = cellClass(cell, shaded, state.findMatches?.has(`${state.row}:${col}`))
    if (node.className !== className) el.className = node.className = className
    setAttr(node, 'colIndex', 'aria-colindex', String(col + 2))
    setAttr(node, 'selected', 'aria-selected', String(selected))
    setAttr(node, 'label', 'aria-label', cell.label)
    setAttr(node, 'address', 'data-address', cell.address)
    const title = cell.invalid ?? cell.title ?? cell.hint ?? null
    if (node.title !== title) {
      if (title === null) el.removeAttribute('title')
      else el.setAttribute('title', title)
      node.title = title
    }
    const style = cellBox(state.cols, state.frozen, cell)
    if (node.style !== style) {
      patchStyle(el, node.style, style)
      node.style = style
    }
    this.patchContent(node, cell)
    this.patchExtras(node, cell)
  }

  /** The cell's own content: its text, the text spilling over its neighbours, or a checkbox. */
  private patchContent(node: CellNode, cell: VisibleCell): void {
    const content: Content = cell.spill ? 'spill' : cell.checkbox !== null ? 'checkbox' : 'text'
    if (node.content !== content) {
      node.el.textContent = ''
      node.extras = ''
      node.extraEls = []
      node.text = null
      node.part = null
      node.partClass = node.partWidth = node.partBackground = node.checked = ''
      if (content === 'text') {
        node.text = node.el.appendChild(document.createTextNode(''))
      } else {
        node.part = node.el.appendChild(document.createElement('span'))
        if (content === 'spill') node.text = node.part.appendChild(document.createTextNode(''))
        else {
          node.part.setAttribute('role', 'checkbox')
          node.part.setAttribute('data-testid', 'validation-checkbox')
        }
      }
      node.content = content
    }
    if (node.text && node.text.data !== cell.text) node.text.data = cell.text
    const part = node.part
    if (!part) return
    if (cell.spill) {
      const partClass = `spill-text ${cell.spill.side}`
      if (node.partClass !== partClass) part.className = node.partClass = partClass
      const width = `${cell.spill.width - 1}px`
      if (node.partWidth !== width) part.style.width = node.partWidth = width
      const background = cell.style?.backgroundColor ?? ''
      if (node.partBackground !== background) {
        part.style.background = node.partBackground = background
      }
    } else {
      const partClass = cell.checkbox ? 'checkbox checked' : 'checkbox'
      if (node.partClass !== partClass) part.className = node.partClass = partClass
      const checked = String(cell.checkbox)
      if (node.checked !== checked) part.setAttribute('aria-checked', (node.checked = checked))
    }
  }

  /** The rare extras, rebuilt whenever any of them changes: data bar, chevron, filter button. */
  private patchExtras(node: CellNode, cell: VisibleCell): void {
    const { bar, dropdown, filter } = cell
    const extras =
      bar || dropdown || filter
        ? `${bar ? `${bar.start} ${bar.end} ${bar.color} ${bar.axis}` : ''}|${dropdown}|${filter}|${cell.address}`
        : ''
    if (node.extras === extras) return
    for (const el of node.extraEls) el.remove()
    node.extraEls = []
    node.extras = extras
    if (bar) {
      const span = extra(node, 'span', 'data-bar', 'data-bar')
      span.setAttribute('aria-hidden', 'true')
      Object.assign(span.style, dataBarStyle(bar))
      if (bar.axis !== undefined) {
        const axis = extra(node, 'span', 'data-bar-axis', null)
        axis.setAttribute('aria-hidden', 'true')
        Object.assign(axis.style, dataBarAxisStyle(bar.axis))
      }
    }
    if (dropdown) {
      extra(node, 'span', 'dropdown-chevron', 'validation-chevron').setAttribute(
        'aria-hidden',
        'true',
      )
    }
    if (filter) {
      const button = extra(
        node,
        'button',
        filter === 'on' ? 'filter-button on' : 'filter-button',
        'filter-button',
      )
      button.type = 'button'
      button.setAttribute('aria-label', `Filter column ${cell.address.replace(/[0-9]+$/, '')}`)
    }
  }

  /** A press on a cell's checkbox, chevron or filter button: the grid does not see it. */
  private press(e: PointerEvent): void {
    const target = e.target
    if (!(target instanceof HTMLElement) || !this.state) return
    const cls = target.classList
    const kind = cls.contains('checkbox')
      ? 'toggle'
      : cls.contains('dropdown-chevron')
        ? 'pick'
        : cls.contains('filter-button')
          ? 'filter'
          : null
    const node = target.parentElement && this.byElement.get(target.parentElement)
    if (!kind || !node) return
    e.stopPropagation()
    e.preventDefault()
    const { row } = this.state
    if (kind === 'toggle') this.handlers.toggle(row, node.col)
    else if (kind === 'pick') this.handlers.pick(row, node.col, target.getBoundingClientRect())
    else this.handlers.filter(node.col, target.getBoundingClientRect())
  }
}

/** The cell's classes, in the order the grid always wrote them. */
function cellClass(cell: VisibleCell, shaded: boolean, found: boolean | undefined): string {
  let out = 'cell'
  if (cell.numeric) out += ' numeric'
  if (cell.centered) out += ' centered'
  if (cell.error) out += ' error'
  if (shaded) out += ' in-selection'
  if (cell.spill) out += ' spills'
  if (found) out += ' find-match'
  if (cell.merged !== null) out += ' merged'
  if (cell.invalid !== null) out += ' invalid'
  if (cell.dropdown) out += ' has-dropdown'
  if (blank(cell)) out += ' blank'
  return out
}

/** Nothing drawn inside the cell but its box: no text, spill, checkbox or extras to clip. */
function blank(cell: VisibleCell): boolean {
  return (
    cell.text === '' &&
    cell.spill === null &&
    cell.checkbox === null &&
    cell.bar === null &&
    !cell.dropdown &&
    cell.filter === null
  )
}

type AttrField = 'colIndex' | 'selected' | 'label' | 'address'

function setAttr(node: CellNode, field: AttrField, name: string, value: string): void {
  if (node[field] === value) return
  node.el.setAttribute(name, value)
  node[field] = value
}

/** Sets the properties of `next` that differ from `prev` and clears the ones it dropped. */
function patchStyle(el: HTMLElement, prev: CSSProperties, next: CSSProperties): void {
  const style = el.style as unknown as Record<string, string>
  const before = prev as Record<string, unknown>
  const after = next as Record<string, unknown>
  for (const key in before) if (!(key in after)) style[key] = ''
  for (const key in after) {
    const value = after[key]
    if (value !== before[key]) style[key] = value === undefined ? '' : String(value)
  }
}

function extra<K extends 'span' | 'button'>(
  node: CellNode,
  tag: K,
  className: string,
  testId: string | null,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  el.className = className
  if (testId) el.setAttribute('data-testid', testId)
  node.el.appendChild(el)
  node.extraEls.push(el)
  return el
}
