import { ref } from 'vue'
import type { RangePosition } from '@cellmate/model'
import type { MenuItem } from '../menu/menuModel'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { PositionedEdit, SheetSession } from '../sync/sheetSession'

/** The open dropdown of a list rule: the cell, where the picker hangs, and its values. */
export interface ValidationPicker {
  row: number
  col: number
  x: number
  y: number
  items: MenuItem[]
}

/**
 * What the grid does with validation rules' cells: the dropdown picker of list rules and
 * the checkboxes of checkbox rules (a click toggles one, Space toggles the selection's).
 */
export function useValidationCells(options: {
  sheet: () => SheetSession
  range: () => RangePosition
  /** Gives the grid the focus (a checkbox's click is kept from reaching the grid). */
  focus: () => void
  /** The active cell's box in viewport pixels: Alt+Down hangs the dropdown under it. */
  activeRect: () => DOMRect
}) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const notices = useNoticeStore()
  const picker = ref<ValidationPicker | null>(null)

  /** A click on a cell's dropdown chevron: selects the cell and opens its list. */
  function openPicker(row: number, col: number, anchor: DOMRect): void {
    selection.select({ row, col })
    showPicker(row, col, anchor)
  }

  function showPicker(row: number, col: number, anchor: DOMRect): void {
    const sheet = options.sheet()
    const rule = sheet.validations.at(row, col)
    if (!rule || !access.canEdit) return
    const current = sheet.read(row, col)
    const items = sheet.validations
      .choices(rule)
      .map((value, i) => ({ id: String(i), label: value === current ? `✓ ${value}` : value }))
    if (items.length === 0) return
    picker.value = { row, col, x: anchor.left, y: anchor.bottom + 2, items }
  }

  function pick(id: string): void {
    const p = picker.value
    if (!p) return
    const sheet = options.sheet()
    const rule = sheet.validations.at(p.row, p.col)
    const value = rule ? sheet.validations.choices(rule)[Number(id)] : undefined
    if (value === undefined) return
    try {
      sheet.write(p.row, p.col, value)
    } catch (err) {
      notices.showError(err)
    }
  }

  /**
   * Toggles checkbox cells as one write (one undo step): all ticked become unticked, else
   * all become ticked, as Google Sheets does. False when no cell of `range` is a checkbox.
   */
  function toggle(range: RangePosition): boolean {
    const sheet = options.sheet()
    const boxes: Array<{ row: number; col: number }> = []
    for (let row = range.start.row; row <= range.end.row && boxes.length < 10_000; row++) {
      for (let col = range.start.col; col <= range.end.col; col++) {
        if (sheet.validations.at(row, col)?.kind === 'checkbox') boxes.push({ row, col })
      }
    }
    if (boxes.length === 0) return false
    if (!access.canEdit) return true
    const ticked = (p: { row: number; col: number }): boolean =>
      sheet.read(p.row, p.col).trim().toUpperCase() === 'TRUE'
    const value = boxes.every(ticked) ? 'FALSE' : 'TRUE'
    const edits: PositionedEdit[] = boxes.map((p) => ({ ...p, value }))
    try {
      sheet.writeBlock(edits)
    } catch (err) {
      notices.showError(err)
    }
    return true
  }

  /** A click on a cell's checkbox: selects the cell and toggles it. */
  function toggleCell(row: number, col: number): void {
    if (selection.editing) return
    options.focus()
    selection.select({ row, col })
    toggle({ start: { row, col }, end: { row, col } })
  }

  /** Space on the grid toggles the selection's checkboxes; true when it did (key consumed). */
  function onSpace(e: KeyboardEvent): boolean {
    if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return false
    if (selection.editing || !toggle(options.range())) return false
    e.preventDefault()
    return true
  }

  /**
   * Alt+Down on the grid opens the active cell's dropdown, as in Excel and Google Sheets
   * (arrows choose, Enter picks, Escape closes). On any cell Alt+Up and Alt+Down are used up:
   * Chromium would otherwise scroll the grid by a page. True when it was one of those keys.
   */
  function onAltArrow(e: KeyboardEvent): boolean {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return false
    e.preventDefault()
    if (e.key === 'ArrowDown' && !selection.editing) {
      showPicker(selection.row, selection.col, options.activeRect())
    }
    return true
  }

  /** The picker closed: the grid takes the focus back. */
  function closePicker(): void {
    picker.value = null
    options.focus()
  }

  return { picker, openPicker, pick, closePicker, toggleCell, onSpace, onAltArrow }
}
