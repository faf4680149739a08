import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  clampPosition,
  editorKeyCommand,
  gridKeyCommand,
  isPrintableKey,
  type KeyLike,
} from './gridKeys'
import type { SelectionWalk } from './selectionWalk'

const size = { rows: 1000, cols: 26 }
const B2 = { row: 1, col: 1 }

function key(k: string, mods: Partial<KeyLike> = {}): KeyLike {
  return { key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }
}

describe('keys on a selected cell', () => {
  it('arrows move one cell and stop at the sheet edge', () => {
    expect(gridKeyCommand(key('ArrowDown'), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 2, col: 1 },
    })
    expect(gridKeyCommand(key('ArrowLeft'), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 1, col: 0 },
    })
    expect(gridKeyCommand(key('ArrowUp'), { row: 0, col: 0 }, size, 10)).toEqual({
      kind: 'move',
      to: { row: 0, col: 0 },
    })
    expect(gridKeyCommand(key('ArrowRight'), { row: 0, col: 25 }, size, 10)).toEqual({
      kind: 'move',
      to: { row: 0, col: 25 },
    })
  })

  it('Ctrl+arrow jumps to the edge', () => {
    expect(gridKeyCommand(key('ArrowDown', { ctrlKey: true }), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 999, col: 1 },
    })
    expect(gridKeyCommand(key('ArrowLeft', { metaKey: true }), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 1, col: 0 },
    })
  })

  it('Tab and Shift+Tab move right and left; Shift+Enter moves up', () => {
    expect(gridKeyCommand(key('Tab'), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 1, col: 2 },
    })
    expect(gridKeyCommand(key('Tab', { shiftKey: true }), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 1, col: 0 },
    })
    expect(gridKeyCommand(key('Enter', { shiftKey: true }), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 0, col: 1 },
    })
  })

  it('Enter and F2 edit the existing content; a character replaces it', () => {
    expect(gridKeyCommand(key('Enter'), B2, size, 10)).toEqual({ kind: 'edit', draft: null })
    expect(gridKeyCommand(key('F2'), B2, size, 10)).toEqual({ kind: 'edit', draft: null })
    expect(gridKeyCommand(key('h'), B2, size, 10)).toEqual({ kind: 'edit', draft: 'h' })
    expect(gridKeyCommand(key('='), B2, size, 10)).toEqual({ kind: 'edit', draft: '=' })
    expect(gridKeyCommand(key('é'), B2, size, 10)).toEqual({ kind: 'edit', draft: 'é' })
  })

  it('Delete and Backspace clear the cell', () => {
    expect(gridKeyCommand(key('Delete'), B2, size, 10)).toEqual({ kind: 'clear' })
    expect(gridKeyCommand(key('Backspace'), B2, size, 10)).toEqual({ kind: 'clear' })
  })

  it('PageDown/PageUp move by a screenful; Home and Ctrl+Home go to the row start and A1', () => {
    expect(gridKeyCommand(key('PageDown'), B2, size, 25)).toEqual({
      kind: 'move',
      to: { row: 26, col: 1 },
    })
    expect(gridKeyCommand(key('PageUp'), B2, size, 25)).toEqual({
      kind: 'move',
      to: { row: 0, col: 1 },
    })
    expect(gridKeyCommand(key('Home'), B2, size, 25)).toEqual({
      kind: 'move',
      to: { row: 1, col: 0 },
    })
    expect(gridKeyCommand(key('Home', { ctrlKey: true }), B2, size, 25)).toEqual({
      kind: 'move',
      to: { row: 0, col: 0 },
    })
  })

  it('leaves shortcuts and other keys to the browser', () => {
    expect(gridKeyCommand(key('c', { ctrlKey: true }), B2, size, 10)).toBeNull()
    expect(gridKeyCommand(key('v', { metaKey: true }), B2, size, 10)).toBeNull()
    expect(gridKeyCommand(key('Shift', { shiftKey: true }), B2, size, 10)).toBeNull()
    expect(gridKeyCommand(key('Escape'), B2, size, 10)).toBeNull()
  })
})

