import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { formatA1, type CellPosition } from '@cellmate/model'
import type { EditMode } from '../grid/gridKeys'

/** Where an edit is being typed: in the cell itself or in the formula bar. */
export type EditSource = 'cell' | 'bar'

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
  const editing = ref(false)
  const draft = ref('')
  const mode = ref<EditMode>('enter')
  const source = ref<EditSource>('cell')
  /** Why the draft cannot be committed (e.g. too long); cleared when the draft changes. */
  const error = ref<string | null>(null)

  const active = computed<CellPosition>(() => ({ row: row.value, col: col.value }))
  const address = computed(() => formatA1(active.value))

  /** Selects one cell. */
  function select(pos: CellPosition): void {
    moveTo(pos)
    span.value = 'cell'
  }

  /** Selects a whole row; the active cell is its first cell. */
  function selectRow(index: number): void {
    moveTo({ row: index, col: 0 })
    span.value = 'row'
  }

  /** Selects a whole column; the active cell is its first cell. */
  function selectCol(index: number): void {
    moveTo({ row: 0, col: index })
    span.value = 'col'
  }

  /**
   * Moves the active cell without changing what kind of thing is selected: the selection
   * following its row after someone inserted rows above it.
   */
  function moveTo(pos: CellPosition): void {
    row.value = pos.row
    col.value = pos.col
  }

  function startEdit(initial: string, how: EditMode, where: EditSource): void {
    editing.value = true
    draft.value = initial
    mode.value = how
    source.value = where
    error.value = null
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
    editing,
    draft,
    mode,
    source,
    error,
    active,
    address,
    select,
    selectRow,
    selectCol,
    moveTo,
    startEdit,
    setDraft,
    moveEditTo,
    endEdit,
    reject,
    reset,
  }
})
