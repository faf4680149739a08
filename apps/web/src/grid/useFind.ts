import { computed, ref, shallowRef, watch } from 'vue'
import { sheetTypes } from '@cellmate/model'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { findMatches, nextMatch, type Match } from './findMatches'

/**
 * Find in the current sheet (Ctrl+F): the query, its matches in the displayed text, and which
 * one is current. Matches are recomputed when the query or the sheet changes; going to one
 * selects it (the grid scrolls it into view as for any selection).
 */
export function useFind(options: {
  sheet: () => SheetSession
  version: () => number
  display: (row: number, col: number) => string
}) {
  const selection = useSelectionStore()
  const open = ref(false)
  const query = ref('')
  const current = ref(-1)
  const matches = shallowRef<Match[]>([])

  function* filledCells(): Generator<{ row: number; col: number }> {
    const { layout, doc } = options.sheet()
    for (const key of sheetTypes(doc).cells.keys()) {
      const sep = key.indexOf(':')
      const row = layout.rowIndexOf(key.slice(0, sep))
      const col = layout.colIndexOf(key.slice(sep + 1))
      if (row >= 0 && col >= 0) yield { row, col }
    }
  }

  function refresh(): void {
    matches.value = open.value ? findMatches(query.value, filledCells(), options.display) : []
    const at = matches.value.findIndex((m) => m.row === selection.row && m.col === selection.col)
    current.value = at
  }

  watch([open, options.sheet, options.version], refresh)
  // As in Google Sheets, typing goes to the first match from the active cell.
  watch(query, () => {
    refresh()
    if (current.value < 0) go(false)
  })

  function go(backwards: boolean): void {
    const i = nextMatch(matches.value, selection.active, backwards)
    if (i < 0) return
    current.value = i
    selection.select(matches.value[i]!)
  }

  /** "3 of 12", "No results", or nothing before a query is typed. */
  const status = computed(() => {
    if (query.value === '') return ''
    const n = matches.value.length
    if (n === 0) return 'No results'
    return current.value >= 0
      ? `${current.value + 1} of ${n}`
      : `${n} ${n === 1 ? 'match' : 'matches'}`
  })

  function show(): void {
    open.value = true
  }

  function close(): void {
    open.value = false
  }

  return {
    open,
    query,
    matches,
    current,
    status,
    show,
    close,
    next: () => go(false),
    previous: () => go(true),
  }
}
