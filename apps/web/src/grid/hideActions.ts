import { colToLetters, type RangePosition } from '@cellmate/model'
import type { MenuItem } from '../menu/menuModel'
import type { GridMenuKind } from './structureActions'

const PREFIX = 'hidden:'

/** Hide or show the selected rows or columns (a command of the row and column menus). */
export interface HideCommand {
  axis: 'rows' | 'cols'
  hidden: boolean
}

function span(range: RangePosition, axis: 'rows' | 'cols'): [number, number] {
  return axis === 'rows' ? [range.start.row, range.end.row] : [range.start.col, range.end.col]
}

function name(axis: 'rows' | 'cols', from: number, to: number): string {
  const label = (i: number): string => (axis === 'rows' ? String(i + 1) : colToLetters(i))
  const noun = axis === 'rows' ? 'row' : 'column'
  return from === to ? `${noun} ${label(from)}` : `${noun}s ${label(from)}–${label(to)}`
}

/**
 * The row menu's "Hide row 3" / "Hide rows 3–5" and, when the selection holds hidden rows,
 * "Unhide rows" (columns alike), as in Google Sheets.
 */
export function hideMenuItems(
  kind: GridMenuKind,
  range: RangePosition,
  anyHidden: (axis: 'rows' | 'cols', from: number, to: number) => boolean,
): MenuItem[] {
  if (kind === 'cell') return []
  const axis = kind === 'row' ? 'rows' : 'cols'
  const [from, to] = span(range, axis)
  const items: MenuItem[] = [
    { id: `${PREFIX}${axis}:hide`, label: `Hide ${name(axis, from, to)}`, separatorBefore: true },
  ]
  if (anyHidden(axis, from, to)) {
    items.push({
      id: `${PREFIX}${axis}:show`,
      label: `Unhide ${axis === 'rows' ? 'rows' : 'columns'}`,
    })
  }
  return items
}

/** The command of a hide menu item, or null for any other menu id. */
export function hideCommand(id: string): HideCommand | null {
  if (!id.startsWith(PREFIX)) return null
  const [axis, what] = id.slice(PREFIX.length).split(':')
  if ((axis !== 'rows' && axis !== 'cols') || (what !== 'hide' && what !== 'show')) return null
  return { axis, hidden: what === 'hide' }
}

/** The run of hidden indexes that ends just before `index` (what a gap marker unhides). */
export function hiddenRunBefore(
  index: number,
  isHidden: (i: number) => boolean,
): { at: number; count: number } | null {
  let at = index
  while (at > 0 && isHidden(at - 1)) at--
  return at === index ? null : { at, count: index - at }
}

/** Shows the hidden rows (columns) just before `index`: what a gap marker does. */
export function showHiddenBefore(
  sheet: { setHidden(axis: 'rows' | 'cols', at: number, count: number, hidden: boolean): void },
  sizes: { size(index: number): number },
  axis: 'rows' | 'cols',
  index: number,
): void {
  const run = hiddenRunBefore(index, (i) => sizes.size(i) === 0)
  if (run) sheet.setHidden(axis, run.at, run.count, false)
}
