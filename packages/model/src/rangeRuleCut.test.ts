import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import {
  addConditionalFormat,
  planConditionalFormatCut,
  readConditionalFormats,
  type ConditionalSpec,
} from './conditionalFormats.js'
import { applyRuleWrites, type RangeCut } from './rangeRuleCut.js'
import { initSheet } from './sheet.js'
import { UndoHistory } from './undoHistory.js'
import {
  planValidationCut,
  readValidations,
  setValidation,
  validationAt,
  type ValidationCriteria,
} from './validations.js'

const r = (a1: string) => parseRange(a1)!
const list: ValidationCriteria = { kind: 'list', items: ['Open', 'Done'], strict: true }
const red: ConditionalSpec = { kind: 'cellValue', op: 'gt', value: 5, style: { fill: '#ff0000' } }

function sheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 20, cols: 8 })
  return doc
}

/** `from` (A1) cut and pasted with its top-left at `to`; formulas shift as `=f@rows,cols`. */
function cut(from: string, to: string): RangeCut {
  return {
    range: r(from),
    to: r(to).start,
    shiftFormula: (formula, dRows, dCols) => `${formula}@${dRows},${dCols}`,
  }
}

/** Moves the rules of both kinds as the paste does, in one transaction. */
function moveRules(from: Y.Doc, to: Y.Doc, c: RangeCut, origin?: unknown): void {
  const writes = [...planValidationCut(from, to, c), ...planConditionalFormatCut(from, to, c)]
  from.transact(() => to.transact(() => applyRuleWrites(writes), origin), origin)
}

const validationRanges = (doc: Y.Doc) => readValidations(doc).map((v) => formatRange(v.range))
const formatRanges = (doc: Y.Doc) =>
  readConditionalFormats(doc).map((rule) => formatRange(rule.range))

describe('rules on cut cells', () => {
  it('a validation rule on exactly the cut cells moves with them; undo puts it back', () => {
    const doc = sheet()
    const history = new UndoHistory({})
    history.track(doc)
    setValidation(doc, r('A1:A5'), list, history.origin)

    moveRules(doc, doc, cut('A1:A5', 'C1'), history.origin)

    expect(validationRanges(doc)).toEqual(['C1:C5'])
    expect(readValidations(doc)[0]).toMatchObject(list)
    history.undo()
    expect(validationRanges(doc)).toEqual(['A1:A5'])
  })

  it('the cut part of a larger rule goes to the destination and the rest stays', () => {
    const doc = sheet()
    setValidation(doc, r('A1:A10'), list)
    addConditionalFormat(doc, r('A1:B10'), red)

    moveRules(doc, doc, cut('A1:A5', 'D3'))

    expect(validationRanges(doc).sort()).toEqual(['A6:A10', 'D3:D7'])
    expect(formatRanges(doc).sort()).toEqual(['A6:B10', 'B1:B5', 'D3:D7'])
  })

  it('a cut out of the middle of a rule leaves the rule on every cell around it', () => {
    const doc = sheet()
    const id = setValidation(doc, r('A1:C3'), list)

    moveRules(doc, doc, cut('B2', 'F10'))

    const rules = readValidations(doc)
    expect(rules.map((v) => formatRange(v.range)).sort()).toEqual(
      ['A1:C1', 'A2', 'A3:C3', 'C2', 'F10'].sort(),
    )
    // Every part of the old rule but the carried one still sorts where the rule did.
    expect(rules.filter((v) => v.id.startsWith(id))).toHaveLength(4)
    for (const [row, col] of [
      [0, 0],
      [1, 0],
      [1, 2],
      [2, 1],
    ] as const) {
      expect(validationAt(rules, row, col)).not.toBeNull()
    }
    expect(validationAt(rules, 1, 1)).toBeNull()
  })

  it('the carried rule applies on the cells pasted over, over their older rule', () => {
    const doc = sheet()
    setValidation(doc, r('A1'), list)
    setValidation(doc, r('C1'), { kind: 'number', op: 'gt', min: 3, strict: true })

    moveRules(doc, doc, cut('A1', 'C1'))

    expect(validationAt(readValidations(doc), 0, 2)).toMatchObject({ kind: 'list' })
    expect(validationAt(readValidations(doc), 0, 0)).toBeNull()
  })

  it("a rule's formula is shifted to each part's top-left cell", () => {
    const doc = sheet()
    addConditionalFormat(doc, r('B2:B5'), {
      kind: 'formula',
      formula: '=B2>0',
      style: { bold: true },
    })

    moveRules(doc, doc, cut('B4:B5', 'E1'))

    const rules = readConditionalFormats(doc)
    expect(rules.map((rule) => [formatRange(rule.range), rule.formula]).sort()).toEqual([
      ['B2:B3', '=B2>0'],
      ['E1:E2', '=B2>0@-1,3'],
    ])
  })

  it('a conditional format moved on its sheet keeps its id and priority', () => {
    const doc = sheet()
    const first = addConditionalFormat(doc, r('A1:A3'), red)
    const second = addConditionalFormat(doc, r('A1:A3'), { ...red, value: 7 })

    moveRules(doc, doc, cut('A1:A3', 'C1'))

    expect(readConditionalFormats(doc).map((rule) => [rule.id, formatRange(rule.range)])).toEqual([
      [first, 'C1:C3'],
      [second, 'C1:C3'],
    ])
  })

  it('rules cut to another sheet leave this one (dropdowns from a range too) and come first there, in their order', () => {
    const from = sheet()
    const to = sheet()
    const history = new UndoHistory({})
    history.track(from)
    history.track(to)
    addConditionalFormat(from, r('A1:A3'), red)
    addConditionalFormat(from, r('A1:A3'), { ...red, value: 7 })
    addConditionalFormat(to, r('A1:H20'), { ...red, value: 9 })
    setValidation(from, r('A1:A6'), list)
    // A dropdown from a range goes too (the web app makes its source name this sheet).
    setValidation(from, r('A2'), { kind: 'listRange', source: 'H1:H3', strict: false })

    history.together(() => moveRules(from, to, cut('A1:A3', 'B2'), history.origin))

    expect(formatRanges(from)).toEqual([])
    expect(readConditionalFormats(to).map((rule) => [rule.value, formatRange(rule.range)])).toEqual(
      [
        [5, 'B2:B4'],
        [7, 'B2:B4'],
        [9, 'A1:H20'],
      ],
    )
    expect(validationRanges(from)).toEqual(['A4:A6'])
    expect(validationRanges(to).sort()).toEqual(['B2:B4', 'B3'])
    const dropdown = readValidations(to).find((v) => formatRange(v.range) === 'B3')
    expect(dropdown).toMatchObject({ kind: 'listRange', source: 'H1:H3' })
    history.undo()
    expect(formatRanges(from)).toEqual(['A1:A3', 'A1:A3'])
    expect(validationRanges(from).sort()).toEqual(['A1:A6', 'A2'])
    expect(formatRanges(to)).toEqual(['A1:H20'])
    expect(validationRanges(to)).toEqual([])
  })
})