describe('keys in the cell editor', () => {
  it('Enter commits and moves down, Shift+Enter up; Tab right, Shift+Tab left', () => {
    expect(editorKeyCommand(key('Enter'), B2, size, 'enter')).toEqual({
      kind: 'commit',
      to: { row: 2, col: 1 },
    })
    expect(editorKeyCommand(key('Enter', { shiftKey: true }), B2, size, 'edit')).toEqual({
      kind: 'commit',
      to: { row: 0, col: 1 },
    })
    expect(editorKeyCommand(key('Tab'), B2, size, 'edit')).toEqual({
      kind: 'commit',
      to: { row: 1, col: 2 },
    })
    expect(editorKeyCommand(key('Tab', { shiftKey: true }), B2, size, 'edit')).toEqual({
      kind: 'commit',
      to: { row: 1, col: 0 },
    })
  })

  it('in a selected block Enter and Tab commit and move inside it; arrows still leave it', () => {
    const walk: SelectionWalk = {
      range: { start: B2, end: { row: 2, col: 2 } },
      skip: () => false,
    }
    const C3 = { row: 2, col: 2 }
    expect(editorKeyCommand(key('Enter'), C3, size, 'enter', false, walk)).toEqual({
      kind: 'commitStep',
      to: B2,
    })
    expect(
      editorKeyCommand(key('Tab', { shiftKey: true }), B2, size, 'enter', false, walk),
    ).toEqual({ kind: 'commitStep', to: C3 })
    expect(editorKeyCommand(key('ArrowDown'), C3, size, 'enter', false, walk)).toEqual({
      kind: 'commit',
      to: { row: 3, col: 2 },
    })
    // On the grid: Tab and Shift+Enter step, Enter edits.
    expect(gridKeyCommand(key('Tab'), B2, size, 10, { walk })).toEqual({
      kind: 'step',
      to: { row: 1, col: 2 },
    })
    expect(gridKeyCommand(key('Enter', { shiftKey: true }), B2, size, 10, { walk })).toEqual({
      kind: 'step',
      to: C3,
    })
    expect(gridKeyCommand(key('Enter'), B2, size, 10, { walk })).toEqual({
      kind: 'edit',
      draft: null,
    })
  })

  it('Escape cancels', () => {
    expect(editorKeyCommand(key('Escape'), B2, size, 'edit')).toEqual({ kind: 'cancel' })
  })

  it('arrows commit and move after typing over a cell, but move the caret after F2', () => {
    expect(editorKeyCommand(key('ArrowRight'), B2, size, 'enter')).toEqual({
      kind: 'commit',
      to: { row: 1, col: 2 },
    })
    expect(editorKeyCommand(key('ArrowRight'), B2, size, 'edit')).toBeNull()
    expect(editorKeyCommand(key('ArrowLeft', { shiftKey: true }), B2, size, 'enter')).toBeNull()
  })

  it('typing goes to the input', () => {
    expect(editorKeyCommand(key('a'), B2, size, 'enter')).toBeNull()
  })

  it('Alt+Enter and Ctrl/Cmd+Enter break the line instead of committing, as in Google Sheets', () => {
    for (const mods of [{ altKey: true }, { ctrlKey: true }, { metaKey: true }]) {
      expect(editorKeyCommand(key('Enter', mods), B2, size, 'enter')).toEqual({
        kind: 'lineBreak',
      })
      expect(editorKeyCommand(key('Enter', mods), B2, size, 'edit')).toEqual({
        kind: 'lineBreak',
      })
    }
  })

  it('in a text of several lines the arrows move the caret, even after typing over a cell', () => {
    for (const arrow of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']) {
      expect(editorKeyCommand(key(arrow), B2, size, 'enter', true)).toBeNull()
    }
    expect(editorKeyCommand(key('Enter'), B2, size, 'enter', true)).toEqual({
      kind: 'commit',
      to: { row: 2, col: 1 },
    })
  })
})

