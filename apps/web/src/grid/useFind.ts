import { computed, ref, shallowRef, watch } from 'vue'
import { sheetTypes } from '@cellmate/model'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { useNoticeStore } from '../stores/noticeStore'
import { findMatches, nextMatch, type Match } from './findMatches'
import { replaceAllEdits, replaceInInput } from './findReplace'

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
  const notices = useNoticeStore()
  const open = ref(false)
  const query = ref('')
  const replacement = ref('')
  /** What the last Replace all did, shown as the status until the query changes. */
  const note = ref('')
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
    note.value = ''
    refresh()
    if (current.value < 0) go(false)
  })

  function go(backwards: boolean): void {
    const i = nextMatch(matches.value, selection.active, backwards)
    if (i < 0) return
    current.value = i
    selection.select(matches.value[i]!)
  }

  /** Every match, as `row:col`, for the grid to highlight. */
  const matchKeys = computed(() => new Set(matches.value.map((m) => `${m.row}:${m.col}`)))

  function write(edits: Array<{ row: number; col: number; value: string }>): boolean {
    if (edits.length === 0) return false
    try {
      options.sheet().writeBlock(edits)
      return true
    } catch (err) {
      notices.showError(err)
      return false
    }
  }

  /** Replaces in the current match (the first from the active cell if none), then goes on. */
  function replace(): void {
    if (current.value < 0) go(false)
    const m = matches.value[current.value]
    if (!m) return
    const value = replaceInInput(
      options.sheet().layout.cellAt(m.row, m.col),
      query.value,
      replacement.value,
    )
    if (value !== null) write([{ row: m.row, col: m.col, value }])
    go(false)
  }

  /** Replaces in every match, as one write (one undo step); says how many cells changed. */
  function replaceAll(): number {
    const layout = options.sheet().layout
    const edits = replaceAllEdits(
      matches.value,
      (row, col) => layout.cellAt(row, col),
      query.value,
      replacement.value,
    )
    const n = write(edits) ? edits.length : 0
    note.value = n === 0 ? 'None replaced' : `${n} replaced`
    return n
  }

  /** "3 of 12", "No results", or nothing before a query is typed. */
  const status = computed(() => {
    if (note.value !== '') return note.value
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
    replacement,
    matches,
    matchKeys,
    replace,
    replaceAll,
    current,
    status,
    show,
    close,
    next: () => go(false),
    previous: () => go(true),
  }
}
