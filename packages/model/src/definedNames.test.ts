import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addName,
  deleteName,
  findName,
  listNames,
  nameProblem,
  namedEntryProblem,
  namesMap,
  updateName,
} from './definedNames.js'
import { addSheet, deleteSheet, initWorkbook } from './workbook.js'
import { UndoHistory } from './undoHistory.js'

function workbook(): Y.Doc {
  const wb = new Y.Doc()
  initWorkbook(wb, 'Book', 's1')
  addSheet(wb, { id: 's2', name: 'Costs' })
  return wb
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('name syntax', () => {
  it('accepts what Excel accepts and refuses cell-like, R1C1-like, spaced or digit-led names', () => {
    for (const ok of [
      'Sales',
      'Tax_Rate',
      '_x',
      '\\path',
      'Q1.Total',
      'ABCD1',
      'Ventes_été',
      'XFE1',
    ]) {
      expect(nameProblem(ok), ok).toBeNull()
    }
    for (const bad of ['', 'A1', 'tax2024', 'XFD1048576', 'R', 'c', 'R1C1', 'RC2', 'R2C']) {
      expect(nameProblem(bad), bad).not.toBeNull()
    }
    expect(nameProblem('1st')).toMatch(/digit/)
    expect(nameProblem('my name')).toMatch(/spaces/)
    expect(nameProblem('a-b')).toMatch(/letters/)
    expect(nameProblem('TRUE')).toMatch(/logical/)
    expect(nameProblem('x'.repeat(256))).toMatch(/255/)
  })
})

describe('defined names', () => {
  it('are listed sorted, found case-insensitively with the sheet scope first', () => {
    const wb = workbook()
    const global = addName(wb, { name: 'Rate', formula: '=0.2' })
    const local = addName(wb, { name: 'rate', formula: '=0.5', scope: 's2' })
    addName(wb, { name: 'Alpha', formula: '=1' })
    const names = listNames(wb)
    expect(names.map((n) => n.name)).toEqual(['Alpha', 'Rate', 'rate'])
    expect(findName(names, 'RATE', 's1')?.id).toBe(global.id)
    expect(findName(names, 'RATE', 's2')?.id).toBe(local.id)
    expect(findName(names, 'nope', 's1')).toBeUndefined()
  })

  it('refuse a taken name in the same scope, an invalid one, a blank formula or an unknown sheet', () => {
    const wb = workbook()
    addName(wb, { name: 'Sales', formula: '=1' })
    expect(() => addName(wb, { name: 'SALES', formula: '=2' })).toThrow(/already/)
    expect(() => addName(wb, { name: 'A1', formula: '=2' })).toThrow(/cell reference/)
    expect(() => addName(wb, { name: 'Other', formula: '' })).toThrow(/refers to/)
    expect(() => addName(wb, { name: 'Other', formula: '=1', scope: 'gone' })).toThrow(/no sheet/)
    expect(addName(wb, { name: 'Sales', formula: '=2', scope: 's1' }).scope).toBe('s1')
  })

  it('are renamed, repointed and deleted; a sheet name goes with its sheet', () => {
    const wb = workbook()
    const n = addName(wb, { name: 'Sales', formula: '=1', scope: 's2', comment: 'old' })
    expect(updateName(wb, n.id, { name: 'Revenue', formula: '=2', comment: '' })).toEqual({
      id: n.id,
      name: 'Revenue',
      formula: '=2',
      scope: 's2',
    })
    expect(() => updateName(wb, 'nope', { name: 'X' })).toThrow(/no name/)
    deleteSheet(wb, 's2')
    expect(listNames(wb)).toEqual([])
    const g = addName(wb, { name: 'Keep', formula: '=1' })
    expect(deleteName(wb, g.id)).toBe(true)
    expect(deleteName(wb, g.id)).toBe(false)
    expect(listNames(wb)).toEqual([])
  })

  it('keep a rename and a new range made at once by two people', () => {
    const a = workbook()
    const b = new Y.Doc()
    sync(a, b)
    const n = addName(a, { name: 'Sales', formula: '=1' })
    sync(a, b)
    updateName(a, n.id, { name: 'Revenue' })
    updateName(b, n.id, { formula: '=2' })
    sync(a, b)
    for (const doc of [a, b]) {
      expect(listNames(doc)).toEqual([{ id: n.id, name: 'Revenue', formula: '=2', scope: null }])
    }
  })

  it('created twice at once converge: the smaller id is used, the other is marked duplicate', () => {
    const a = workbook()
    const b = new Y.Doc()
    sync(a, b)
    addName(a, { name: 'Sales', formula: '=1' }, undefined, 'n1')
    addName(b, { name: 'sales', formula: '=2' }, undefined, 'n2')
    sync(a, b)
    for (const doc of [a, b]) {
      const names = listNames(doc)
      expect(names.map((n) => [n.id, n.duplicate ?? false])).toEqual([
        ['n1', false],
        ['n2', true],
      ])
      expect(findName(names, 'SALES', 's1')?.id).toBe('n1')
    }
  })

  it("are undone per user: B's undo takes back B's rename only", () => {
    const a = workbook()
    const b = new Y.Doc()
    sync(a, b)
    const mineA = {}
    const mineB = {}
    const undoB = new UndoHistory(mineB)
    undoB.track(b)
    const n = addName(a, { name: 'Sales', formula: '=1' }, mineA)
    sync(a, b)
    updateName(b, n.id, { name: 'Revenue' }, mineB)
    sync(a, b)
    updateName(a, n.id, { formula: '=5' }, mineA)
    sync(a, b)
    undoB.undo()
    sync(a, b)
    expect(listNames(a)).toEqual([{ id: n.id, name: 'Sales', formula: '=5', scope: null }])
    deleteName(b, n.id, mineB)
    undoB.undo()
    sync(a, b)
    expect(listNames(a).map((x) => x.name)).toEqual(['Sales'])
  })

  it('well-formed entries pass the entry check; others are refused with a reason', () => {
    const wb = workbook()
    const n = addName(wb, { name: 'Sales', formula: '=1' })
    expect(namedEntryProblem(n.id, namesMap(wb).get(n.id))).toBeNull()
    expect(namedEntryProblem('bad id!', namesMap(wb).get(n.id))).toMatch(/not a name id/)
    expect(namedEntryProblem('x', 'text')).toMatch(/map/)
    wb.transact(() => {
      const m = new Y.Map<unknown>()
      m.set('name', 'Ok')
      m.set('formula', '=1')
      m.set('colour', 'red')
      namesMap(wb).set('x', m)
    })
    expect(namedEntryProblem('x', namesMap(wb).get('x'))).toMatch(/not a field/)
    expect(listNames(wb).map((x) => x.name)).toEqual(['Sales'])
  })
})