describe('Sheets and Excel editing keys', () => {
  const walk: SelectionWalk = { range: { start: B2, end: { row: 3, col: 2 } }, skip: () => false }
  afterEach(() => vi.useRealTimers())

  it('Ctrl/Cmd+Enter in a selected block enters the draft in all of it; one cell: a line break', () => {
    for (const mods of [{ ctrlKey: true }, { metaKey: true }]) {
      expect(editorKeyCommand(key('Enter', mods), B2, size, 'enter', false, walk)).toEqual({
        kind: 'commitFill',
      })
      expect(editorKeyCommand(key('Enter', mods), B2, size, 'edit', true, walk)).toEqual({
        kind: 'commitFill',
      })
    }
    // Alt+Enter still breaks the line inside a block.
    expect(
      editorKeyCommand(key('Enter', { altKey: true }), B2, size, 'enter', false, walk),
    ).toEqual({ kind: 'lineBreak' })
  })

  it('Ctrl+Enter on a selected block (not editing) fills it from the active cell; on one cell edits', () => {
    expect(gridKeyCommand(key('Enter', { ctrlKey: true }), B2, size, 10, { walk })).toEqual({
      kind: 'fillSelection',
    })
    expect(gridKeyCommand(key('Enter', { ctrlKey: true }), B2, size, 10)).toEqual({
      kind: 'edit',
      draft: null,
    })
  })

  it("Ctrl+; types today's date and Ctrl+Shift+; the time, on a selected cell or in the editor", () => {
    vi.useFakeTimers({ now: new Date(2026, 11, 7, 9, 5, 0) })
    expect(gridKeyCommand(key(';', { ctrlKey: true }), B2, size, 10)).toEqual({
      kind: 'edit',
      draft: '12/7/2026',
    })
    expect(gridKeyCommand(key(':', { ctrlKey: true, shiftKey: true }), B2, size, 10)).toEqual({
      kind: 'edit',
      draft: '9:05:00 AM',
    })
    expect(editorKeyCommand(key(';', { ctrlKey: true }), B2, size, 'edit', false, walk)).toEqual({
      kind: 'insert',
      text: '12/7/2026',
    })
    expect(
      editorKeyCommand(key(':', { ctrlKey: true, shiftKey: true }), B2, size, 'enter'),
    ).toEqual({ kind: 'insert', text: '9:05:00 AM' })
  })

  it('Ctrl+End goes to the last row and column holding data, not the sheet’s last cell; A1 on an empty sheet', () => {
    let asked = 0
    const lastUsed = () => {
      asked++
      return { row: 41, col: 3 }
    }
    expect(gridKeyCommand(key('End', { ctrlKey: true }), B2, size, 10, { lastUsed })).toEqual({
      kind: 'move',
      to: { row: 41, col: 3 },
    })
    expect(gridKeyCommand(key('End', { metaKey: true }), B2, size, 10, { lastUsed })).toEqual({
      kind: 'move',
      to: { row: 41, col: 3 },
    })
    expect(gridKeyCommand(key('End', { ctrlKey: true }), B2, size, 10)).toEqual({
      kind: 'move',
      to: { row: 0, col: 0 },
    })
    // Reading every stored cell is for Ctrl+End only.
    gridKeyCommand(key('End'), B2, size, 10, { lastUsed })
    gridKeyCommand(key('ArrowDown', { ctrlKey: true }), B2, size, 10, { lastUsed })
    expect(asked).toBe(2)
  })

  it('Shift+Home, Shift+End and Shift+Page keys extend the selection from its free corner', () => {
    const extent = { row: 4, col: 3 }
    const lastUsed = () => ({ row: 6, col: 2 })
    const shift = (k: string, ctrlKey = false) =>
      gridKeyCommand(key(k, { shiftKey: true, ctrlKey }), B2, size, 10, { extent, lastUsed })
    expect(shift('Home')).toEqual({ kind: 'extend', to: { row: 4, col: 0 } })
    expect(shift('End')).toEqual({ kind: 'extend', to: { row: 4, col: 25 } })
    expect(shift('PageDown')).toEqual({ kind: 'extend', to: { row: 14, col: 3 } })
    expect(shift('PageUp')).toEqual({ kind: 'extend', to: { row: 0, col: 3 } })
    expect(shift('Home', true)).toEqual({ kind: 'extend', to: { row: 0, col: 0 } })
    expect(shift('End', true)).toEqual({ kind: 'extend', to: { row: 6, col: 2 } })
    // Without Shift they still move from the active cell.
    expect(gridKeyCommand(key('Home'), B2, size, 10, { extent })).toEqual({
      kind: 'move',
      to: { row: 1, col: 0 },
    })
  })
})

describe('helpers', () => {
  it('clamps positions into the sheet', () => {
    expect(clampPosition({ row: -3, col: 40 }, size)).toEqual({ row: 0, col: 25 })
    expect(clampPosition({ row: 5, col: 5 }, { rows: 0, cols: 0 })).toEqual({ row: 0, col: 0 })
  })

  it('knows which keys type a character', () => {
    expect(isPrintableKey(key('a'))).toBe(true)
    expect(isPrintableKey(key(' '))).toBe(true)
    expect(isPrintableKey(key('😀'))).toBe(true)
    expect(isPrintableKey(key('@', { ctrlKey: true, altKey: true }))).toBe(true)
    expect(isPrintableKey(key('a', { ctrlKey: true }))).toBe(false)
    expect(isPrintableKey(key('ArrowUp'))).toBe(false)
    expect(isPrintableKey(key('Dead'))).toBe(false)
  })
})

describe('extending the selection from the keyboard', () => {
  it('Shift+arrows move the free corner, starting from the active cell', () => {
    expect(gridKeyCommand(key('ArrowDown', { shiftKey: true }), B2, size, 10)).toEqual({
      kind: 'extend',
      to: { row: 2, col: 1 },
    })
    expect(
      gridKeyCommand(key('ArrowRight', { shiftKey: true }), B2, size, 10, {
        extent: { row: 4, col: 3 },
      }),
    ).toEqual({ kind: 'extend', to: { row: 4, col: 4 } })
  })

  it('Ctrl+arrows stop at the edge of the data; Ctrl+Shift+arrows extend to it', () => {
    const filled = (row: number, col: number): boolean => col === 1 && row >= 5 && row <= 9
    expect(gridKeyCommand(key('ArrowDown', { ctrlKey: true }), B2, size, 10, { filled })).toEqual({
      kind: 'move',
      to: { row: 5, col: 1 },
    })
    expect(
      gridKeyCommand(key('ArrowDown', { ctrlKey: true, shiftKey: true }), B2, size, 10, {
        filled,
        extent: { row: 5, col: 1 },
      }),
    ).toEqual({ kind: 'extend', to: { row: 9, col: 1 } })
  })

  it('Ctrl+A and Cmd+A select everything', () => {
    expect(gridKeyCommand(key('a', { ctrlKey: true }), B2, size, 10)).toEqual({ kind: 'selectAll' })
    expect(gridKeyCommand(key('A', { metaKey: true }), B2, size, 10)).toEqual({ kind: 'selectAll' })
  })
})
