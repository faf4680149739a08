import { colToLetters, type CellPosition, type FrozenPanes } from '@cellmate/model'
import type { MenuItem } from '../menu/menuModel'
import type { GridMenuKind } from './structureActions'

const PREFIX = 'freeze:'

/**
 * The freeze-pane items of a grid menu opened at `at`: freeze up to this row and/or column,
 * or unfreeze, as Google Sheets' View > Freeze offers. Ids carry the panes they set.
 */
export function freezeMenuItems(
  kind: GridMenuKind,
  at: CellPosition,
  frozen: FrozenPanes,
): MenuItem[] {
  const row = at.row + 1
  const letters = colToLetters(at.col)
  const item = (label: string, panes: FrozenPanes, separatorBefore = false): MenuItem => ({
    id: `${PREFIX}${panes.rows}:${panes.cols}`,
    label,
    separatorBefore,
  })
  const items: MenuItem[] = []
  if (kind !== 'col')
    items.push(item(`Freeze up to row ${row}`, { rows: row, cols: frozen.cols }, true))
  if (kind !== 'row') {
    items.push(
      item(
        `Freeze up to column ${letters}`,
        { rows: frozen.rows, cols: at.col + 1 },
        kind === 'col',
      ),
    )
  }
  if (kind !== 'col' && frozen.rows > 0)
    items.push(item('Unfreeze rows', { rows: 0, cols: frozen.cols }))
  if (kind !== 'row' && frozen.cols > 0)
    items.push(item('Unfreeze columns', { rows: frozen.rows, cols: 0 }))
  return items
}

/** The panes a freeze item sets, or null for any other menu id. */
export function freezeTarget(id: string): FrozenPanes | null {
  if (!id.startsWith(PREFIX)) return null
  const [rows, cols] = id.slice(PREFIX.length).split(':').map(Number)
  if (!Number.isInteger(rows) || !Number.isInteger(cols)) return null
  return { rows: rows!, cols: cols! }
}
