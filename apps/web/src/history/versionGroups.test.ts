import { describe, expect, it } from 'vitest'
import type { Version } from '@cellmate/client'
import { groupVersionsByDay, versionPeople, versionSummary, versionTitle } from './versionGroups'

function version(id: string, createdAt: Date, extra: Partial<Version> = {}): Version {
  return {
    id,
    createdAt: createdAt.getTime(),
    kind: 'auto',
    label: null,
    participants: [],
    summary: [],
    sheetIds: [],
    restoring: null,
    ...extra,
  }
}

describe('version list', () => {
  it('groups versions by day, newest first, with Today and Yesterday', () => {
    const now = new Date(2026, 11, 2, 15, 0)
    const groups = groupVersionsByDay(
      [
        version('a', new Date(2026, 10, 20, 9, 0)),
        version('b', new Date(2026, 11, 2, 9, 0)),
        version('c', new Date(2026, 11, 1, 18, 0)),
        version('d', new Date(2026, 11, 2, 14, 0)),
      ],
      now,
    )
    expect(
      groups.map((g) => [
        ['Today', 'Yesterday'].includes(g.heading) ? g.heading : 'date',
        g.versions.map((v) => v.id),
      ]),
    ).toEqual([
      ['Today', ['d', 'b']],
      ['Yesterday', ['c']],
      ['date', ['a']],
    ])
  })

  it('says who took part and what changed', () => {
    const v = version('v', new Date(), {
      kind: 'named',
      label: 'Before Q3 close',
      participants: [
        { name: 'Ana', linkId: 'l1' },
        { name: null, linkId: 'l2' },
        { name: null, linkId: null },
        { name: 'Ben', linkId: 'l3' },
      ],
      summary: [
        { sheetId: 's1', name: 'Sheet1', cellsChanged: 3 },
        { sheetId: 's2', name: 'Data', cellsChanged: 1 },
        { sheetId: 's3', name: 'Empty', cellsChanged: 0 },
      ],
    })
    expect(versionTitle(v)).toBe('Before Q3 close')
    expect(versionTitle({ ...v, label: null, kind: 'auto' })).toBe('Automatic version')
    expect(versionPeople(v)).toBe('Ana, Someone with a link and 2 others')
    expect(versionPeople({ ...v, participants: [{ name: 'Ana', linkId: null }] })).toBe('Ana')
    expect(versionSummary(v)).toBe('Sheet1: 3 cells · Data: 1 cell')
  })
})
