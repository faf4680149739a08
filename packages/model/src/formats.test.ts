import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { ERROR_CODES } from '@cellmate/protocol'
import {
  FORMAT_ATTRS,
  MAX_FORMAT_CELLS,
  MAX_NUM_FMT_CODE_CHARS,
  maxFormatCells,
  setNumberFormat,
  clearFormats,
  formatKey,
  formatsMap,
  getFormat,
  isValidFormatValue,
  normalizeHexColor,
  parseFormatKey,
  replaceFormats,
  setFormat,
  type CellFormat,
} from './formats.js'
import { initSheet } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteCols, deleteRows, pruneOrphanCells } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import { copySheetContent } from './workbook.js'

function replicas(rows = 4, cols = 3): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc()
  initSheet(a, { rows, cols })
  const b = new Y.Doc()
  const sync = (): void => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  sync()
  return { a, b, sync }
}

function ids(doc: Y.Doc, row: number, col: number): { rowId: string; colId: string } {
  const l = new SheetLayout(doc)
  const out = { rowId: l.rowId(row)!, colId: l.colId(col)! }
  l.destroy()
  return out
}

const range = (r0: number, c0: number, r1: number, c1: number) => ({
  start: { row: r0, col: c0 },
  end: { row: r1, col: c1 },
})

