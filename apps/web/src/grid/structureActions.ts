import type { Axis, CellPosition } from '@cellmate/model'
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
 * The edit `action` makes on row/column `index` of an axis `length` long, or null when it
 * cannot apply (moving the first row up, an index outside the sheet). Deleting the only row
 * is left to the model, whose refusal says why.
 */
export function planStructure(
  action: StructureAction,
  index: number,
  length: number,
): StructurePlan | null {
  if (index < 0 || index >= length) return null
  const { axis } = STRUCTURE_ACTIONS[action]
  const one = { axis, count: 1 }
  switch (action) {
    case 'insertRowAbove':
    case 'insertColLeft':
      return { op: { kind: 'insert', at: index, ...one }, select: index }
    case 'insertRowBelow':
    case 'insertColRight':
      return { op: { kind: 'insert', at: index + 1, ...one }, select: index + 1 }
    case 'deleteRow':
    case 'deleteCol':
      return {
        op: { kind: 'delete', at: index, ...one },
        select: Math.max(0, Math.min(index, length - 2)),
      }
    case 'moveRowUp':
    case 'moveColLeft':
      if (index === 0) return null
      return { op: { kind: 'move', from: index, to: index - 1, ...one }, select: index - 1 }
    case 'moveRowDown':
    case 'moveColRight':
      if (index === length - 1) return null
      return { op: { kind: 'move', from: index, to: index + 1, ...one }, select: index + 1 }
  }
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

/** The index an action works on: the row or the column of `at`. */
export function actionIndex(action: StructureAction, at: CellPosition): number {
  return STRUCTURE_ACTIONS[action].axis === 'rows' ? at.row : at.col
}

/** The items of a grid menu opened at `at` on a sheet of `size`, unavailable ones disabled. */
export function gridMenuItems(
  kind: GridMenuKind,
  at: CellPosition,
  size: { rows: number; cols: number },
): MenuItem[] {
  const menu = GRID_MENUS[kind]
  return menu.actions.map(({ action, separatorBefore }) => {
    const info = STRUCTURE_ACTIONS[action]
    const length = info.axis === 'rows' ? size.rows : size.cols
    const showHint = menu.hints === 'both' || menu.hints === info.axis
    return {
      id: action,
      label: info.label,
      shortcut: showHint ? info.shortcut : undefined,
      disabled: planStructure(action, actionIndex(action, at), length) === null,
      separatorBefore,
    }
  })
}

export function isStructureAction(id: string): id is StructureAction {
  return Object.hasOwn(STRUCTURE_ACTIONS, id)
}
