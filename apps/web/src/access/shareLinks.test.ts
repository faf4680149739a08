import { describe, expect, it } from 'vitest'
import { copyText, linkCreatedText, linkRoleHint, linkRoleLabel } from './shareLinks'

describe('share link texts', () => {
  it('names roles as Google Sheets does and says what each allows', () => {
    expect(linkRoleLabel('edit')).toBe('Can edit')
    expect(linkRoleLabel('view')).toBe('Can view')
    expect(linkRoleLabel('comment')).toBe('Can comment')
    expect(linkRoleHint('comment')).toMatch(/comments, but not change cells/)
    expect(linkRoleHint('view')).toMatch(/not change it/)
    expect(linkRoleHint('edit')).toMatch(/can change/)
  })

  it('shows the creation time in the reader’s locale, and a bad date as it came', () => {
    expect(linkCreatedText('2026-11-23T11:30:00.000Z', 'en-US')).toMatch(/^Nov 23, 2026, /)
    expect(linkCreatedText('not a date')).toBe('not a date')
  })
})

describe('copyText', () => {
  it('copies with the Clipboard API when it is there', async () => {
    const written: string[] = []
    const ok = await copyText('https://x/w/1#token=a', {
      writeText: (text) => {
        written.push(text)
        return Promise.resolve()
      },
    })
    expect(ok).toBe(true)
    expect(written).toEqual(['https://x/w/1#token=a'])
  })

  it('says false when the clipboard is missing or refuses, so the caller can fall back', async () => {
    expect(await copyText('x', null)).toBe(false)
    const refusing = {
      writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')),
    }
    expect(await copyText('x', refusing)).toBe(false)
  })
})
