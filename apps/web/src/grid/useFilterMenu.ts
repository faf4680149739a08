import { ref } from 'vue'
import { useAccessStore } from '../stores/accessStore'
import type { SheetSession } from '../sync/sheetSession'

/**
 * The filter menu of a column, opened from its header button. Someone who may not change the
 * shared filter gets a filter view of their own copying it, as Sheets does for viewers: what
 * they pick then filters their screen only and nothing is sent.
 */
export function useFilterMenu(sheet: () => SheetSession, focus: () => void) {
  const access = useAccessStore()
  const filterMenu = ref<{ col: number; x: number; y: number } | null>(null)

  function openFilterMenu(col: number, anchor: DOMRect): void {
    const { filters } = sheet()
    if (!access.canEdit && !filters.activeView()) {
      const shared = filters.shared()
      if (!shared) return
      filters.createView(shared.range)
    }
    const x = Math.max(0, Math.min(anchor.left, window.innerWidth - 270))
    filterMenu.value = { col, x, y: anchor.bottom + 2 }
  }

  /** The menu closed: the grid takes the focus back. */
  function closeFilterMenu(): void {
    filterMenu.value = null
    focus()
  }

  return { filterMenu, openFilterMenu, closeFilterMenu }
}
