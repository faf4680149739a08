import { beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SheetLayout, initSheet, insertRows, deleteRows } from '@cellmate/model'
import { peerRange, selectionIds } from './presenceGeometry'
import { distinctUsers, parsePeer, peersOf } from './presenceState'
import {
  IDENTITY_KEY,
  MAX_NAME_LENGTH,
  PRESENCE_COLORS,
  cleanName,
  colorForUser,
  initials,
  loadIdentity,
} from './userIdentity'

describe('user identity', () => {
  beforeEach(() => localStorage.clear())

  it('a first visit gets a stable id and a "Guest 1234" name, and is asked for a name', () => {
    const first = loadIdentity(localStorage)
    expect(first.name).toMatch(/^Guest \d{4}$/)
    expect(first.named).toBe(false)
    expect(loadIdentity(localStorage)).toEqual(first)
  })

  it('a corrupt stored identity is replaced, not trusted', () => {
    localStorage.setItem(IDENTITY_KEY, '{"id":"<script>","name":"x"}')
    expect(loadIdentity(localStorage).id).toMatch(/^[0-9a-f]{18}$/)
    localStorage.setItem(IDENTITY_KEY, 'not json')
    expect(loadIdentity(localStorage).name).toMatch(/^Guest/)
  })

  it('colours are stable per user and from the palette', () => {
    expect(colorForUser('abc123')).toBe(colorForUser('abc123'))
    expect(PRESENCE_COLORS).toContain(colorForUser('someone-else'))
    const spread = new Set(Array.from({ length: 40 }, (_, i) => colorForUser(`user${i}`)))
    expect(spread.size).toBeGreaterThan(6)
  })

  it('initials and names', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('Guest 1234')).toBe('G1')
    expect(initials('  zoë ')).toBe('Z')
    expect(cleanName('  Ada   Lovelace ')).toBe('Ada Lovelace')
    expect(cleanName('   ')).toBeNull()
    expect(cleanName('x'.repeat(100))).toHaveLength(MAX_NAME_LENGTH)
  })
})

describe('presence states from other tabs', () => {
  const sel = {
    active: { rowId: 'r.1', colId: 'c.1' },
    anchor: { rowId: 'r.1', colId: 'c.1' },
    extent: { rowId: 'r.2', colId: 'c.2' },
    span: 'cell',
  }

  it('reads a well-formed peer and derives its colour from its id', () => {
    const peer = parsePeer(7, { user: { id: 'u1', name: ' Bob ', color: 'red' }, selection: sel })
    expect(peer).toEqual({
      clientId: 7,
      user: { id: 'u1', name: 'Bob', color: colorForUser('u1') },
      selection: sel,
    })
  })

  it('ignores states that are not Cellmate presence, and bad selections', () => {
    expect(parsePeer(1, {})).toBeNull()
    expect(parsePeer(1, null)).toBeNull()
    expect(parsePeer(1, { user: { id: 'a b', name: 'x' } })).toBeNull()
    expect(parsePeer(1, { user: { id: 'u', name: '   ' } })).toBeNull()
    const noSel = parsePeer(1, { user: { id: 'u', name: 'x' }, selection: { active: 1 } })
    expect(noSel?.selection).toBeNull()
  })

  it('lists others only, once per person', () => {
    const states = new Map<number, unknown>([
      [3, { user: { id: 'me', name: 'Me' } }],
      [5, { user: { id: 'bob', name: 'Bob' } }],
      [4, { user: { id: 'bob', name: 'Bob' } }],
      [9, { user: { id: 'cy', name: 'Cy' } }],
      [10, {}],
    ])
    const peers = peersOf(states, 3)
    expect(peers.map((p) => p.clientId)).toEqual([4, 5, 9])
    expect(distinctUsers(peers, 'me').map((u) => u.name)).toEqual(['Bob', 'Cy'])
    expect(distinctUsers(peersOf(states, 4), 'me').map((u) => u.name)).toEqual(['Bob', 'Cy'])
  })
})

describe('selections by id', () => {
  function sheet(): { doc: Y.Doc; layout: SheetLayout } {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 10, cols: 5 })
    return { doc, layout: new SheetLayout(doc) }
  }

  it("a peer's selection stays on its cells when rows are inserted above it", () => {
    const { doc, layout } = sheet()
    const published = selectionIds(layout, {
      row: 4,
      col: 1,
      anchor: { row: 4, col: 1 },
      extent: { row: 6, col: 2 },
      span: 'cell',
    }).selection!
    insertRows(doc, 0, 3)
    expect(peerRange(layout, published)).toEqual({
      range: { start: { row: 7, col: 1 }, end: { row: 9, col: 2 } },
      active: { row: 7, col: 1 },
      single: false,
    })
  })

  it('a selection on a deleted row is not drawn; whole rows and columns span the sheet', () => {
    const { doc, layout } = sheet()
    const rowSel = selectionIds(layout, {
      row: 2,
      col: 0,
      anchor: { row: 2, col: 0 },
      extent: { row: 2, col: 0 },
      span: 'row',
    }).selection!
    expect(peerRange(layout, rowSel)?.range).toEqual({
      start: { row: 2, col: 0 },
      end: { row: 2, col: 4 },
    })
    const colSel = { ...rowSel, span: 'col' as const }
    expect(peerRange(layout, colSel)?.range.end).toEqual({ row: 9, col: 0 })
    deleteRows(doc, 2, 1)
    expect(peerRange(layout, rowSel)).toBeNull()
  })

  it('says when an editor is open on the active cell, and a peer reads it back', () => {
    const { layout } = sheet()
    const p = { row: 1, col: 1 }
    const published = selectionIds(layout, {
      ...p,
      anchor: p,
      extent: p,
      span: 'cell',
      editing: true,
    }).selection!
    expect(published.editing).toBe(true)
    const peer = parsePeer(7, { user: { id: 'u1', name: 'Bob' }, selection: published })
    expect(peer?.selection?.editing).toBe(true)
    const idle = parsePeer(7, {
      user: { id: 'u1', name: 'Bob' },
      selection: { ...published, editing: 'yes' },
    })
    expect(idle?.selection?.editing).toBeUndefined()
  })

  it('publishes nothing for a selection past the end of the sheet', () => {
    const { layout } = sheet()
    const p = { row: 50, col: 0 }
    expect(selectionIds(layout, { ...p, anchor: p, extent: p, span: 'cell' })).toEqual({})
  })
})
