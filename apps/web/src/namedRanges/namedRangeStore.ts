import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DefinedName } from '@cellmate/model'

/**
 * Defined names in the web app: the open workbook's names (kept current by `useNamedRanges`
 * as anyone edits them), whether the Named ranges panel is open, and requests from the name
 * box — go to a name, or define one on the selection — that `useNamedRanges` carries out.
 */
export const useNamedRangeStore = defineStore('namedRanges', () => {
  const panelOpen = ref(false)
  const names = shallowRef<readonly DefinedName[]>([])
  /** A name to go to (its text), or a new name to give the selection. */
  const request = shallowRef<{ kind: 'goTo' | 'define'; name: string } | null>(null)

  function open(): void {
    panelOpen.value = true
  }

  function close(): void {
    panelOpen.value = false
  }

  function goTo(name: string): void {
    request.value = { kind: 'goTo', name }
  }

  function define(name: string): void {
    request.value = { kind: 'define', name }
  }

  return { panelOpen, names, request, open, close, goTo, define }
})
