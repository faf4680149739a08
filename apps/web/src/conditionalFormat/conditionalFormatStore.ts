import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ConditionalRule } from '@cellmate/model'

/**
 * The conditional formatting UI: whether its side panel is open, and the rule being edited
 * there, previewed on the grid of this tab only until it is saved.
 */
export const useConditionalFormatStore = defineStore('conditionalFormat', () => {
  const panelOpen = ref(false)
  /** Replaced (never mutated) on every change, so the grid re-reads its cells. */
  const preview = shallowRef<ConditionalRule | null>(null)

  function openPanel(): void {
    panelOpen.value = true
  }

  function closePanel(): void {
    panelOpen.value = false
    preview.value = null
  }

  return { panelOpen, preview, openPanel, closePanel }
})
