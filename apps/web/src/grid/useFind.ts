import { computed, ref, shallowRef, watch } from 'vue'
import { isFormula, toStoredFormula } from '@cellmate/formula'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { useNoticeStore } from '../stores/noticeStore'
import { editableInput } from './editableInput'
import { filledCells } from './filledCells'
import {
  DEFAULT_FIND_OPTIONS,
  findMatches,
  nextMatch,
  type FindOptions,
  type FindTexts,
  type Match,
} from './findMatches'
import { planReplace, replaceNote, type ReplacePlan } from './findReplace'

/**
 * Find in the current sheet (Ctrl+F): the query, its options, its matches in the displayed
 * text (and, with `inFormulas`, in formula text), and which one is current. Matches are
 * recomputed when the query, an option or the sheet changes; going to one selects it (the grid
 * scrolls it into view as for any selection).
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
  const findOptions = ref<FindOptions>({ ...DEFAULT_FIND_OPTIONS })
  /** What the last Replace all did, shown as the status until the query changes. */
  const done = ref('')
  /** Why the last replace left matches alone, until the query or an option changes. */
  const note = ref('')
  const current = ref(-1)
  const matches = shallowRef<Match[]>([])

  /** A cell's input as the formula bar shows it: formulas in A1 form, a date as a date. */
  function inputAt(row: number, col: number): string {
    const sheet = options.sheet()
    return editableInput(sheet.read(row, col), sheet.format(row, col))
  }

  function texts(row: number, col: number): FindTexts {
    const raw = options.sheet().layout.cellAt(row, col)
    const formula = findOptions.value.inFormulas && isFormula(raw) ? inputAt(row, col) : null
    return { shown: options.display(row, col), formula }
  }

  function refresh(): void {
    const sheet = options.sheet()
    matches.value = open.value
      ? findMatches(query.value, filledCells(sheet.doc, sheet.layout), texts, findOptions.value)
      : []
    const at = matches.value.findIndex((m) => m.row === selection.row && m.col === selection.col)
    current.value = at
  }

  watch([open, options.sheet, options.version], refresh)
  // As in Google Sheets, typing (or changing an option) goes to the first match from the
  // active cell.
  watch([query, findOptions], () => {
    done.value = ''
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

  function plan(cells: readonly Match[]): ReplacePlan {
    const at = cells.map(({ row, col }) => ({ row, col, input: inputAt(row, col) }))
    return planReplace(at, query.value, replacement.value, findOptions.value)
  }

  /**
   * Writes a plan's edits as one block (one undo step), formulas stored as typed ones are
   * (references anchored to ids); returns how many cells changed.
   */
  function write({ edits }: ReplacePlan): number {
    if (edits.length === 0) return 0
    const sheet = options.sheet()
    const ctx = sheet.formulaContext
    const stored = edits.map((e) => ({
      ...e,
      value: ctx ? toStoredFormula(e.value, ctx, { row: e.row, col: e.col }) : e.value,
    }))
    try {
      sheet.writeBlock(stored)
      return edits.length
    } catch (err) {
      notices.showError(err)
      return 0
    }
  }

  /** Replaces in the current match (the first from the active cell if none), then goes on. */
  function replace(): void {
    if (current.value < 0) go(false)
    const m = matches.value[current.value]
    if (!m) return
    const result = plan([m])
    write(result)
    note.value = replaceNote(result, findOptions.value)
    go(false)
  }

  /**
   * Replaces in every match, as one write (one undo step); says how many cells changed and
   * why any match was left alone.
   */
  function replaceAll(): number {
    const result = plan(matches.value)
    const n = write(result)
    done.value = n === 0 ? 'None replaced' : `${n} replaced`
    note.value = replaceNote(result, findOptions.value)
    return n
  }

  /** "3 of 12", "No results", or nothing before a query is typed. */
  const status = computed(() => {
    if (done.value !== '') return done.value
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
    findOptions,
    note,
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
