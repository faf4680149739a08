import { describe, expect, it } from 'vitest'
import { shortcutCommand, type ShortcutKey } from './commandShortcuts'

function key(k: string, mods: Partial<ShortcutKey> = {}): ShortcutKey {
  return { key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }
}
const structure = (action: string) => ({ kind: 'structure', action })

describe('command shortcuts on the grid', () => {
  it('Ctrl/Cmd+Z undoes; Ctrl+Y and Ctrl/Cmd+Shift+Z redo', () => {
    expect(shortcutCommand(key('z', { ctrlKey: true }), 'cell')).toEqual({ kind: 'undo' })
    expect(shortcutCommand(key('z', { metaKey: true }), 'cell')).toEqual({ kind: 'undo' })
    expect(shortcutCommand(key('y', { ctrlKey: true }), 'cell')).toEqual({ kind: 'redo' })
    expect(shortcutCommand(key('Z', { ctrlKey: true, shiftKey: true }), 'cell')).toEqual({
      kind: 'redo',
    })
    expect(shortcutCommand(key('z', { metaKey: true, shiftKey: true }), 'cell')).toEqual({
      kind: 'redo',
    })
  })

  it('Ctrl+Alt+= inserts a row above, with Shift below; on a selected column, columns', () => {
    const ctrlAlt = { ctrlKey: true, altKey: true }
    expect(shortcutCommand(key('=', { ...ctrlAlt, code: 'Equal' }), 'cell')).toEqual(
      structure('insertRowAbove'),
    )
    expect(shortcutCommand(key('+', { ...ctrlAlt, shiftKey: true, code: 'Equal' }), 'row')).toEqual(
      structure('insertRowBelow'),
    )
    expect(shortcutCommand(key('=', { ...ctrlAlt, code: 'Equal' }), 'col')).toEqual(
      structure('insertColLeft'),
    )
    expect(shortcutCommand(key('+', { ...ctrlAlt, shiftKey: true }), 'col')).toEqual(
      structure('insertColRight'),
    )
    // macOS: Option changes the character; the physical key still says Equal.
    expect(
      shortcutCommand(key('≠', { metaKey: true, altKey: true, code: 'Equal' }), 'cell'),
    ).toEqual(structure('insertRowAbove'))
    expect(shortcutCommand(key('+', { ...ctrlAlt, code: 'NumpadAdd' }), 'cell')).toEqual(
      structure('insertRowAbove'),
    )
  })

  it('Ctrl+Alt+- deletes the active row, or the selected column', () => {
    const ctrlAlt = { ctrlKey: true, altKey: true }
    expect(shortcutCommand(key('-', { ...ctrlAlt, code: 'Minus' }), 'cell')).toEqual(
      structure('deleteRow'),
    )
    expect(shortcutCommand(key('-', ctrlAlt), 'col')).toEqual(structure('deleteCol'))
  })

  it('Alt+Shift+arrows move the active row or column', () => {
    const altShift = { altKey: true, shiftKey: true }
    expect(shortcutCommand(key('ArrowUp', altShift), 'cell')).toEqual(structure('moveRowUp'))
    expect(shortcutCommand(key('ArrowDown', altShift), 'row')).toEqual(structure('moveRowDown'))
    expect(shortcutCommand(key('ArrowLeft', altShift), 'cell')).toEqual(structure('moveColLeft'))
    expect(shortcutCommand(key('ArrowRight', altShift), 'col')).toEqual(structure('moveColRight'))
  })

  it('Shift+F10 and the ContextMenu key open the menu; Shift/Ctrl+Space select row/column', () => {
    expect(shortcutCommand(key('F10', { shiftKey: true }), 'cell')).toEqual({ kind: 'openMenu' })
    expect(shortcutCommand(key('ContextMenu'), 'row')).toEqual({ kind: 'openMenu' })
    expect(shortcutCommand(key(' ', { shiftKey: true }), 'cell')).toEqual({ kind: 'selectRow' })
    expect(shortcutCommand(key(' ', { ctrlKey: true }), 'cell')).toEqual({ kind: 'selectCol' })
  })

  it('leaves navigation and typing to the grid', () => {
    for (const k of [
      key('ArrowUp'),
      key('ArrowUp', { shiftKey: true }),
      key('ArrowUp', { ctrlKey: true }),
      key('='),
      key('-'),
      key(' '),
      key('F10'),
      key('z'),
      key('c', { ctrlKey: true }),
      key('ArrowUp', { altKey: true }),
    ]) {
      expect(shortcutCommand(k, 'cell'), JSON.stringify(k)).toBeNull()
    }
  })
})
