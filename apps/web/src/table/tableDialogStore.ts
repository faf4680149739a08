import { ref } from 'vue'
import { defineStore } from 'pinia'

/**
 * Asks for Format as table from wherever it is started — the Data menu or Ctrl+L / Ctrl+T on
 * the grid — for the Data menu, which shows the dialog over the selection.
 */
export const useTableDialogStore = defineStore('tableDialog', () => {
  /** Counts the requests; the Data menu opens the dialog on each. */
  const formatAsked = ref(0)
  function askFormat(): void {
    formatAsked.value++
  }
  return { formatAsked, askFormat }
})
