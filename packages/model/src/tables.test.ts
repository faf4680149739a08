import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import { repairSheet } from './documentRepair.js'
import { mergeCells } from './mergeCommands.js'
import { initSheet } from './sheet.js'
import { deleteAxis, insertAxis, moveAxis, type Axis } from './structure.js'
import {
  addTable,
  deleteTable,
  isValidTableEntry,
  readTables,
  tableAt,
  tableNameProblem,
  tablesMap,
  uniqueColumnNames,
  updateTable,
} from './tables.js'
import { UndoHistory } from './undoHistory.js'
import { copySheetContent } from './workbook.js'

const r = (a1: string) => parseRange(a1)!

function sheet(rows = 10, cols = 6): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  return doc
}

const shape = (doc: Y.Doc) =>
  readTables(doc).map((t) => ({ name: t.name, ref: formatRange(t.range), columns: t.columns }))

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('tables', () => {
  it('adds a table with Excel defaults, reads it back and deletes it; undo takes it back', () => {
    const doc = sheet()
    const history = new UndoHistory({})
    history.track(doc)
    const t = addTable(
      doc,
      { name: 'Sales', range: r('B2:D6'), columns: ['Region', 'Amount', ''] },
      history.origin,
    )
    expect(readTables(doc)).toEqual([
      {
        id: t.id,
        name: 'Sales',
        range: r('B2:D6'),
        columns: ['Region', 'Amount', 'Column3'],
        headerRow: true,
        totalsRow: false,
        style: 'TableStyleMedium2',
        bandedRows: true,
        bandedCols: false,
        firstColumn: false,
        lastColumn: false,
      },
    ])
    expect(tableAt(readTables(doc), 3, 2)?.name).toBe('Sales')
    expect(tableAt(readTables(doc), 3, 4)).toBeNull()
    expect(deleteTable(doc, t.id)).toBe(true)
    expect(readTables(doc)).toEqual([])
    history.undo()
    expect(readTables(doc)).toEqual([])
    expect(deleteTable(doc, t.id)).toBe(false)
  })

  it("refuses names against Excel's rules and names the workbook already uses", () => {
    expect(tableNameProblem('Sales')).toBeNull()
    expect(tableNameProblem('A1')).toMatch(/cell reference/)
    expect(tableNameProblem('my table')).toMatch(/spaces/)
    expect(tableNameProblem('R')).toMatch(/R1C1/)
    expect(tableNameProblem('sales', ['Costs', 'SALES'])).toMatch(/already/)
    const doc = sheet()
    addTable(doc, { name: 'Sales', range: r('A1:B3') })
    expect(() => addTable(doc, { name: 'SALES', range: r('D1:E3') })).toThrow(/already/)
    expect(() => addTable(doc, { name: 'Rate', range: r('D1:E3') }, undefined, ['rate'])).toThrow(
      /already/,
    )
  })

  it('refuses an overlap with another table, merged cells, too few rows and a bad style', () => {
    const doc = sheet()
    addTable(doc, { name: 'Left', range: r('A1:B3') })
    expect(() => addTable(doc, { name: 'Right', range: r('B3:C5') })).toThrow(
      /overlaps the table Left/,
    )
    mergeCells(doc, r('E1:F1'))
    expect(() => addTable(doc, { name: 'Merged', range: r('D1:F4') })).toThrow(/merged/)
    expect(() => addTable(doc, { name: 'Short', range: r('D6:D6') })).toThrow(/at least 2 rows/)
    expect(() => addTable(doc, { name: 'Shorter', range: r('D6:D7'), totalsRow: true })).toThrow(
      /at least 3 rows/,
    )
    expect(() => addTable(doc, { name: 'Styled', range: r('D6:D8'), style: '<x>' })).toThrow(
      /style/,
    )
    expect(
      addTable(doc, { name: 'Headless', range: r('D6:D6'), headerRow: false }).columns,
    ).toEqual(['Column1'])
  })

  it('names columns as Excel does: blanks become ColumnN, repeats get a number', () => {
    expect(uniqueColumnNames(['A', '', 'a', undefined, 'A2'], 5)).toEqual([
      'A',
      'Column2',
      'a2',
      'Column4',
      'A22',
    ])
  })

  it('a table follows inserts and deletes: grows inside, moves before, names follow columns', () => {
    const doc = sheet()
    addTable(doc, { name: 'T', range: r('B2:D5'), columns: ['X', 'Y', 'Z'] })
    insertAxis(doc, 'rows', 0, 2) // above: moves down
    insertAxis(doc, 'rows', 5, 1) // inside: grows
    expect(shape(doc)).toEqual([{ name: 'T', ref: 'B4:D8', columns: ['X', 'Y', 'Z'] }])
    insertAxis(doc, 'cols', 2, 1) // inside, before Y: a new unnamed column
    expect(shape(doc)[0]).toMatchObject({ ref: 'B4:E8', columns: ['X', 'Column2', 'Y', 'Z'] })
    moveAxis(doc, 'cols', 3, 1, 2) // Y moved before the new column
    expect(shape(doc)[0]).toMatchObject({ ref: 'B4:E8', columns: ['X', 'Y', 'Column3', 'Z'] })
    deleteAxis(doc, 'cols', 1, 1) // the first column goes: the table shrinks
    deleteAxis(doc, 'rows', 3, 1) // so does the header row
    expect(shape(doc)).toEqual([{ name: 'T', ref: 'B4:D7', columns: ['Y', 'Column2', 'Z'] }])
    deleteAxis(doc, 'cols', 1, 3) // every column: the table is gone
    expect(readTables(doc)).toEqual([])
    expect(tablesMap(doc).size).toBe(0)
  })

  it('updates name, options and column names in one step', () => {
    const doc = sheet()
    const t = addTable(doc, { name: 'T', range: r('A1:C4'), columns: ['a', 'b', 'c'] })
    addTable(doc, { name: 'Other', range: r('E1:E4') })
    expect(() => updateTable(doc, t.id, { name: 'other' })).toThrow(/already/)
    expect(() => updateTable(doc, 'nope', { name: 'x' })).toThrow(/no table/)
    const next = updateTable(doc, t.id, {
      name: 'Sales',
      totalsRow: true,
      style: 'TableStyleLight9',
      columns: [undefined, 'Amount'],
    })
    expect(next).toMatchObject({ name: 'Sales', totalsRow: true, style: 'TableStyleLight9' })
    // Tables made in the same millisecond read in the order of their random id part.
    expect(readTables(doc).find((x) => x.id === t.id)).toMatchObject({
      name: 'Sales',
      columns: ['a', 'Amount', 'c'],
    })
    expect(updateTable(doc, t.id, { name: 'SALES' }).name).toBe('SALES')
  })

  it('resizes a table: columns keep their names, a new one is ColumnN, overlaps are refused', () => {
    const doc = sheet()
    const t = addTable(doc, { name: 'T', range: r('A1:B4'), columns: ['a', 'b'] })
    addTable(doc, { name: 'Other', range: r('E1:E4') })
    const grown = updateTable(doc, t.id, { range: r('A1:C6') })
    expect(grown).toMatchObject({ range: r('A1:C6'), columns: ['a', 'b', 'Column3'] })
    expect(shape(doc).find((x) => x.name === 'T')).toEqual({
      name: 'T',
      ref: 'A1:C6',
      columns: ['a', 'b', 'Column3'],
    })
    expect(() => updateTable(doc, t.id, { range: r('A1:E6') })).toThrow(/overlaps/)
    expect(updateTable(doc, t.id, { range: r('B1:C3') }).columns).toEqual(['b', 'Column3'])
  })

  it('two people making overlapping tables at once: both see the same one', () => {
    const a = sheet()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    addTable(a, { name: 'Left', range: r('A1:C4') }, undefined, [], '0001')
    addTable(b, { name: 'Right', range: r('B2:D6') }, undefined, [], '0002')
    addTable(b, { name: 'Left', range: r('A8:B9') }, undefined, [], '0003')
    sync(a, b)
    expect(shape(a)).toEqual(shape(b))
    expect(readTables(a).map((t) => [t.name, t.duplicate ?? false])).toEqual([
      ['Left', false],
      ['Left', true],
    ])
  })

  it('a sheet copy keeps tables, renamed when asked; repair drops malformed entries', () => {
    const doc = sheet()
    addTable(doc, { name: 'T', range: r('A1:B3'), columns: ['x', 'y'] })
    const copy = new Y.Doc()
    copySheetContent(doc, copy, undefined, (name) => `${name}_2`)
    expect(shape(copy)).toEqual([{ name: 'T_2', ref: 'A1:B3', columns: ['x', 'y'] }])
    const same = new Y.Doc()
    copySheetContent(doc, same)
    expect(shape(same)).toEqual(shape(doc))
    tablesMap(doc).set('bad', '{"name":"A1"}')
    tablesMap(doc).set('worse', 7)
    expect(isValidTableEntry('bad', '{"name":"A1"}')).toBe(false)
    expect(repairSheet(doc).byRoot['tables']).toBe(2)
    expect(shape(doc)).toEqual([{ name: 'T', ref: 'A1:B3', columns: ['x', 'y'] }])
  })
})

