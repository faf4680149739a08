import type { SheetInfo } from '@cellmate/model'

/** What this tab shows after the sheet list or the address changed. */
export interface ActiveSheet {
  /** The sheet to show; undefined until the workbook lists any. */
  id: string | undefined
  /** The sheet that was on screen and is gone (deleted), when that is why `id` changed. */
  deleted: SheetInfo | null
}

/** The moment to decide for: what is shown, what the address asks, the list before and now. */
export interface ActiveSheetInput {
  current: string | undefined
  requested: string | undefined
  before: readonly SheetInfo[]
  after: readonly SheetInfo[]
}

/**
 * Which sheet a tab shows. The sheet on screen stays on screen whatever anyone else does to
 * the tabs — moves, renames, additions — so a selection or a half-typed cell is never pulled
 * away; only the user's own navigation (the address) changes it. When the sheet on screen is
 * deleted, its right-hand neighbour in the old order is shown (the left one for the last tab),
 * as Google Sheets does. An address naming no sheet, or one the workbook does not have, opens
 * the first sheet.
 */
export function resolveActiveSheet({
  current,
  requested,
  before,
  after,
}: ActiveSheetInput): ActiveSheet {
  const listed = (id: string | undefined): boolean =>
    id !== undefined && after.some((s) => s.id === id)
  // Not loaded yet: nothing to check the address against.
  if (after.length === 0) return { id: requested ?? current, deleted: null }
  if (requested !== current && listed(requested)) return { id: requested, deleted: null }
  if (listed(current)) return { id: current, deleted: null }
  const index = before.findIndex((s) => s.id === current)
  const gone = before[index]
  if (gone) {
    const survivor = (s: SheetInfo | undefined): boolean => s !== undefined && listed(s.id)
    const right = before.slice(index + 1).find(survivor)
    const left = before.slice(0, index).reverse().find(survivor)
    return { id: (right ?? left ?? after[0])?.id, deleted: gone }
  }
  return { id: listed(requested) ? requested : after[0]?.id, deleted: null }
}
