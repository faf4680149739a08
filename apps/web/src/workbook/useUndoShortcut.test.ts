import { afterEach, describe, expect, it } from 'vitest'
import { undoShortcut } from './useUndoShortcut'

/** Presses `key` (with Ctrl, and Shift when asked) on `target` and returns what it asks for. */
function press(target: Element, key: string, shift = false): 'undo' | 'redo' | null {
  let asked: 'undo' | 'redo' | null = null
  const listen = (e: Event): void => void (asked = undoShortcut(e as KeyboardEvent))
  document.addEventListener('keydown', listen)
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, ctrlKey: true, shiftKey: shift, bubbles: true }),
  )
  document.removeEventListener('keydown', listen)
  return asked
}

function add(html: string): Element {
  const holder = document.createElement('div')
  holder.innerHTML = html
  document.body.appendChild(holder)
  return holder.firstElementChild!
}

describe('undoShortcut', () => {
  afterEach(() => void (document.body.innerHTML = ''))

  it("Ctrl+Z on a side panel's button or the page undoes; Ctrl+Y and Ctrl+Shift+Z redo", () => {
    const button = add('<aside><button>Add rule</button></aside>').querySelector('button')!
    expect(press(button, 'z')).toBe('undo')
    expect(press(document.body, 'z')).toBe('undo')
    expect(press(button, 'y')).toBe('redo')
    expect(press(button, 'Z', true)).toBe('redo')
    expect(press(add('<input type="checkbox">'), 'z')).toBe('undo')
  })

  it('text fields keep their own undo', () => {
    expect(press(add('<input type="text">'), 'z')).toBeNull()
    expect(press(add('<input>'), 'z')).toBeNull()
    expect(press(add('<textarea></textarea>'), 'z')).toBeNull()
    expect(
      press(add('<div contenteditable="true"><b>x</b></div>').firstElementChild!, 'z'),
    ).toBeNull()
  })

  it('the grid and modal dialogs keep their keys; other keys are not shortcuts', () => {
    expect(press(add('<div role="grid" tabindex="0"></div>'), 'z')).toBeNull()
    const dialog = add('<div role="dialog" aria-modal="true"><button>OK</button></div>')
    expect(press(dialog.querySelector('button')!, 'z')).toBeNull()
    expect(press(add('<button></button>'), 'x')).toBeNull()
  })
})
