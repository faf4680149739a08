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

/** A sheet of the workbook, as point mode names it in references. */
export interface PointSheet {
  id: string
  name: string
}

/** The cell a formula is being typed into, kept while the user points on another sheet. */
export interface FormulaHome {
  sheet: PointSheet
  cell: CellPosition
}

/** How an edit typed away from its sheet ends: committed (moving to `to`) or cancelled. */
export type HomeReturn = { kind: 'commit'; to: CellPosition | undefined } | { kind: 'cancel' }

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
  /** The sheet on screen. */
  const here = shallowRef<PointSheet | null>(null)
  /**
   * Set when a sheet tab was clicked while pointing: the formula's own sheet and cell, so
   * clicks on the other sheet insert `Sheet2!B4` and Enter commits back home, as in Sheets.
   */
  const home = shallowRef<FormulaHome | null>(null)
  /** Enter or Escape away from home: the workbook goes back there and ends the edit. */
  const returning = shallowRef<HomeReturn | null>(null)

  watch(
    () => selection.editing,
    (editing) => {
      if (editing) return
      pointed.value = null
      home.value = null
      returning.value = null
    },
  )

  /** The sheet on screen is not the one the formula is typed into. */
  function away(): boolean {
    return home.value !== null && here.value !== null && home.value.sheet.id !== here.value.id
  }

  /** The sheet name a reference pointed at now needs: null on the formula's own sheet. */
  function pointedSheet(): string | null {
    return away() ? (here.value?.name ?? null) : null
  }

  /**
   * A sheet tab is about to be clicked. True when the edit goes on across the switch (a
   * formula in point mode, or one already pointing on another sheet): the tab must not take
   * the focus, and the edit's home is remembered.
   */
  function crossSheet(): boolean {
    if (!selection.editing || !here.value) return false
    if (home.value) return true
    if (!canPoint()) return false
    home.value = { sheet: here.value, cell: { ...selection.active } }
    return true
  }

  /**
   * Ends an edit typed away from its sheet: back home first, then commit or cancel there.
   * The first request stands (the editor losing focus after Escape is no commit).
   */
  function returnHome(how: HomeReturn): void {
    returning.value ??= how
  }

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

  /**
   * Inserts (or replaces the pointed) reference to `anchor:extent` on `sheet` (null: the
   * formula's own sheet; by default the sheet on screen).
   */
  function pointTo(
    anchor: CellPosition,
    extent: CellPosition,
    sheet: string | null = pointedSheet(),
  ): void {
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
    else pointTo(to, to, pointedSheet())
  }

  return {
    caret,
    caretRequest,
    pointed,
    here,
    home,
    returning,
    away,
    pointedSheet,
    crossSheet,
    returnHome,
    setCaret,
    typed,
    moveCaret,
    canPoint,
    pointTo,
    step,
  }
})
