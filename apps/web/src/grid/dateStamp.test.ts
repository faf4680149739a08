import { describe, expect, it } from 'vitest'
import { inferValue } from '@cellmate/formula'
import { dateStampText } from './dateStamp'
import type { ShortcutKey } from './commandShortcuts'

function key(k: string, mods: Partial<ShortcutKey> = {}) {
  return { key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }
}

const EVENING = new Date(2026, 11, 7, 16, 58, 21)
const MORNING = new Date(2026, 0, 5, 0, 4, 9)

describe('Ctrl+; and Ctrl+Shift+;', () => {
  it("Ctrl+; types today's date, Cmd+; too, read back as a date", () => {
    expect(dateStampText(key(';', { ctrlKey: true, code: 'Semicolon' }), EVENING)).toBe('12/7/2026')
    expect(dateStampText(key(';', { metaKey: true }), MORNING)).toBe('1/5/2026')
    expect(inferValue('12/7/2026').format).toBe('date')
  })

  it('Ctrl+Shift+; types the time now with its seconds, read back as a time', () => {
    const shifted = key(':', { ctrlKey: true, shiftKey: true, code: 'Semicolon' })
    expect(dateStampText(shifted, EVENING)).toBe('4:58:21 PM')
    expect(dateStampText(shifted, MORNING)).toBe('12:04:09 AM')
    expect(inferValue('4:58:21 PM').format).toBe('time')
    // A layout whose Shift+; types something else still gives the time.
    expect(
      dateStampText(key('ö', { ctrlKey: true, shiftKey: true, code: 'Semicolon' }), EVENING),
    ).toBe('4:58:21 PM')
  })

  it('other keys, a plain ; and AltGr combinations type nothing', () => {
    expect(dateStampText(key(';'), EVENING)).toBeNull()
    expect(dateStampText(key(';', { ctrlKey: true, altKey: true }), EVENING)).toBeNull()
    expect(dateStampText(key('d', { ctrlKey: true }), EVENING)).toBeNull()
  })
})
