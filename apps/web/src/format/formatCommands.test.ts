import { describe, expect, it } from 'vitest'
import { MAX_DECIMALS } from '@cellmate/model'
import { formatShortcut, steppedDecimals, toggledValue } from './formatCommands'

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
})

describe('format commands', () => {
  it('Ctrl/Cmd+B, I, U toggle bold, italic, underline', () => {
    expect(formatShortcut(key('b', { ctrlKey: true }))).toBe('bold')
    expect(formatShortcut(key('I', { metaKey: true }))).toBe('italic')
    expect(formatShortcut(key('u', { ctrlKey: true }))).toBe('underline')
  })

  it('other keys and modifier combinations are not formatting', () => {
    expect(formatShortcut(key('b'))).toBeNull()
    expect(formatShortcut(key('b', { ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(formatShortcut(key('u', { ctrlKey: true, altKey: true }))).toBeNull()
    expect(formatShortcut(key('z', { ctrlKey: true }))).toBeNull()
  })

  it('a toggle sets the opposite of the active cell', () => {
    expect(toggledValue({}, 'bold')).toBe(true)
    expect(toggledValue({ bold: true }, 'bold')).toBe(false)
    expect(toggledValue({ bold: true }, 'italic')).toBe(true)
  })

  it('decimals step from 2 by default and stay within 0..MAX_DECIMALS', () => {
    expect(steppedDecimals({}, 1)).toBe(3)
    expect(steppedDecimals({}, -1)).toBe(1)
    expect(steppedDecimals({ decimals: 0 }, -1)).toBe(0)
    expect(steppedDecimals({ decimals: MAX_DECIMALS }, 1)).toBe(MAX_DECIMALS)
  })
})
