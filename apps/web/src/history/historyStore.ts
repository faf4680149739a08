import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/**
 * What the history UI shows: the History side panel (open or not) and the edit history of
 * one cell (opened from the grid's cell menu, "Show edit history").
 */
export const useHistoryStore = defineStore('history', () => {
  const panelOpen = ref(false)
  /** The cell of the open sheet whose history is shown (its address when asked). */
  const cellHistory = shallowRef<{ address: string } | null>(null)

  function togglePanel(): void {
    panelOpen.value = !panelOpen.value
  }

  function showCellHistory(address: string): void {
    cellHistory.value = { address }
  }

  function closeCellHistory(): void {
    cellHistory.value = null
  }

  return { panelOpen, cellHistory, togglePanel, showCellHistory, closeCellHistory }
})
