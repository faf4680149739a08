import { describe, expect, it } from 'vitest'
import { openedAtText } from './openedAtText'

const now = Date.UTC(2025, 5, 15, 12, 0, 0)
const minute = 60_000

describe('openedAtText', () => {
  it('says how long ago, in growing units', () => {
    expect(openedAtText(now - 10_000, now, 'en')).toBe('just now')
    expect(openedAtText(now - 5 * minute, now, 'en')).toBe('5 minutes ago')
    expect(openedAtText(now - 3 * 60 * minute, now, 'en')).toBe('3 hours ago')
    expect(openedAtText(now - 26 * 60 * minute, now, 'en')).toBe('yesterday')
  })

  it('gives a date for anything older than a week', () => {
    expect(openedAtText(Date.UTC(2025, 0, 2, 12), now, 'en')).toBe('Jan 2, 2025')
  })

  it('treats a clock that went backwards as just now', () => {
    expect(openedAtText(now + 5 * minute, now, 'en')).toBe('just now')
  })
})
