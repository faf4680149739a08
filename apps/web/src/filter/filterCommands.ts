import type { RangePosition } from '@cellmate/model'
import type { MenuItem } from '../menu/menuModel'
import type { SheetFilters } from './sheetFilters'

/**
 * The Data menu's filter items: the shared filter (editors only), then this person's filter
 * views, which anyone may use, viewers too: a view lives in this browser and sends nothing.
 */
export function filterMenuItems(filters: SheetFilters | null, canEdit: boolean): MenuItem[] {
  const shared = filters?.shared() ?? null
  const active = filters?.activeView() ?? null
  const items: MenuItem[] = []
  if (canEdit) {
    items.push(
      shared
        ? { id: 'filter:remove', label: 'Remove filter', separatorBefore: true }
        : {
            id: 'filter:create',
            label: 'Create a filter',
            disabled: !filters,
            separatorBefore: true,
          },
    )
  }
  items.push({ id: 'view:create', label: 'Create filter view (only for me)', disabled: !filters })
  for (const v of filters?.views() ?? []) {
    items.push({ id: `view:use:${v.id}`, label: `${v.id === active?.id ? '✓ ' : ''}${v.name}` })
  }
  if (active) {
    items.push({ id: 'view:exit', label: 'Exit filter view' })
    items.push({ id: 'view:delete', label: `Delete "${active.name}"` })
  }
  return items
}

/**
 * Runs a filter item of the Data menu on `range` (the selection, or the data around the
 * active cell). Returns false for an id that is not a filter item, or one that would change
 * the shared filter when the user may not edit.
 */
export function runFilterCommand(
  id: string,
  filters: SheetFilters,
  range: RangePosition,
  canEdit: boolean,
): boolean {
  if (id.startsWith('filter:') && !canEdit) return false
  if (id === 'filter:create') filters.createShared(range)
  else if (id === 'filter:remove') filters.removeShared()
  else if (id === 'view:create') filters.createView(range)
  else if (id === 'view:exit') filters.useView(null)
  else if (id === 'view:delete') {
    const active = filters.activeView()
    if (active) filters.deleteView(active.id)
  } else if (id.startsWith('view:use:')) {
    const viewId = id.slice('view:use:'.length)
    filters.useView(filters.activeView()?.id === viewId ? null : viewId)
  } else return false
  return true
}