describe('cell formats', () => {
  it('a bold cell reads back bold; other cells keep the default format', () => {
    const { a } = replicas()
    const c = ids(a, 1, 1)
    setFormat(a, [c], 'bold', true)
    expect(getFormat(a, c.rowId, c.colId)).toEqual({ bold: true })
    const other = ids(a, 0, 0)
    expect(getFormat(a, other.rowId, other.colId)).toEqual({})
  })

  it('a range formats every cell in it with one update and one undo step', () => {
    const { a } = replicas()
    const origin = {}
    const history = new UndoHistory(origin)
    history.track(a)
    let updates = 0
    a.on('update', () => updates++)
    setFormat(a, range(0, 0, 2, 1), 'fill', '#ffcc00', origin)
    expect(updates).toBe(1)
    expect(formatsMap(a).size).toBe(6)
    const inside = ids(a, 2, 1)
    const outside = ids(a, 3, 1)
    expect(getFormat(a, inside.rowId, inside.colId).fill).toBe('#ffcc00')
    expect(getFormat(a, outside.rowId, outside.colId).fill).toBeUndefined()
    history.undo()
    expect(formatsMap(a).size).toBe(0)
    history.redo()
    expect(formatsMap(a).size).toBe(6)
  })

  it('false and null remove the attribute instead of storing it', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    setFormat(a, [c], 'italic', true)
    setFormat(a, [c], 'italic', false)
    expect(formatsMap(a).size).toBe(0)
    setFormat(a, [c], 'color', '#112233')
    setFormat(a, [c], 'color', null)
    expect(formatsMap(a).size).toBe(0)
  })

  it('writing a format a cell already has creates no update', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    setFormat(a, [c], 'align', 'center')
    let updates = 0
    a.on('update', () => updates++)
    setFormat(a, [c], 'align', 'center')
    setFormat(a, [ids(a, 3, 2)], 'wrap', false)
    expect(updates).toBe(0)
  })

  it('refuses values an attribute cannot hold and changes nothing', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    const bad: [keyof CellFormat, unknown][] = [
      ['color', 'red'],
      ['color', '#12345'],
      ['fill', 'url(javascript:alert(1))'],
      ['align', 'justify'],
      ['numFmt', 'engineering'],
      ['numFmtCode', ''],
      ['numFmtCode', '0'.repeat(MAX_NUM_FMT_CODE_CHARS + 1)],
      ['numFmtCode', '0.00\u0007'],
      ['numFmtCode', 12],
      ['decimals', 11],
      ['decimals', 1.5],
      ['bold', 'yes'],
    ]
    for (const [attr, value] of bad) {
      expect(() => setFormat(a, [c], attr, value as never)).toThrow(
        expect.objectContaining({ code: ERROR_CODES.BAD_REQUEST }),
      )
    }
    expect(() => setFormat(a, [c], 'font' as never, true as never)).toThrow(/unknown format/)
    expect(formatsMap(a).size).toBe(0)
  })

  it('refuses to format more than MAX_FORMAT_CELLS cells in one edit', () => {
    const { a } = replicas(10, 3)
    const huge = range(0, 0, MAX_FORMAT_CELLS, 0)
    expect(() => setFormat(a, huge, 'bold', true)).toThrow(
      expect.objectContaining({ code: ERROR_CODES.LIMIT_EXCEEDED }),
    )
    expect(formatsMap(a).size).toBe(0)
  })

  it('a format on MAX_FORMAT_CELLS cells fits in one update under the protocol limit', () => {
    const { a } = replicas(MAX_FORMAT_CELLS / 2, 2)
    let bytes = 0
    a.on('update', (u: Uint8Array) => (bytes = u.byteLength))
    setFormat(a, range(0, 0, MAX_FORMAT_CELLS / 2 - 1, 1), 'numFmt', 'currency')
    expect(formatsMap(a).size).toBe(MAX_FORMAT_CELLS)
    expect(bytes).toBeLessThan(2 * 1024 * 1024)
  })

  it('a custom number format of the longest code fits in one update on as many cells as it may touch', () => {
    const code = `#,##0.00;[Red](#,##0.00);"zero";@${' '.repeat(60)}`.slice(
      0,
      MAX_NUM_FMT_CODE_CHARS,
    )
    const limit = maxFormatCells(code)
    expect(limit).toBeLessThan(MAX_FORMAT_CELLS)
    const { a } = replicas(limit + 1, 1)
    let bytes = 0
    a.on('update', (u: Uint8Array) => (bytes = u.byteLength))
    expect(() => setFormat(a, range(0, 0, limit, 0), 'numFmtCode', code)).toThrow(
      expect.objectContaining({ code: ERROR_CODES.LIMIT_EXCEEDED }),
    )
    setFormat(a, range(0, 0, limit - 1, 0), 'numFmtCode', code)
    expect(formatsMap(a).size).toBe(limit)
    expect(bytes).toBeLessThan(2 * 1024 * 1024)
    const c = ids(a, 0, 0)
    expect(getFormat(a, c.rowId, c.colId)).toEqual({ numFmtCode: code })
  })

  it('a custom number format is one undo step; concurrent custom and preset give one of them whole', () => {
    const { a, b, sync } = replicas()
    const c = ids(a, 0, 0)
    const mine = { user: 'a' }
    const history = new UndoHistory(mine)
    history.track(a)
    setNumberFormat(a, range(0, 0, 1, 1), 'custom', '#,##0;[Red]-#,##0', mine)
    expect(getFormat(a, c.rowId, c.colId)).toEqual({
      numFmt: 'custom',
      numFmtCode: '#,##0;[Red]-#,##0',
    })
    history.undo()
    expect(getFormat(a, c.rowId, c.colId)).toEqual({})
    expect(() => setNumberFormat(a, range(0, 0, 0, 0), 'custom', '')).toThrow(/needs a code/)

    setNumberFormat(a, range(0, 0, 0, 0), 'custom', 'dd mmm yyyy')
    setNumberFormat(b, range(0, 0, 0, 0), 'percent')
    sync()
    const merged = getFormat(a, c.rowId, c.colId)
    expect(merged).toEqual(getFormat(b, c.rowId, c.colId))
    expect(['custom', 'percent']).toContain(merged.numFmt)
    expect(merged.numFmtCode).toBe('dd mmm yyyy')
    setNumberFormat(a, range(0, 0, 0, 0), 'general')
    expect(getFormat(a, c.rowId, c.colId).numFmt).toBeUndefined()
  })

  it('clearFormats removes every attribute in the range only', () => {
    const { a } = replicas()
    setFormat(a, range(0, 0, 3, 2), 'bold', true)
    setFormat(a, range(0, 0, 3, 2), 'numFmt', 'percent')
    clearFormats(a, range(1, 1, 2, 2))
    expect(formatsMap(a).size).toBe(2 * (12 - 4))
    const cleared = ids(a, 2, 2)
    expect(getFormat(a, cleared.rowId, cleared.colId)).toEqual({})
  })

  it('ignores stored values that fail validation (a foreign client wrote them)', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    formatsMap(a).set(formatKey(c.rowId, c.colId, 'color'), 'expression(alert(1))')
    formatsMap(a).set(formatKey(c.rowId, c.colId, 'bold'), true)
    expect(getFormat(a, c.rowId, c.colId)).toEqual({ bold: true })
  })

  it('validates and normalises colours and keys', () => {
    expect(normalizeHexColor('#ABC')).toBe('#aabbcc')
    expect(normalizeHexColor(' #A0B1C2 ')).toBe('#a0b1c2')
    expect(normalizeHexColor('blue')).toBeNull()
    expect(isValidFormatValue('fill', '#A0B1C2')).toBe(false)
    expect(parseFormatKey('r.1:c.2:bold')).toEqual({ rowId: 'r.1', colId: 'c.2', attr: 'bold' })
    expect(parseFormatKey('r.1:c.2:font')).toBeNull()
    expect(parseFormatKey('r.1:c.2')).toBeNull()
    expect(parseFormatKey('r.1:c.2:bold:x')).toBeNull()
    expect(FORMAT_ATTRS).toContain('numFmt')
  })
})

