import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { CellPosition } from '@cellmate/model'
import { canPointAt, refText, spliceRef } from '../formula/formulaRefs'
import type { GridSize } from '../grid/gridGeometry'
import { clampPosition } from '../grid/gridKeys'
import { useSelectionStore } from './selectionStore'

/** The reference point mode put in the draft, which the next click or arrow replaces. */
export interface PointedRef {
  start: number
  end: number
  anchor: CellPosition
  extent: CellPosition
  sheet: string | null
}

/**
 * Point mode: while a formula is typed, clicking a cell, dragging a range or pressing arrows
 * (Shift+arrows to extend) right after `=`, an operator, `(` or `,` inserts the reference at
 * the caret, as in Sheets and Excel. The cell editor and the formula bar report their caret
 * here and put it back where `caretRequest` says after the draft changed under them.
 */
export const useFormulaPointStore = defineStore('formulaPoint', () => {
  const selection = useSelectionStore()
  /** The caret in the draft, as the input focused last reported it. */
  const caret = ref(0)
  /** Bumped when point mode moved the caret: the focused input applies `caret`. */
  const caretRequest = ref(0)
  const pointed = shallowRef<PointedRef | null>(null)

  watch(
    () => selection.editing,
    (editing) => {
      if (!editing) pointed.value = null
    },
  )

  /** The input moved its caret (a click, a key, a selection). */
  function setCaret(at: number): void {
    caret.value = at
    if (pointed.value && at !== pointed.value.end) pointed.value = null
  }

  /** The user typed: whatever was pointed at is now part of the text. */
  function typed(at: number): void {
    caret.value = at
    pointed.value = null
  }

  /** Something other than typing changed the draft (autocomplete): the caret goes to `at`. */
  function moveCaret(at: number): void {
    caret.value = at
    pointed.value = null
    caretRequest.value++
  }

  /** Whether a click on a cell, or an arrow key, now points instead of moving. */
  function canPoint(): boolean {
    if (!selection.editing) return false
    if (pointed.value && caret.value === pointed.value.end) return true
    return canPointAt(selection.draft, caret.value)
  }

  /** Inserts (or replaces the pointed) reference to `anchor:extent` on `sheet` (null: this one). */
  function pointTo(anchor: CellPosition, extent: CellPosition, sheet: string | null = null): void {
    const prev = pointed.value && caret.value === pointed.value.end ? pointed.value : null
    const start = prev ? prev.start : caret.value
    const end = prev ? prev.end : caret.value
    const range = {
      start: { row: Math.min(anchor.row, extent.row), col: Math.min(anchor.col, extent.col) },
      end: { row: Math.max(anchor.row, extent.row), col: Math.max(anchor.col, extent.col) },
    }
    const next = spliceRef(selection.draft, start, end, refText(range, sheet))
    selection.setDraft(next.text)
    pointed.value = { start, end: next.end, anchor, extent, sheet }
    caret.value = next.end
    caretRequest.value++
  }

  /** Arrow keys: move the pointed cell (Shift: its range's free corner) from the edited cell. */
  function step(dRow: number, dCol: number, extend: boolean, size: GridSize): void {
    const prev = pointed.value && caret.value === pointed.value.end ? pointed.value : null
    const from = prev ? prev.extent : selection.active
    const to = clampPosition({ row: from.row + dRow, col: from.col + dCol }, size)
    if (extend && prev) pointTo(prev.anchor, to, prev.sheet)
    else pointTo(to, to, prev?.sheet ?? null)
  }

  return { caret, caretRequest, pointed, setCaret, typed, moveCaret, canPoint, pointTo, step }
})
