import type { CellPosition } from '@cellmate/model'
import { dateStampText } from './dateStamp'
import type { GridSize } from './gridGeometry'
import { dataEdge } from './selectionRange'
import { walkStep, type SelectionWalk } from './selectionWalk'

/** The parts of a `KeyboardEvent` the grid looks at. */
export interface KeyLike {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
}

/** What a key does on a selected cell that is not being edited. */
export type GridCommand =
  | { kind: 'move'; to: CellPosition }
  /** Shift+arrows: move the selection's free corner, the active cell stays. */
  | { kind: 'extend'; to: CellPosition }
  /** Tab, Shift+Tab, Shift+Enter in a selected block: the active cell moves, the block stays. */
  | { kind: 'step'; to: CellPosition }
  | { kind: 'selectAll' }
  /** Start editing; `draft` replaces the content, or null to edit the existing content. */
  | { kind: 'edit'; draft: string | null }
  | { kind: 'clear' }
  /** Ctrl+Enter on a selected block: the active cell's content into every cell of it. */
  | { kind: 'fillSelection' }

/**
 * How an edit started decides what the arrow keys do in it, as in Google Sheets and Excel:
 * after typing over a cell (`enter`) they commit and move; after F2, Enter or a double-click
 * (`edit`) they move the caret.
 */
export type EditMode = 'enter' | 'edit'

/** What a key does in the cell editor. */
export type EditorCommand =
  | { kind: 'commit'; to: CellPosition }
  /** Enter or Tab in a selected block: commit, then move inside the block, which stays. */
  | { kind: 'commitStep'; to: CellPosition }
  | { kind: 'cancel' }
  /** Alt+Enter (Ctrl/Cmd+Enter with one cell selected): a line break at the caret, as in Sheets. */
  | { kind: 'lineBreak' }
  /** Ctrl+Enter in a selected block: the draft into every cell of it, as Excel enters it. */
  | { kind: 'commitFill' }
  /** Text typed at the caret (Ctrl+; today's date, Ctrl+Shift+; the time). */
  | { kind: 'insert'; text: string }

/**
 * Alt+Enter, Ctrl+Enter or Cmd+Enter: breaks the line in a cell's text instead of committing
 * (in a selected block Ctrl+Enter enters the draft in all of it instead: `editorKeyCommand`).
 */
export function isLineBreakKey(e: KeyLike): boolean {
  return e.key === 'Enter' && (e.altKey || e.ctrlKey || e.metaKey)
}

/**
 * Ctrl+Enter (Cmd+Enter) with a block selected: enter in every cell of it, from the cell
 * editor, the formula bar or the grid itself.
 */
export function isFillKey(e: KeyLike): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey
}

/**
 * A key an IME takes, not the editor's or the grid's: one pressed while it composes
 * (`isComposing`), or one reported with keyCode 229, which is what the key that starts a
 * composition carries, and what Safari's Enter (or Escape) that confirms (or cancels) one
 * carries after the composition has already ended. Enter there confirms the composed text; the
 * next Enter commits the cell, as in Google Sheets.
 */
export function isImeKey(e: Pick<KeyboardEvent, 'isComposing' | 'keyCode'>): boolean {
  return e.isComposing || e.keyCode === 229
}

/** Keeps a position inside the sheet. */
export function clampPosition(pos: CellPosition, size: GridSize): CellPosition {
  return {
    row: Math.min(Math.max(0, pos.row), Math.max(0, size.rows - 1)),
    col: Math.min(Math.max(0, pos.col), Math.max(0, size.cols - 1)),
  }
}

/** True for a key that types a character (AltGr arrives as Ctrl+Alt on Windows). */
export function isPrintableKey(e: KeyLike): boolean {
  if ([...e.key].length !== 1) return false
  if (e.metaKey) return false
  return !e.ctrlKey || e.altKey
}

/** The row and column step of an arrow key; null for any other key. */
export function arrowDelta(key: string): { dRow: number; dCol: number } | null {
  switch (key) {
    case 'ArrowUp':
      return { dRow: -1, dCol: 0 }
    case 'ArrowDown':
      return { dRow: 1, dCol: 0 }
    case 'ArrowLeft':
      return { dRow: 0, dCol: -1 }
    case 'ArrowRight':
      return { dRow: 0, dCol: 1 }
    default:
      return null
  }
}

/** Whether a row (column) is hidden: arrows, Tab and Enter step over hidden ones. */
export type HiddenCheck = (axis: 'rows' | 'cols', index: number) => boolean

function moveBy(
  at: CellPosition,
  dRow: number,
  dCol: number,
  size: GridSize,
  hidden?: HiddenCheck,
): CellPosition {
  let to = clampPosition({ row: at.row + dRow, col: at.col + dCol }, size)
  if (!hidden) return to
  const stepRow = Math.sign(dRow)
  const stepCol = Math.sign(dCol)
  while ((stepRow !== 0 && hidden('rows', to.row)) || (stepCol !== 0 && hidden('cols', to.col))) {
    const next = clampPosition({ row: to.row + stepRow, col: to.col + stepCol }, size)
    // Only hidden rows (columns) that way: stay where we are, as Sheets does.
    if (next.row === to.row && next.col === to.col) return at
    to = next
  }
  return to
}

