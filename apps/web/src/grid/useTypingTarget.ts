import { onMounted, watch, watchEffect, type Ref } from 'vue'
import { useSelectionStore } from '../stores/selectionStore'
import { WRAP_LINE_HEIGHT } from './autoRowHeights'
import type { Box } from './gridGeometry'
import { isImeKey } from './gridKeys'

/** The cell editor's 2px border, above and below (the frame matches `CellEditor`'s). */
const BORDER = 4
/** The composing frame grows with its text up to this width, as the cell editor does. */
const MAX_WIDTH = 600

/**
 * How the typing target looks: invisible over the active cell while idle, the cell editor's
 * frame while an IME composes in it. Set through the CSSOM: the app's CSP allows no inline
 * stylesheet, and a shadow tree does not see the app's stylesheet.
 */
const IDLE: Partial<CSSStyleDeclaration> = {
  borderColor: 'transparent',
  background: 'transparent',
  color: 'transparent',
  caretColor: 'transparent',
  boxShadow: 'none',
}
const COMPOSING: Partial<CSSStyleDeclaration> = {
  borderColor: '#1a73e8',
  background: '#fff',
  color: '#202124',
  caretColor: '#202124',
  boxShadow: '0 2px 6px rgba(60, 64, 67, 0.3)',
}
const FRAME: Partial<CSSStyleDeclaration> = {
  position: 'absolute',
  zIndex: '4',
  boxSizing: 'border-box',
  margin: '0',
  padding: '0 3px',
  borderWidth: '2px',
  borderStyle: 'solid',
  outline: 'none',
  font: 'inherit',
  lineHeight: `${WRAP_LINE_HEIGHT}px`,
  whiteSpace: 'pre',
  resize: 'none',
  overflow: 'hidden',
  // Clicks and double-clicks belong to the cell under it.
  pointerEvents: 'none',
  ...IDLE,
}

/** What the typing target needs from the grid. */
export interface TypingTargetOptions {
  /** The grid's scrolling element (`role="grid"`): the typing target lives in its shadow root. */
  host: Ref<HTMLElement | null>
  /** The active cell's box on the grid's canvas (the editor's frame). */
  box: () => Box
  /** What a screen reader says of the focused grid: the sheet and the active cell. */
  label: () => string
  /** A viewer's typing target is read-only: no IME composes in it. */
  canEdit: () => boolean
}

/**
 * The grid's keyboard focus is a transparent textarea over the active cell, as in Google Sheets,
 * so that an IME (Japanese, Chinese, Korean) can compose on a selected cell: a non-editable
 * element gets no composition at all. The textarea sits in the grid's shadow root, which
 * delegates focus to it: `document.activeElement` is still the grid, and its keys, clipboard
 * and composition events reach the grid's listeners with the grid as their target, so the
 * grid's keyboard handling is unchanged. While an IME composes, the textarea shows the cell
 * editor's frame with the composition in it; the committed text then opens the cell editor
 * with it, and the textarea empties. Text that arrives without a keydown the grid handled (an
 * emoji picker, dictation) opens the editor the same way.
 */
export function useTypingTarget(options: TypingTargetOptions): { focus: () => void } {
  const selection = useSelectionStore()
  const input = document.createElement('textarea')
  Object.assign(input.style, FRAME)
  input.rows = 1
  input.wrap = 'off'
  input.spellcheck = false
  input.autocomplete = 'off'
  input.setAttribute('autocapitalize', 'off')
  input.dataset.testid = 'grid-typing'
  // On a touch screen a tap on a cell selects it, as before: no on-screen keyboard pops up (a
  // double tap edits). A hardware keyboard, and its IME, still type there.
  if (window.matchMedia?.('(pointer: coarse)').matches) input.inputMode = 'none'

  /** The frame over the active cell, grown for the composed text (up to `MAX_WIDTH`). */
  function place(): void {
    const b = options.box()
    const height = Math.max(b.height, WRAP_LINE_HEIGHT + BORDER)
    Object.assign(input.style, {
      left: `${b.left}px`,
      top: `${b.top}px`,
      width: `${b.width}px`,
      height: `${height}px`,
      paddingTop: `${Math.max(0, (height - BORDER - WRAP_LINE_HEIGHT) / 2)}px`,
    })
    if (input.value && input.scrollWidth > input.clientWidth) {
      input.style.width = `${Math.min(MAX_WIDTH, input.scrollWidth + BORDER)}px`
    }
  }

  /** The typed text goes to the cell editor: it opens with it (or, opening, takes it too). */
  function handOver(): void {
    const text = input.value
    input.value = ''
    Object.assign(input.style, IDLE)
    place()
    if (!text || !options.canEdit()) return
    if (selection.editing) selection.setDraft(selection.draft + text)
    else selection.startEdit(text, 'enter', 'cell')
  }

  input.addEventListener('keydown', (e) => {
    // A key the IME takes (keyCode 229: its first one, before `isComposing`) is the IME's, not
    // a grid shortcut: Space converts, the arrows pick a candidate, Enter commits.
    if (isImeKey(e)) e.stopPropagation()
  })
  let composing = false
  input.addEventListener('compositionstart', () => {
    composing = true
    Object.assign(input.style, COMPOSING)
  })
  input.addEventListener('compositionend', () => {
    composing = false
    handOver()
  })
  input.addEventListener('input', (e) => {
    if ((e as InputEvent).isComposing) place()
    else handOver()
  })

  onMounted(() => {
    const host = options.host.value
    if (!host) return
    // The textarea first: it is the focus the grid delegates to, then the grid's own content.
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open', delegatesFocus: true })
    shadow.replaceChildren(input, document.createElement('slot'))
    // A click on the grid while composing commits the composition to the cell it began on
    // (the browser commits it on blur), before the click moves the selection: as in Sheets.
    host.addEventListener(
      'mousedown',
      () => {
        if (!composing) return
        input.blur()
        input.focus({ preventScroll: true })
      },
      { capture: true },
    )
  })
  watch(options.box, place, { immediate: true })
  watchEffect(() => {
    input.readOnly = !options.canEdit()
    input.setAttribute('aria-label', options.label())
  })
  // Not `host.focus()`: a host that delegates focus keeps it where it is when that is inside
  // it, as the cell editor is when its edit ends.
  return { focus: () => input.focus({ preventScroll: true }) }
}
