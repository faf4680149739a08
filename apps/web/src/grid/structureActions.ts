import { colToLetters, type Axis, type CellPosition } from '@cellmate/model'
import type { MenuItem, ShortcutHint } from '../menu/menuModel'
import type { StructureOp } from '../sync/sheetSession'

/** A row or column command of the header menus and their keyboard shortcuts. */
export type StructureAction =
  | 'insertRowAbove'
  | 'insertRowBelow'
  | 'deleteRow'
  | 'moveRowUp'
  | 'moveRowDown'
  | 'insertColLeft'
  | 'insertColRight'
  | 'deleteCol'
  | 'moveColLeft'
  | 'moveColRight'

interface ActionInfo {
  axis: Axis
  label: string
  shortcut: ShortcutHint
}

const hint = (text: string, aria: string): ShortcutHint => ({ text, aria })
const INSERT_BEFORE = hint('Ctrl+Alt+=', 'Control+Alt+=')
const INSERT_AFTER = hint('Ctrl+Alt+Shift+=', 'Control+Alt+Shift+=')
const DELETE = hint('Ctrl+Alt+-', 'Control+Alt+-')

export const STRUCTURE_ACTIONS: Readonly<Record<StructureAction, ActionInfo>> = {
  insertRowAbove: { axis: 'rows', label: 'Insert 1 row above', shortcut: INSERT_BEFORE },
  insertRowBelow: { axis: 'rows', label: 'Insert 1 row below', shortcut: INSERT_AFTER },
  deleteRow: { axis: 'rows', label: 'Delete row', shortcut: DELETE },
  moveRowUp: {
    axis: 'rows',
    label: 'Move row up',
    shortcut: hint('Alt+Shift+↑', 'Alt+Shift+ArrowUp'),
  },
  moveRowDown: {
    axis: 'rows',
    label: 'Move row down',
    shortcut: hint('Alt+Shift+↓', 'Alt+Shift+ArrowDown'),
  },
  insertColLeft: { axis: 'cols', label: 'Insert 1 column left', shortcut: INSERT_BEFORE },
  insertColRight: { axis: 'cols', label: 'Insert 1 column right', shortcut: INSERT_AFTER },
  deleteCol: { axis: 'cols', label: 'Delete column', shortcut: DELETE },
  moveColLeft: {
    axis: 'cols',
    label: 'Move column left',
    shortcut: hint('Alt+Shift+←', 'Alt+Shift+ArrowLeft'),
  },
  moveColRight: {
    axis: 'cols',
    label: 'Move column right',
    shortcut: hint('Alt+Shift+→', 'Alt+Shift+ArrowRight'),
  },
}

/** What a structure action does: the model edit and the row/column to select afterwards. */
export interface StructurePlan {
  op: StructureOp
  /** Index (on the action's axis) the selection moves to: the new, moved or next row. */
  select: number
}

/**
 * The edit `action` makes on the `count` rows/columns from `index` of an axis `length` long
 * (the selected ones, as in Sheets and Excel: three selected rows insert three, delete three,
 * move together), or null when it cannot apply (moving the first row up, an index outside the
 * sheet). Deleting every row is left to the model, whose refusal says why.
 */
export function planStructure(
  action: StructureAction,
  index: number,
  length: number,
  count = 1,
): StructurePlan | null {
  if (index < 0 || count < 1 || index + count > length) return null
  const { axis } = STRUCTURE_ACTIONS[action]
  const block = { axis, count }
  switch (action) {
    case 'insertRowAbove':
    case 'insertColLeft':
      return { op: { kind: 'insert', at: index, ...block }, select: index }
    case 'insertRowBelow':
    case 'insertColRight':
      return { op: { kind: 'insert', at: index + count, ...block }, select: index + count }
    case 'deleteRow':
    case 'deleteCol':
      return {
        op: { kind: 'delete', at: index, ...block },
        select: Math.max(0, Math.min(index, length - count - 1)),
      }
    case 'moveRowUp':
    case 'moveColLeft':
      if (index === 0) return null
      return { op: { kind: 'move', from: index, to: index - 1, ...block }, select: index - 1 }
    case 'moveRowDown':
    case 'moveColRight':
      if (index + count === length) return null
      return { op: { kind: 'move', from: index, to: index + 1, ...block }, select: index + 1 }
  }
}

