import { describe, expect, it } from 'vitest'
import { mentionQuery, mentionSegments, mentions, suggestNames } from './mentions'
import { notePeople, recentPeople, RECENT_MS } from './recentPeople'

describe('mentions', () => {
  const names = ['Ana', 'Ana Lopez', 'Ben']

  it('finds the longest known name after @, at a word boundary, any case', () => {
    expect(mentionSegments('ask @ana lopez, and @Ben!', names)).toEqual([
      { text: 'ask ' },
      { text: '@ana lopez', mention: 'Ana Lopez' },
      { text: ', and ' },
      { text: '@Ben', mention: 'Ben' },
      { text: '!' },
    ])
    expect(mentionSegments('@Anabel and ana@ben.com', names)).toEqual([
      { text: '@Anabel and ana@ben.com' },
    ])
    expect(mentions('thanks @Ana', 'Ana', names)).toBe(true)
    expect(mentions('thanks @Ana Lopez', 'Ana', names)).toBe(false)
  })

  it('knows the @word being typed and suggests names for it', () => {
    expect(mentionQuery('hi @An', 6)).toEqual({ start: 3, query: 'An' })
    expect(mentionQuery('mail ana@b', 10)).toBeNull()
    expect(suggestNames(['Ben', 'Ana', 'Joanna'], 'an')).toEqual(['Ana', 'Joanna'])
  })

  it('remembers people seen in a workbook for a while, most recent first', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage
    notePeople(storage, 'wb', ['Ana'], 1_000_000)
    notePeople(storage, 'wb', ['Ben'], 2_000_000)
    expect(recentPeople(storage, 'wb', 2_000_000)).toEqual(['Ben', 'Ana'])
    expect(recentPeople(storage, 'wb', 1_000_001 + RECENT_MS)).toEqual(['Ben'])
    expect(recentPeople(storage, 'other', 2_000_000)).toEqual([])
  })
})
