import { watch, type Ref, type ShallowRef } from 'vue'
import type { SheetInfo } from '@cellmate/model'
import { useCellEditing } from '../grid/useCellEditing'
import { useFormulaPointStore } from '../stores/formulaPointStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'

/**
 * The sheet on screen and the edit in progress, across sheet switches. Each sheet opens at
 * A1 with nothing being edited, except while a formula is pointed across sheets (a tab
 * clicked in point mode, see `formulaPointStore.crossSheet`): then the draft stays open on the
 * other sheet, and Enter or Escape there goes back to the formula's sheet and commits or
 * cancels the edit on its own cell, as in Google Sheets and Excel.
 */
export function useCrossSheetEdit(options: {
  sheets: Ref<SheetInfo[]>
  activeSheetId: Ref<string | undefined>
  sheet: ShallowRef<SheetSession | null>
  /** Shows a sheet (the router's push to its address). */
  open: (sheetId: string) => void
}): void {
  const selection = useSelectionStore()
  const point = useFormulaPointStore()
  const editing = useCellEditing(() => options.sheet.value)

  watch(
    [options.activeSheetId, options.sheets],
    ([id, sheets]) => {
      const info = sheets.find((s) => s.id === id)
      point.here = info ? { id: info.id, name: info.name } : null
    },
    { immediate: true },
  )

  watch(
    options.activeSheetId,
    (id) => {
      const home = point.home
      if (home && selection.editing) {
        // Back on the formula's own sheet: its cell is the active one again.
        if (home.sheet.id === id) selection.select(home.cell)
        return
      }
      selection.reset()
    },
    { immediate: true },
  )

  // Enter or Escape on another sheet: go home, then finish the edit there.
  watch(
    () => point.returning,
    (how) => {
      const home = point.home
      if (how && home && options.activeSheetId.value !== home.sheet.id) options.open(home.sheet.id)
    },
  )

  // The home sheet is open again (its session, not only its id): commit or cancel there.
  watch([options.sheet, () => point.returning], ([opened, how]) => {
    const home = point.home
    if (!opened || !how || !home || opened.id !== home.sheet.id) return
    selection.select(home.cell)
    point.returning = null
    point.home = null
    if (how.kind === 'cancel') editing.cancel()
    else editing.commit(how.to)
  })
}