/** An action's label for `count` rows/columns from `index`: `Insert 3 rows above`, `Delete rows 2–4`. */
export function structureLabel(action: StructureAction, index: number, count: number): string {
  const info = STRUCTURE_ACTIONS[action]
  if (count === 1) return info.label
  const rows = info.axis === 'rows'
  const noun = rows ? 'rows' : 'columns'
  const name = (i: number): string => (rows ? String(i + 1) : colToLetters(i))
  switch (action) {
    case 'insertRowAbove':
      return `Insert ${count} rows above`
    case 'insertRowBelow':
      return `Insert ${count} rows below`
    case 'insertColLeft':
      return `Insert ${count} columns left`
    case 'insertColRight':
      return `Insert ${count} columns right`
    case 'deleteRow':
    case 'deleteCol':
      return `Delete ${noun} ${name(index)}–${name(index + count - 1)}`
    case 'moveRowUp':
      return 'Move rows up'
    case 'moveRowDown':
      return 'Move rows down'
    case 'moveColLeft':
      return 'Move columns left'
    case 'moveColRight':
      return 'Move columns right'
  }
}

/** The rows or columns of `range` on `action`'s axis: the block the action works on. */
export function actionBlock(
  action: StructureAction,
  range: { start: CellPosition; end: CellPosition },
): { index: number; count: number } {
  const rows = STRUCTURE_ACTIONS[action].axis === 'rows'
  const first = rows ? range.start.row : range.start.col
  const last = rows ? range.end.row : range.end.col
  return { index: first, count: last - first + 1 }
}

/** Which context menu the grid shows: on a row header, a column header or a cell. */
export type GridMenuKind = 'row' | 'col' | 'cell'

interface GridMenuInfo {
  testId: string
  /** Accessible name of the menu. */
  label: (at: CellPosition, colLetters: string) => string
  actions: ReadonlyArray<{ action: StructureAction; separatorBefore?: boolean }>
  /** Shortcuts shown only where they apply as shown (column ones need a selected column). */
  hints: Axis | 'both'
}

export const GRID_MENUS: Readonly<Record<GridMenuKind, GridMenuInfo>> = {
  row: {
    testId: 'row-menu',
    label: (at) => `Row ${at.row + 1}`,
    actions: [
      { action: 'insertRowAbove' },
      { action: 'insertRowBelow' },
      { action: 'deleteRow', separatorBefore: true },
      { action: 'moveRowUp', separatorBefore: true },
      { action: 'moveRowDown' },
    ],
    hints: 'both',
  },
  col: {
    testId: 'col-menu',
    label: (_at, letters) => `Column ${letters}`,
    actions: [
      { action: 'insertColLeft' },
      { action: 'insertColRight' },
      { action: 'deleteCol', separatorBefore: true },
      { action: 'moveColLeft', separatorBefore: true },
      { action: 'moveColRight' },
    ],
    hints: 'both',
  },
  cell: {
    testId: 'cell-menu',
    label: (at, letters) => `Cell ${letters}${at.row + 1}`,
    actions: [
      { action: 'insertRowAbove' },
      { action: 'insertRowBelow' },
      { action: 'insertColLeft', separatorBefore: true },
      { action: 'insertColRight' },
      { action: 'deleteRow', separatorBefore: true },
      { action: 'deleteCol' },
    ],
    hints: 'rows',
  },
}

/**
 * The items of a grid menu for the selected `range` on a sheet of `size` (each action works on
 * the range's rows or columns), unavailable ones disabled.
 */
export function gridMenuItems(
  kind: GridMenuKind,
  range: { start: CellPosition; end: CellPosition },
  size: { rows: number; cols: number },
): MenuItem[] {
  const menu = GRID_MENUS[kind]
  return menu.actions.map(({ action, separatorBefore }) => {
    const info = STRUCTURE_ACTIONS[action]
    const length = info.axis === 'rows' ? size.rows : size.cols
    const showHint = menu.hints === 'both' || menu.hints === info.axis
    const { index, count } = actionBlock(action, range)
    return {
      id: action,
      label: structureLabel(action, index, count),
      shortcut: showHint ? info.shortcut : undefined,
      disabled: planStructure(action, index, length, count) === null,
      separatorBefore,
    }
  })
}

export function isStructureAction(id: string): id is StructureAction {
  return Object.hasOwn(STRUCTURE_ACTIONS, id)
}
