import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { formatA1, type CellPosition } from '@cellmate/model'
import type { EditMode } from '../grid/gridKeys'

/** Where an edit is being typed: in the cell itself or in the formula bar. */
export type EditSource = 'cell' | 'bar'

/** Someone else's change to the cell being edited, made while the editor was open. */
export interface ChangedUnderEdit {
  /** Their name from presence; null when nobody knows (a cleared cell, someone gone). */
  who: string | null
  /** Their presence colour, when known. */
  color: string | null
  /** The cell's value now, as the user would type it (`""`: they cleared it). */
  text: string
  /** The same value as stored (what "Restore theirs" writes back). */
  stored: string
}

/** What is selected around the active cell: the cell, its whole row or its whole column. */
export type SelectionSpan = 'cell' | 'row' | 'col'

/**
 * The active cell and the edit in progress. The draft lives here, not in an input, because the
 * cell editor and the formula bar show and change the same draft.
 */
export const useSelectionStore = defineStore('selection', () => {
  const row = ref(0)
  const col = ref(0)
  const span = ref<SelectionSpan>('cell')
  /**
   * The selected range's two corners (see `selectionRange`): `anchor` stays put while
   * Shift+click, Shift+arrows and dragging move `extent`. A single cell has both at the
   * active cell; Ctrl+A puts them at the sheet's corners and leaves the active cell alone.
   */
  const anchor = ref<CellPosition>({ row: 0, col: 0 })
  const extent = ref<CellPosition>({ row: 0, col: 0 })
  const editing = ref(false)
  const draft = ref('')
  const mode = ref<EditMode>('enter')
  const source = ref<EditSource>('cell')
  /** Why the draft cannot be committed (e.g. too long); cleared when the draft changes. */
  const error = ref<string | null>(null)
  /** The cell changed under the open editor (the editor says so); null until it does. */
  const changedUnderEdit = shallowRef<ChangedUnderEdit | null>(null)

  /**
   * Where a run of Tabs began (its row and first column): Enter after Tab, Tab, … goes to the
   * next row in that column, as in Sheets and Excel. Any other move ends the run.
   */
  const tabRun = shallowRef<CellPosition | null>(null)

  const active = computed<CellPosition>(() => ({ row: row.value, col: col.value }))
  const address = computed(() => formatA1(active.value))

  function collapse(pos: CellPosition, kind: SelectionSpan): void {
    tabRun.value = null
    row.value = pos.row
    col.value = pos.col
    anchor.value = { ...pos }
    extent.value = { ...pos }
    span.value = kind
  }

  /** Selects one cell. */
  function select(pos: CellPosition): void {
    collapse(pos, 'cell')
  }

  /** Tab moved from the active cell to `to`: a run of Tabs starts here or goes on. */
  function tabTo(to: CellPosition): void {
    const run = tabRun.value && tabRun.value.row === row.value ? tabRun.value : { ...active.value }
    collapse(to, 'cell')
    // Still the run's row: Tab moves along it.
    tabRun.value = { row: to.row, col: run.col }
  }

  /** Moves the active cell inside the selected range, which stays (Tab and Enter in a block). */
  function stepTo(pos: CellPosition): void {
    tabRun.value = null
    row.value = pos.row
    col.value = pos.col
  }

  /** Where Enter (committing and moving down to `to`) lands: the Tab run's first column. */
  function enterTarget(to: CellPosition): CellPosition {
    const run = tabRun.value
    tabRun.value = null
    return run && run.row === row.value && to.row !== row.value ? { row: to.row, col: run.col } : to
  }

  /** Selects a whole row; the active cell is its first cell. */
  function selectRow(index: number): void {
    collapse({ row: index, col: 0 }, 'row')
  }

  /** Selects a whole column; the active cell is its first cell. */
  function selectCol(index: number): void {
    collapse({ row: 0, col: index }, 'col')
  }

  /**
   * Shift+Space (`row`) / Ctrl+Space (`col`): the selection grows to the whole rows (columns)
   * it covers; the active cell and the range's corners stay, as in Sheets and Excel.
   */
  function selectWhole(kind: 'row' | 'col'): void {
    tabRun.value = null
    span.value = kind
  }

  /**
   * Moves the range's free corner (Shift+click, Shift+arrows, a drag); the active cell and
   * the anchor stay. Extending a row or column selection keeps it whole rows or columns.
   */
  function extendTo(pos: CellPosition): void {
    extent.value = { ...pos }
  }

  /** Selects the rectangle between two corners, the active cell at `active` (Ctrl+A, Find). */
  function selectRange(from: CellPosition, to: CellPosition, active: CellPosition): void {
    row.value = active.row
    col.value = active.col
    anchor.value = { ...from }
    extent.value = { ...to }
    span.value = 'cell'
  }

  /**
   * Moves the active cell without changing what kind of thing is selected: the selection
   * following its row after someone inserted rows above it. The range moves with it.
   */
  function moveTo(pos: CellPosition): void {
    const dRow = pos.row - row.value
    const dCol = pos.col - col.value
    row.value = pos.row
    col.value = pos.col
    if (dRow === 0 && dCol === 0) return
    const shift = (p: CellPosition): CellPosition => ({
      row: Math.max(0, p.row + dRow),
      col: Math.max(0, p.col + dCol),
    })
    anchor.value = shift(anchor.value)
    extent.value = shift(extent.value)
  }

  function startEdit(initial: string, how: EditMode, where: EditSource): void {
    editing.value = true
    draft.value = initial
    mode.value = how
    source.value = where
    error.value = null
    changedUnderEdit.value = null
  }

  function setDraft(value: string): void {
    draft.value = value
    error.value = null
  }

  function moveEditTo(where: EditSource): void {
    source.value = where
  }

  function endEdit(): void {
    editing.value = false
    draft.value = ''
    error.value = null
    changedUnderEdit.value = null
  }

  /** Someone else changed the cell being edited: the editor shows it until the edit ends. */
  function noteChangedUnderEdit(change: ChangedUnderEdit): void {
    if (editing.value) changedUnderEdit.value = change
  }

  function reject(message: string): void {
    error.value = message
  }

  function reset(): void {
    endEdit()
    select({ row: 0, col: 0 })
  }

  return {
    row,
    col,
    span,
    anchor,
    extent,
    editing,
    draft,
    mode,
    source,
    error,
    changedUnderEdit,
    active,
    address,
    select,
    tabTo,
    stepTo,
    enterTarget,
    selectRow,
    selectCol,
    selectWhole,
    extendTo,
    selectRange,
    moveTo,
    startEdit,
    setDraft,
    moveEditTo,
    endEdit,
    noteChangedUnderEdit,
    reject,
    reset,
  }
})
