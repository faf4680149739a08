import { beforeEach, describe, expect, it } from 'vitest'
import {
  MAX_RECENT,
  RECENT_KEY,
  forgetRecent,
  forgetToken,
  loadRecent,
  recentRole,
  recentToken,
  recordOpened,
  rememberRole,
  updateRecentTitle,
  type RecentStorage,
} from './recentWorkbooks'

function memoryStorage(): RecentStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  }
}

describe('recent workbooks', () => {
  let storage: ReturnType<typeof memoryStorage>
  beforeEach(() => {
    storage = memoryStorage()
  })

  it('is empty in a fresh browser', () => {
    expect(loadRecent(storage)).toEqual([])
  })

  it('lists the most recently opened workbook first', () => {
    recordOpened(storage, { id: 'a', title: 'Budget', openedAt: 1000 })
    recordOpened(storage, { id: 'b', title: 'Plan', openedAt: 2000 })
    recordOpened(storage, { id: 'a', openedAt: 3000 })
    expect(loadRecent(storage).map((e) => [e.id, e.title, e.openedAt])).toEqual([
      ['a', 'Budget', 3000],
      ['b', 'Plan', 2000],
    ])
  })

  it('keeps the owner token when the workbook is reopened without one', () => {
    recordOpened(storage, { id: 'a', title: 'Budget', token: 'secret', openedAt: 1 })
    recordOpened(storage, { id: 'a', openedAt: 2 })
    expect(recentToken(storage, 'a')).toBe('secret')
    recordOpened(storage, { id: 'a', token: 'newer', openedAt: 3 })
    expect(recentToken(storage, 'a')).toBe('newer')
  })

  it('remembers the role the server gave a token, and forgets it when the token changes', () => {
    recordOpened(storage, { id: 'a', token: 'view-tok', openedAt: 1 })
    expect(recentRole(storage, 'a', 'view-tok')).toBeUndefined()
    rememberRole(storage, 'a', 'view-tok', 'viewer')
    recordOpened(storage, { id: 'a', openedAt: 2 })
    expect(recentRole(storage, 'a', 'view-tok')).toBe('viewer')
    // A role is only ever read for the token it was granted to.
    expect(recentRole(storage, 'a', 'other')).toBeUndefined()
    rememberRole(storage, 'a', 'other', 'owner')
    expect(recentRole(storage, 'a', 'view-tok')).toBe('viewer')
    recordOpened(storage, { id: 'a', token: 'edit-tok', openedAt: 3 })
    expect(recentRole(storage, 'a', 'edit-tok')).toBeUndefined()
    // A role another version wrote in another shape is not believed.
    storage.setItem(RECENT_KEY, JSON.stringify([{ id: 'b', token: 't', role: 'god', openedAt: 1 }]))
    expect(recentRole(storage, 'b', 't')).toBeUndefined()
  })

  it('an owner who opens their own view link keeps ownership in this browser', () => {
    recordOpened(storage, { id: 'a', token: 'owner-tok', openedAt: 1 })
    rememberRole(storage, 'a', 'owner-tok', 'owner')
    // The owner tries the view link they just made, in the same browser.
    recordOpened(storage, { id: 'a', token: 'view-tok', openedAt: 2 })
    rememberRole(storage, 'a', 'view-tok', 'viewer')
    expect(recentRole(storage, 'a', 'view-tok')).toBe('viewer')
    // Back from the recent list, the workbook opens as its owner again.
    expect(recentToken(storage, 'a')).toBe('owner-tok')
    expect(recentRole(storage, 'a', 'owner-tok')).toBe('owner')
    // The view link is revoked: only that token is forgotten.
    forgetToken(storage, 'a', 'view-tok')
    expect(loadRecent(storage)[0]).toMatchObject({ id: 'a', token: 'owner-tok', role: 'owner' })
  })

  it('a refused token of a workbook this browser does not own drops the workbook', () => {
    recordOpened(storage, { id: 'a', token: 'edit-tok', openedAt: 1 })
    rememberRole(storage, 'a', 'edit-tok', 'editor')
    forgetToken(storage, 'a', 'edit-tok')
    expect(loadRecent(storage)).toEqual([])
    forgetToken(storage, 'missing', 'x')
    expect(loadRecent(storage)).toEqual([])
  })

  it('stores entries under cellmate.recent as {id,title,token,openedAt}', () => {
    recordOpened(storage, { id: 'a', title: 'T', token: 'tok', openedAt: 5 })
    expect(JSON.parse(storage.data.get(RECENT_KEY) ?? '')).toEqual([
      { id: 'a', title: 'T', token: 'tok', openedAt: 5 },
    ])
  })

  it('survives a corrupt or foreign list instead of breaking the home page', () => {
    storage.setItem(RECENT_KEY, '{not json')
    expect(loadRecent(storage)).toEqual([])
    storage.setItem(RECENT_KEY, JSON.stringify([{ id: 'ok', openedAt: 1 }, { id: 3 }, null, 'x']))
    expect(loadRecent(storage)).toEqual([{ id: 'ok', title: 'Untitled workbook', openedAt: 1 }])
  })

  it('updates a title and forgets a workbook', () => {
    recordOpened(storage, { id: 'a', title: 'Old', openedAt: 1 })
    recordOpened(storage, { id: 'b', title: 'B', openedAt: 2 })
    updateRecentTitle(storage, 'a', 'New')
    expect(loadRecent(storage).find((e) => e.id === 'a')?.title).toBe('New')
    forgetRecent(storage, 'a')
    expect(loadRecent(storage).map((e) => e.id)).toEqual(['b'])
  })

  it(`keeps at most ${MAX_RECENT} entries, dropping the oldest`, () => {
    for (let i = 0; i < MAX_RECENT + 5; i++) recordOpened(storage, { id: `w${i}`, openedAt: i })
    const ids = loadRecent(storage).map((e) => e.id)
    expect(ids).toHaveLength(MAX_RECENT)
    expect(ids[0]).toBe(`w${MAX_RECENT + 4}`)
    expect(ids).not.toContain('w0')
  })
})
