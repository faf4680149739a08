import { describe, expect, it } from 'vitest'
import type { CellEdit, Version } from '@cellmate/client'
import {
  editValue,
  groupVersionsByDay,
  versionPeople,
  versionSummary,
  versionTitle,
} from './versionGroups'

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

describe('cell history', () => {
  const edit = (value: string | null): CellEdit => ({
    value,
    at: 0,
    name: 'Ana',
    linkId: null,
    source: 'socket',
  })

  it("shows each value as the grid shows it in the cell's number format", () => {
    expect(editValue(edit('46000'), { numFmt: 'date' })).toBe('2025-12-09')
    expect(editValue(edit('1234.5'), { numFmt: 'currency' })).toBe('$1,234.50')
    expect(editValue(edit('0.25'), { numFmt: 'percent', decimals: 0 })).toBe('25%')
    // Without a number format, a typed value reads as typed (less its text marker).
    expect(editValue(edit('2025-12-10'))).toBe('2025-12-10')
    expect(editValue(edit("'007"))).toBe('007')
    // Text and formulas are as typed; a formula's value then is not known.
    expect(editValue(edit('Total'), { numFmt: 'currency' })).toBe('Total')
    expect(editValue(edit('=A1*2'), { numFmt: 'currency' })).toBe('=A1*2')
    expect(editValue(edit(null), { numFmt: 'date' })).toBe('Cleared')
  })
})
