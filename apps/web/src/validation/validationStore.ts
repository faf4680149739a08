import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The Data validation side panel: whether it is open, and a counter bumped on every request
 * to open it (from the Data menu or the cell menu), so an open panel starts again from the
 * current selection.
 */
export const useValidationStore = defineStore('validation', () => {
  const panelOpen = ref(false)
  const opened = ref(0)

  function open(): void {
    panelOpen.value = true
    opened.value++
  }

  function close(): void {
    panelOpen.value = false
  }

  return { panelOpen, opened, open, close }
})
