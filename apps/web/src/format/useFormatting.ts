import { computed, onBeforeUnmount, onMounted } from 'vue'
import { stepFormatCodeDecimals } from '@cellmate/formula'
import {
  MAX_NUM_FMT_CODE_CHARS,
  type CellFormat,
  type FormatAttr,
  type NumFmt,
} from '@cellmate/model'
import type { GridSize } from '../grid/gridGeometry'
import { selectionRange } from '../grid/selectionRange'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import { formatShortcut, steppedDecimals, toggledValue, type ToggleAttr } from './formatCommands'

/**
 * Formatting of the current selection: the active cell's format (what the toolbar shows) and
 * actions that set one attribute on the whole selection as one undo step. Refusals (too many
 * cells) become a notice; a viewer's actions do nothing (the controls are disabled anyway).
 */
export function useFormatting(
  sheet: () => SheetSession | null,
  version: () => number,
  size: () => GridSize,
) {
  const selection = useSelectionStore()
  const access = useAccessStore()
  const notices = useNoticeStore()

  const active = computed<CellFormat>(() => {
    void version()
    return sheet()?.format(selection.row, selection.col) ?? {}
  })
  const enabled = computed(() => access.canEdit && sheet() !== null)

  function run(change: (s: SheetSession) => void): void {
    const s = sheet()
    if (!s || !access.canEdit) return
    try {
      change(s)
    } catch (err) {
      notices.showError(err)
    }
  }

  const range = () => selectionRange(selection, size())

  function apply<A extends FormatAttr>(attr: A, value: CellFormat[A] | null): void {
    run((s) => s.setFormat(range(), attr, value))
  }

  function toggle(attr: ToggleAttr): void {
    apply(attr, toggledValue(active.value, attr))
  }

  /** A preset, General, or `custom` with its Excel code, on the whole selection. */
  function applyNumberFormat(numFmt: NumFmt, code?: string): void {
    run((s) => s.setNumberFormat(range(), numFmt, code))
  }

  /**
   * One decimal more or fewer. A custom code changes its own placeholders (`0.00` -> `0.000`),
   * as Excel does; a code without decimals to change (a date) is left as it is.
   */
  function stepDecimals(step: 1 | -1): void {
    const { numFmt, numFmtCode } = active.value
    if (numFmt === 'custom' && numFmtCode !== undefined) {
      const next = stepFormatCodeDecimals(numFmtCode, step)
      if (next !== null && next.length <= MAX_NUM_FMT_CODE_CHARS) applyNumberFormat('custom', next)
      return
    }
    apply('decimals', steppedDecimals(active.value, step))
  }

  function clear(): void {
    run((s) => s.clearFormats(range()))
  }

  return { active, enabled, apply, applyNumberFormat, toggle, stepDecimals, clear }
}

/**
 * Ctrl/Cmd+B, I, U anywhere in the editor's grid or formula bar — also while typing in a
 * cell, where Google Sheets formats the whole cell. The browser's own meaning (Ctrl+U shows
 * the page source) is suppressed there.
 */
export function useFormatShortcuts(toggle: (attr: ToggleAttr) => void): void {
  const onKeydown = (e: KeyboardEvent): void => {
    const attr = formatShortcut(e)
    if (!attr || !(e.target instanceof Element)) return
    if (!e.target.closest('[role="grid"], .formula-bar')) return
    e.preventDefault()
    e.stopPropagation()
    toggle(attr)
  }
  onMounted(() => document.addEventListener('keydown', onKeydown, true))
  onBeforeUnmount(() => document.removeEventListener('keydown', onKeydown, true))
}