/** What the grid knows beyond the active cell when it maps a key. */
export interface GridKeyContext {
  /** The selection's free corner (Shift+arrows move it); the active cell when absent. */
  extent?: CellPosition
  /** Whether a cell holds anything: Ctrl+arrows stop at the edges of the data. */
  filled?: (row: number, col: number) => boolean
  /** Hidden rows and columns, stepped over by arrows, Tab and Enter. */
  hidden?: HiddenCheck
  /** A selected block: Tab, Shift+Tab and Shift+Enter move the active cell inside it. */
  walk?: SelectionWalk | null
  /**
   * The last row holding data crossed with the last column holding data (`lastUsedCell`),
   * where Ctrl+End goes; asked only then, as it reads every stored cell. Absent: an empty sheet.
   */
  lastUsed?: () => CellPosition
}

const NOTHING_FILLED = (): boolean => false

/** Maps a key on the grid (not editing) to a command; null leaves the key to the browser. */
export function gridKeyCommand(
  e: KeyLike,
  at: CellPosition,
  size: GridSize,
  page: number,
  context: GridKeyContext = {},
): GridCommand | null {
  const jump = e.ctrlKey || e.metaKey
  const arrow = arrowDelta(e.key)
  if (arrow && !e.altKey) {
    const from = e.shiftKey ? (context.extent ?? at) : at
    const to = jump
      ? dataEdge(from, arrow.dRow, arrow.dCol, size, context.filled ?? NOTHING_FILLED)
      : moveBy(from, arrow.dRow, arrow.dCol, size, context.hidden)
    return { kind: e.shiftKey ? 'extend' : 'move', to }
  }
  if (jump && !e.altKey && e.key.toLowerCase() === 'a') return { kind: 'selectAll' }
  const stamp = dateStampText(e)
  if (stamp !== null) return { kind: 'edit', draft: stamp }
  // Enter itself edits the active cell, as in Google Sheets; the edit's Enter walks on.
  const walk = context.walk
  if (walk && isFillKey(e)) return { kind: 'fillSelection' }
  if (walk && !jump && !e.altKey && (e.key === 'Tab' || (e.key === 'Enter' && e.shiftKey))) {
    const order = e.key === 'Tab' ? 'byRow' : 'byCol'
    return { kind: 'step', to: walkStep(walk, at, order, e.shiftKey) }
  }
  // Home, End and the page keys move, or with Shift take the selection's free corner there.
  const from = e.shiftKey ? (context.extent ?? at) : at
  const reach = (to: CellPosition): GridCommand => ({ kind: e.shiftKey ? 'extend' : 'move', to })
  switch (e.key) {
    case 'Tab':
      return { kind: 'move', to: moveBy(at, 0, e.shiftKey ? -1 : 1, size, context.hidden) }
    case 'Enter':
      return e.shiftKey
        ? { kind: 'move', to: moveBy(at, -1, 0, size, context.hidden) }
        : { kind: 'edit', draft: null }
    case 'F2':
      return { kind: 'edit', draft: null }
    case 'Delete':
    case 'Backspace':
      return { kind: 'clear' }
    case 'Home':
      return reach({ row: jump ? 0 : from.row, col: 0 })
    case 'End':
      // Ctrl+End: the end of the data, not of the sheet, as in Excel and Sheets.
      if (jump) return reach(clampPosition(context.lastUsed?.() ?? { row: 0, col: 0 }, size))
      return reach(clampPosition({ row: from.row, col: size.cols - 1 }, size))
    case 'PageDown':
      return reach(moveBy(from, page, 0, size))
    case 'PageUp':
      return reach(moveBy(from, -page, 0, size))
  }
  if (isPrintableKey(e)) return { kind: 'edit', draft: e.key }
  return null
}

/**
 * Maps a key in the cell editor to a command; null lets the input handle it. In a text of
 * several lines (`multiline`) the arrows move the caret between them whatever the mode. In a
 * selected block (`walk`) Enter and Tab move inside it: down the columns (Enter) or along the
 * rows (Tab), backwards with Shift.
 */
export function editorKeyCommand(
  e: KeyLike,
  at: CellPosition,
  size: GridSize,
  mode: EditMode,
  multiline = false,
  walk: SelectionWalk | null = null,
): EditorCommand | null {
  if (walk && isFillKey(e)) return { kind: 'commitFill' }
  if (isLineBreakKey(e)) return { kind: 'lineBreak' }
  const stamp = dateStampText(e)
  if (stamp !== null) return { kind: 'insert', text: stamp }
  if (walk && (e.key === 'Enter' || e.key === 'Tab')) {
    const order = e.key === 'Tab' ? 'byRow' : 'byCol'
    return { kind: 'commitStep', to: walkStep(walk, at, order, e.shiftKey) }
  }
  switch (e.key) {
    case 'Enter':
      return { kind: 'commit', to: moveBy(at, e.shiftKey ? -1 : 1, 0, size) }
    case 'Tab':
      return { kind: 'commit', to: moveBy(at, 0, e.shiftKey ? -1 : 1, size) }
    case 'Escape':
      return { kind: 'cancel' }
  }
  const arrow = arrowDelta(e.key)
  if (
    arrow &&
    mode === 'enter' &&
    !multiline &&
    !e.shiftKey &&
    !e.ctrlKey &&
    !e.metaKey &&
    !e.altKey
  ) {
    return { kind: 'commit', to: moveBy(at, arrow.dRow, arrow.dCol, size) }
  }
  return null
}
