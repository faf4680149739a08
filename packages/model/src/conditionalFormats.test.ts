import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import {
  addConditionalFormat,
  conditionalFormatsMap,
  deleteConditionalFormat,
  isValidConditionalFormatEntry,
  moveConditionalFormat,
  readConditionalFormats,
  updateConditionalFormat,
  type ConditionalSpec,
} from './conditionalFormats.js'
import { repairSheet } from './documentRepair.js'
import { initSheet } from './sheet.js'
import { deleteAxis, insertAxis } from './structure.js'
import { UndoHistory } from './undoHistory.js'

const r = (a1: string) => parseRange(a1)!
const red: ConditionalSpec = { kind: 'cellValue', op: 'gt', value: 10, style: { fill: '#ff0000' } }
const scale: ConditionalSpec = { kind: 'colorScale', colors: ['#ffffff', '#00ff00'] }

function sheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  return doc
}

const summary = (doc: Y.Doc) =>
  readConditionalFormats(doc).map((c) => `${c.kind}@${formatRange(c.range)}`)

describe('conditional format rules', () => {
  it('adds rules in priority order, edits, moves and deletes them; undo is per user', () => {
    const doc = sheet()
    const ana = new UndoHistory({})
    const ben = new UndoHistory({})
    ana.track(doc)
    ben.track(doc)
    const a = addConditionalFormat(doc, r('A1:A9'), red, { origin: ana.origin })
    const b = addConditionalFormat(doc, r('B1:B9'), scale, { origin: ben.origin })
    const c = addConditionalFormat(doc, r('C1'), red, { origin: ben.origin, first: true })
    expect(readConditionalFormats(doc).map((x) => x.id)).toEqual([c, a, b])
    moveConditionalFormat(doc, b, 0, ana.origin)
    expect(readConditionalFormats(doc).map((x) => x.id)).toEqual([b, c, a])
    moveConditionalFormat(doc, b, 1, ana.origin)
    expect(readConditionalFormats(doc).map((x) => x.id)).toEqual([c, b, a])
    updateConditionalFormat(doc, a, { range: r('A2:A3') }, ana.origin)
    expect(summary(doc)).toEqual(['cellValue@C1', 'colorScale@B1:B9', 'cellValue@A2:A3'])
    // Ben's undo takes back only his own last edit (the rule on C1), not Ana's.
    ben.undo()
    expect(readConditionalFormats(doc).map((x) => x.id)).toEqual([b, a])
    expect(summary(doc)).toEqual(['colorScale@B1:B9', 'cellValue@A2:A3'])
    expect(deleteConditionalFormat(doc, a)).toBe(true)
    expect(deleteConditionalFormat(doc, a)).toBe(false)
    expect(() => updateConditionalFormat(doc, a, { spec: red })).toThrow(/no such/)
  })

  it('refuses rules that do not hold together', () => {
    const doc = sheet()
    const bad: Array<Partial<ConditionalSpec>> = [
      { kind: 'cellValue', op: 'gt', value: 1 },
      { kind: 'cellValue', op: 'between', value: 1, style: { bold: true } },
      { kind: 'cellValue', op: 'gt', value: 1, style: { fill: 'red' } },
      { kind: 'cellValue', op: 'contains', value: 1, style: { bold: true } },
      { kind: 'text', op: 'contains', value: '', style: { bold: true } },
      { kind: 'date', op: 'before', value: 'soon', style: { bold: true } },
      { kind: 'topBottom', op: 'top', count: 0, style: { bold: true } },
      { kind: 'topBottom', op: 'top', count: 200, percent: true, style: { bold: true } },
      { kind: 'formula', formula: 'A1>1', style: { bold: true } },
      { kind: 'colorScale', colors: ['#ffffff'] },
      { kind: 'colorScale', colors: ['#ffffff', '#000000'], style: { bold: true } },
      { kind: 'dataBar' },
    ]
    for (const spec of bad) {
      expect(() => addConditionalFormat(doc, r('A1'), spec as ConditionalSpec)).toThrow()
    }
    expect(() => addConditionalFormat(doc, r('A1:A99'), red)).toThrow(/past the sheet/)
    expect(readConditionalFormats(doc)).toEqual([])
  })

  it('a rule grows with rows inserted inside it and keeps its cells when its edge row goes', () => {
    const doc = sheet()
    addConditionalFormat(doc, r('B2:B5'), red)
    insertAxis(doc, 'rows', 3, 2)
    expect(summary(doc)).toEqual(['cellValue@B2:B7'])
    insertAxis(doc, 'rows', 0, 1)
    expect(summary(doc)).toEqual(['cellValue@B3:B8'])
    deleteAxis(doc, 'rows', 2, 1)
    expect(summary(doc)).toEqual(['cellValue@B3:B7'])
    deleteAxis(doc, 'cols', 1, 1)
    expect(summary(doc)).toEqual([])
  })

  it('the server rule refuses hostile entries; repair removes them', () => {
    const doc = sheet()
    const id = addConditionalFormat(doc, r('A1:B2'), red)
    const good = conditionalFormatsMap(doc).get(id)
    expect(isValidConditionalFormatEntry(id, good)).toBe(true)
    const parsed = JSON.parse(good as string) as Record<string, unknown>
    const variants: unknown[] = [
      42,
      '{',
      JSON.stringify({ ...parsed, order: 'first' }),
      JSON.stringify({ ...parsed, at: ['x', 'y'] }),
      JSON.stringify({ ...parsed, style: { fill: '#FFF' } }),
      JSON.stringify({ ...parsed, style: { fill: '#ff0000', script: 'x' } }),
      JSON.stringify({ ...parsed, extra: 'x'.repeat(10) }),
      JSON.stringify({ ...parsed, value: 'x'.repeat(5000) }),
    ]
    for (const v of variants) expect(isValidConditionalFormatEntry(id, v)).toBe(false)
    expect(isValidConditionalFormatEntry('bad id!', good)).toBe(false)
    conditionalFormatsMap(doc).set('junk', '{"kind":"nope"}')
    repairSheet(doc)
    expect(conditionalFormatsMap(doc).has('junk')).toBe(false)
    expect(readConditionalFormats(doc)).toHaveLength(1)
  })
})