const step = fc.record({
  replica: fc.nat(2),
  kind: fc.constantFrom('table', 'update', 'insert', 'delete', 'move', 'undo', 'deliver'),
  axis: fc.constantFrom<Axis>('rows', 'cols'),
  a: fc.nat(8),
  b: fc.nat(8),
  h: fc.nat(3),
  w: fc.nat(3),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function runHistory(steps: Step[]): void {
  const seed = sheet(8, 6)
  const docs = [0, 1, 2].map(() => {
    const d = new Y.Doc()
    Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
    return d
  })
  const inboxes: Uint8Array[][] = docs.map(() => [])
  docs.forEach((doc, i) =>
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'net') inboxes.forEach((box, j) => j !== i && box.push(u))
    }),
  )
  const users = docs.map((doc) => {
    const history = new UndoHistory({})
    history.track(doc)
    return { doc, history }
  })
  steps.forEach((s, n) => {
    const { doc, history } = users[s.replica]!
    try {
      switch (s.kind) {
        case 'table':
          addTable(
            doc,
            {
              name: `Table${n}`,
              range: {
                start: { row: s.a, col: s.b % 6 },
                end: { row: s.a + 1 + s.h, col: (s.b % 6) + s.w },
              },
            },
            history.origin,
          )
          break
        case 'update': {
          const t = readTables(doc)[s.a % 3]
          if (t)
            updateTable(doc, t.id, { columns: [`c${n}`], totalsRow: s.h === 3 }, history.origin)
          break
        }
        case 'insert':
          insertAxis(doc, s.axis, s.a % 6, 1 + (s.h % 2), history.origin)
          break
        case 'delete':
          deleteAxis(doc, s.axis, s.a % 5, 1, history.origin)
          break
        case 'move':
          moveAxis(doc, s.axis, s.a % 5, 1, s.b % 5, history.origin)
          break
        case 'undo':
          history.undo()
          break
        case 'deliver': {
          const box = inboxes[s.replica]!.splice(0, 1 + (s.b % 4))
          for (const u of box.reverse()) Y.applyUpdate(doc, u, 'net')
          break
        }
      }
    } catch {
      // A refused edit (overlap, too few rows, the last row) changes nothing.
    }
  })
  for (let round = 0; inboxes.some((b) => b.length > 0); round++) {
    inboxes.forEach((box, i) => box.splice(0).forEach((u) => Y.applyUpdate(docs[i]!, u, 'net')))
    if (round > 50) throw new Error('did not settle')
  }
  const first = readTables(docs[0]!)
  for (const doc of docs.slice(1)) expect(readTables(doc)).toEqual(first)
  for (const t of first) {
    // One unique name per column, and tables in effect never overlap.
    expect(t.columns).toHaveLength(t.range.end.col - t.range.start.col + 1)
    expect(new Set(t.columns.map((c) => c.toLowerCase())).size).toBe(t.columns.length)
    for (const u of first) {
      if (u === t) continue
      const apart =
        u.range.end.row < t.range.start.row ||
        t.range.end.row < u.range.start.row ||
        u.range.end.col < t.range.start.col ||
        t.range.end.col < u.range.start.col
      expect(apart).toBe(true)
    }
  }
}

describe('tables: property', () => {
  it('random tables, inserts, deletes, moves and undos on 3 replicas converge, one name per column, no overlap', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), runHistory), {
      numRuns: Number(process.env.FC_RUNS ?? 200),
    })
  })
})