describe('formats and structure', () => {
  it('deleting a row or column deletes the formats on it', () => {
    const { a } = replicas(3, 3)
    setFormat(a, range(0, 0, 2, 2), 'bold', true)
    deleteRows(a, 1, 1)
    expect(formatsMap(a).size).toBe(6)
    deleteCols(a, 0, 1)
    expect(formatsMap(a).size).toBe(4)
  })

  it('a format set on a row another user deleted concurrently is pruned on compaction', () => {
    const { a, b, sync } = replicas(3, 2)
    const c = ids(b, 1, 0)
    setFormat(b, [c], 'fill', '#00ff00')
    deleteRows(a, 1, 1)
    sync()
    expect(formatsMap(a).size).toBe(1)
    expect(pruneOrphanCells(a)).toBe(1)
    sync()
    expect(formatsMap(b).size).toBe(0)
  })

  it('a duplicated sheet keeps its formats', () => {
    const { a } = replicas(2, 2)
    setFormat(a, range(0, 0, 1, 1), 'italic', true)
    const copy = new Y.Doc()
    copySheetContent(a, copy)
    const c = ids(copy, 1, 1)
    expect(getFormat(copy, c.rowId, c.colId)).toEqual({ italic: true })
  })
})

describe('concurrent formatting', () => {
  it('bold by one user and a colour by another on the same cell both survive', () => {
    const { a, b, sync } = replicas()
    const c = ids(a, 0, 0)
    setFormat(a, [c], 'bold', true)
    setFormat(b, [c], 'color', '#ff0000')
    sync()
    expect(getFormat(a, c.rowId, c.colId)).toEqual({ bold: true, color: '#ff0000' })
    expect(getFormat(b, c.rowId, c.colId)).toEqual({ bold: true, color: '#ff0000' })
  })

  it('the same attribute set concurrently converges to one winner on every replica', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: 2 }),
            cell: fc.integer({ min: 0, max: 3 }),
            attr: fc.constantFrom('fill' as const, 'color' as const),
            value: fc.option(fc.constantFrom('#ff0000', '#00ff00', '#0000ff'), { nil: null }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 10 }),
        (edits, syncPoints) => {
          const base = new Y.Doc()
          initSheet(base, { rows: 2, cols: 2 })
          const docs = [0, 1, 2].map(() => {
            const d = new Y.Doc()
            Y.applyUpdate(d, Y.encodeStateAsUpdate(base))
            return d
          })
          const exchange = (i: number, j: number): void => {
            Y.applyUpdate(docs[j]!, Y.encodeStateAsUpdate(docs[i]!, Y.encodeStateVector(docs[j]!)))
          }
          edits.forEach((e, k) => {
            const doc = docs[e.who]!
            setFormat(doc, [ids(doc, e.cell >> 1, e.cell & 1)], e.attr, e.value)
            const s = syncPoints[k]
            if (s !== undefined && s !== e.who) exchange(e.who, s)
          })
          for (const i of [0, 1, 2]) for (const j of [0, 1, 2]) if (i !== j) exchange(i, j)
          const seen = docs.map((d) => JSON.stringify([...formatsMap(d).entries()].sort()))
          expect(seen[1]).toBe(seen[0])
          expect(seen[2]).toBe(seen[0])
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('replaceFormats (paste)', () => {
  it('gives each cell exactly the pasted format, removing what it had, as one undo step', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    const d = ids(a, 1, 0)
    setFormat(a, [c], 'italic', true)
    setFormat(a, [c], 'fill', '#ff0000')
    setFormat(a, [d], 'bold', true)
    const origin = {}
    const history = new UndoHistory(origin)
    history.track(a)

    replaceFormats(
      a,
      [
        { ...c, format: { bold: true, numFmt: 'currency', decimals: 2 } },
        { ...d, format: {} },
      ],
      origin,
    )

    expect(getFormat(a, c.rowId, c.colId)).toEqual({ bold: true, numFmt: 'currency', decimals: 2 })
    expect(getFormat(a, d.rowId, d.colId)).toEqual({})
    history.undo()
    expect(getFormat(a, c.rowId, c.colId)).toEqual({ italic: true, fill: '#ff0000' })
    expect(getFormat(a, d.rowId, d.colId)).toEqual({ bold: true })
  })

  it('refuses a value an attribute cannot hold', () => {
    const { a } = replicas()
    const c = ids(a, 0, 0)
    const bad = { color: 'red' } as CellFormat
    expect(() => replaceFormats(a, [{ ...c, format: bad }])).toThrow(
      expect.objectContaining({ code: ERROR_CODES.BAD_REQUEST }),
    )
    expect(getFormat(a, c.rowId, c.colId)).toEqual({})
  })
})
