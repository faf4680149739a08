import { describe, expect, it } from 'vitest'
import {
  addConditionalFormat,
  criteriaProblem,
  deleteSheet,
  insertAxis,
  parseListSource,
  readConditionalFormats,
  renameSheet,
  readValidations,
  setValidation,
  type RangePosition,
} from '@cellmate/model'
import { parseRange } from '@cellmate/model'
import { followMove } from './cellMove.js'
import { shiftFormula } from './shiftFormula.js'
import { moveAxisKeepingRanges } from './moveKeepingRanges.js'
import { deleteAxisKeepingRanges } from './rangeSnapping.js'
import {
  ruleSheetIds,
  ruleForDisplay,
  ruleForStorage,
  sheetFormulaContext,
  shiftRuleFormula,
  toDisplayListSource,
  toDisplayRuleFormula,
  toStoredListSource,
  toStoredRuleFormula,
} from './ruleFormulas.js'
import { sortKeepingRanges } from './sortKeepingRanges.js'
import { Replica } from './__tests__/workbookTestBed.js'

const range = (a1: string): RangePosition => parseRange(a1) as RangePosition
const LATE = { fill: '#ffcccc' }

/** A sheet with the QA's rules: a highlight of Late rows, a dropdown, a custom check. */
function bookWithRules() {
  const book = Replica.create()
  const sheet = book.firstSheetId()
  const doc = book.doc()
  const ctx = () => book.context(sheet)
  book.type('B2', 'Late')
  book.type('B3', 'On time')
  book.type('E1', 'Yes')
  book.type('E2', 'No')
  book.type('G1', '10')
  const at = (a1: string) => range(a1).start
  addConditionalFormat(
    doc,
    range('A2:B3'),
    ruleForStorage({ kind: 'formula', formula: '=$B2="Late"', style: LATE }, ctx(), at('A2')),
  )
  setValidation(
    doc,
    range('C2:C3'),
    ruleForStorage({ kind: 'listRange', source: '$E$1:$E$2', strict: true }, ctx(), at('C2')),
  )
  setValidation(
    doc,
    range('D2:D3'),
    ruleForStorage({ kind: 'custom', formula: '=D2<$G$1', strict: true }, ctx(), at('D2')),
  )
  const shown = () => ({
    highlight: ruleForDisplay(readConditionalFormats(doc)[0]!, ctx()),
    list: ruleForDisplay(
      readValidations(doc).find((r) => r.kind === 'listRange')!,
      ctx(),
    ),
    custom: ruleForDisplay(
      readValidations(doc).find((r) => r.kind === 'custom')!,
      ctx(),
    ),
  })
  return { book, sheet, doc, shown }
}

const a1 = (r: RangePosition) =>
  `${String.fromCharCode(65 + r.start.col)}${r.start.row + 1}:${String.fromCharCode(65 + r.end.col)}${r.end.row + 1}`

describe('rule formulas and list sources follow the sheet', () => {
  it('a row inserted above keeps the highlight on its row and the dropdown on its values', () => {
    const { doc, shown } = bookWithRules()
    insertAxis(doc, 'rows', 0, 1)
    const { highlight, list, custom } = shown()
    expect(a1(highlight.range)).toBe('A3:B4')
    expect(highlight.formula).toBe('=$B3="Late"')
    expect(list.source).toBe('$E$2:$E$3')
    expect(a1(custom.range)).toBe('D3:D4')
    expect(custom.formula).toBe('=D3<$G$2')
  })

  it('a column inserted before the referenced columns moves the references', () => {
    const { doc, shown } = bookWithRules()
    insertAxis(doc, 'cols', 0, 1)
    const { highlight, list, custom } = shown()
    expect(highlight.formula).toBe('=$C2="Late"')
    expect(list.source).toBe('$F$1:$F$2')
    expect(custom.formula).toBe('=E2<$H$1')
  })

  it("deleting a source's first row shrinks it; deleting a referenced cell's row is #REF!", () => {
    const { book, sheet, shown } = bookWithRules()
    // Row 1 holds E1 (the source's first row) and G1 (the custom rule's bound).
    deleteAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 0, 1)
    const { highlight, list, custom } = shown()
    expect(list.source).toBe('$E$1:$E$1')
    expect(custom.formula).toBe('=D1<#REF!')
    expect(highlight.formula).toBe('=$B1="Late"')
  })

  it("deleting a rule's first row leaves its relative references on the rows that stay", () => {
    const { book, sheet, shown } = bookWithRules()
    deleteAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 1, 1)
    const { highlight } = shown()
    expect(a1(highlight.range)).toBe('A2:B2')
    expect(highlight.formula).toBe('=$B2="Late"')
  })

  it('a sort keeps the source range in place and the relative highlight on each row', () => {
    const { book, sheet, shown } = bookWithRules()
    book.type('A2', '2')
    book.type('A3', '1')
    // The Late row (2) sorts below the On time row: the highlight reads each row's own B.
    sortKeepingRanges(book.sheetDocs, sheet, range('A2:E3'), { keys: [{ col: 0 }] })
    const { highlight, list } = shown()
    expect(book.display('B3')).toBe('Late')
    expect(a1(highlight.range)).toBe('A2:B3')
    expect(highlight.formula).toBe('=$B2="Late"')
    expect(list.source).toBe('$E$1:$E$2')
  })

  it('a row moved out of a source range leaves it, as a cell formula range does', () => {
    const { book, sheet, shown } = bookWithRules()
    // Row 1 moves below row 3: the source covers what stays of it, the old row 2.
    moveAxisKeepingRanges(book.sheetDocs, sheet, 'rows', 0, 1, 3)
    expect(shown().list.source).toBe('$E$1:$E$1')
  })

  it('a cut of a referenced cell takes the reference with it', () => {
    const { book, sheet, shown } = bookWithRules()
    const layout = book.layouts.get(sheet)!
    const G1 = { row: layout.rowId(0)!, col: layout.colId(6)! }
    const H5 = { row: layout.rowId(4)!, col: layout.colId(7)! }
    followMove(book.workbook, book.sheetDocs, {
      sheetId: sheet,
      rows: new Map([[G1.row, H5.row]]),
      cols: new Map([[G1.col, H5.col]]),
    })
    expect(shown().custom.formula).toBe('=D2<$H$5')
  })

  it("a dropdown from another sheet follows that sheet's inserts, deletes and renames", () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    const lists = book.addSheet('Lists')
    const doc = book.doc()
    const ctx = () => book.context(sheet)
    setValidation(
      doc,
      range('B2:B5'),
      ruleForStorage({ kind: 'listRange', source: 'Lists!$A$1:$A$3', strict: true }, ctx(), {
        row: 1,
        col: 1,
      }),
    )
    const stored = () => readValidations(doc)[0]!.source as string
    const shown = () => ruleForDisplay(readValidations(doc)[0]!, ctx()).source
    expect(stored()).toMatch(new RegExp(`^\\{s:${lists}\\}!`))
    expect(ruleSheetIds(doc)).toEqual([lists])
    expect(shown()).toBe('Lists!$A$1:$A$3')
    insertAxis(book.doc('Lists'), 'rows', 0, 1)
    expect(shown()).toBe('Lists!$A$2:$A$4')
    deleteAxisKeepingRanges(book.sheetDocs, lists, 'rows', 1, 1)
    expect(shown()).toBe('Lists!$A$2:$A$3')
    renameSheet(book.workbook, lists, 'Choices')
    expect(shown()).toBe('Choices!$A$2:$A$3')
    deleteSheet(book.workbook, lists)
    expect(shown()).toBe('#REF!')
    // A reader knowing only the rule's sheet cannot anchor another sheet: kept as typed.
    expect(
      toStoredListSource('Lists!$A$1:$A$3', sheetFormulaContext(sheet, book.layouts.get(sheet)!)),
    ).toBe('Lists!$A$1:$A$3')
  })

  it("a dropdown from another sheet's whole column is stored anchored, typed with or without =", () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    const lists = book.addSheet('Lists')
    const ctx = () => book.context(sheet)
    for (const [typed, shown] of [
      ['Lists!A:A', 'Lists!A:A'],
      ['=Lists!$A:$A', 'Lists!$A:$A'],
      ['=$B:$B', '$B:$B'],
    ] as const) {
      const stored = toStoredListSource(typed, ctx())
      expect(criteriaProblem({ kind: 'listRange', source: stored, strict: true }), typed).toBeNull()
      expect(parseListSource(stored), typed).toBeNull()
      if (typed.includes('Lists')) {
        expect(stored).toMatch(new RegExp(`^\\{s:${lists}\\}!\\{c:`))
      }
      expect(toDisplayListSource(stored, ctx())).toBe(shown)
    }
    const stored = toStoredListSource('Lists!A:A', ctx())
    insertAxis(book.doc('Lists'), 'cols', 0, 1)
    expect(toDisplayListSource(stored, ctx())).toBe('Lists!B:B')
    // A sheet the workbook does not have stays as typed (refused by the dialog and REST).
    expect(toStoredListSource('=Nowhere!A:A', ctx())).toBe('Nowhere!A:A')
  })

  it('reads a rule stored as A1 text (before anchoring) as it was typed', () => {
    const { book, sheet } = bookWithRules()
    const ctx = book.context(sheet)
    expect(toDisplayRuleFormula('=$B2="Late"', ctx, { row: 5, col: 0 })).toBe('=$B2="Late"')
    expect(shiftRuleFormula('=A1>0', 2, 0)).toBe('=A3>0')
  })

  it('stores relative parts as offsets from the top-left, which a cut part keeps', () => {
    const { book, sheet } = bookWithRules()
    const ctx = book.context(sheet)
    const stored = toStoredRuleFormula('=A1<$G$1', ctx, { row: 1, col: 0 })
    expect(stored).toMatch(/^=\{r:~-1,c:~0\}<\{r:\$[^,]+,c:\$[^}]+\}$/)
    expect(shiftRuleFormula(stored, 3, 0)).toBe(stored)
    expect(toDisplayRuleFormula(stored, ctx, { row: 4, col: 0 })).toBe('=A4<$G$1')
    // An offset that falls off the sheet reads #REF!.
    expect(toDisplayRuleFormula(stored, ctx, { row: 0, col: 0 })).toBe('=#REF!<$G$1')
  })

  it("a rule reading another sheet follows that sheet's rename and inserts, #REF! once it is deleted", () => {
    const book = Replica.create()
    const prices = book.firstSheetId()
    const sheet = book.addSheet('Sheet2')
    const doc = book.doc('Sheet2')
    const ctx = () => book.context(sheet)
    book.type('E1', '7')
    book.type('Sheet2!D4', '7')
    book.type('Sheet2!D5', '8')
    addConditionalFormat(
      doc,
      range('D4:D9'),
      ruleForStorage({ kind: 'formula', formula: '=D4=Sheet1!$E$1', style: LATE }, ctx(), {
        row: 3,
        col: 3,
      }),
    )
    setValidation(
      doc,
      range('F4:F9'),
      ruleForStorage({ kind: 'custom', formula: '=F4<Sheet1!E1', strict: true }, ctx(), {
        row: 3,
        col: 5,
      }),
    )
    const rule = () => readConditionalFormats(doc)[0]!
    const shown = () => ruleForDisplay(rule(), ctx()).formula
    const custom = () => ruleForDisplay(readValidations(doc)[0]!, ctx()).formula
    // Whether the highlight applies to a cell of its range, as the grid evaluates it.
    const matches = (row: number) => {
      const r = ruleForDisplay(rule(), ctx())
      return book.engine.calculate(sheet, shiftFormula(r.formula!, row - r.range.start.row, 0))
    }
    expect(rule().formula).toMatch(new RegExp(`\\{s:${prices}\\}!`))
    expect(ruleSheetIds(doc)).toEqual([prices])
    expect(shown()).toBe('=D4=Sheet1!$E$1')
    expect(custom()).toBe('=F4<Sheet1!E1')
    expect([matches(3), matches(4)]).toEqual([true, false])

    renameSheet(book.workbook, prices, 'Prices')
    expect(shown()).toBe('=D4=Prices!$E$1')
    expect(custom()).toBe('=F4<Prices!E1')
    expect([matches(3), matches(4)]).toEqual([true, false])

    insertAxis(book.doc('Prices'), 'rows', 0, 2)
    expect(shown()).toBe('=D4=Prices!$E$3')
    // A relative part is an offset from the rule's top-left, read on that sheet (Excel's R1C1).
    expect(custom()).toBe('=F4<Prices!E1')
    expect([matches(3), matches(4)]).toEqual([true, false])

    insertAxis(doc, 'rows', 0, 1)
    expect(rule().range.start.row).toBe(4)
    expect(shown()).toBe('=D5=Prices!$E$3')
    expect([matches(4), matches(5)]).toEqual([true, false])

    deleteSheet(book.workbook, prices)
    expect(shown()).toBe('=D5=#REF!')
    expect(custom()).toBe('=F5<#REF!')
  })

  it('a rule naming another sheet, stored before those were anchored, still reads it by name', () => {
    const book = Replica.create()
    const sheet = book.addSheet('Sheet2')
    const ctx = book.context(sheet)
    const typed = toStoredRuleFormula('=D4=1', ctx, { row: 3, col: 3 })
    const before = typed.replace('=1', '=Sheet1!$E$1')
    expect(toDisplayRuleFormula(before, ctx, { row: 3, col: 3 })).toBe('=D4=Sheet1!$E$1')
    // Saved again (the dialog stores what it shows), it is anchored.
    expect(toStoredRuleFormula('=D4=Sheet1!$E$1', ctx, { row: 3, col: 3 })).toContain(
      `{s:${book.firstSheetId()}}!`,
    )
  })

  it('a rule naming its own sheet keeps the name and its relative parts move with the range', () => {
    const book = Replica.create()
    const sheet = book.firstSheetId()
    const stored = toStoredRuleFormula('=Sheet1!A2>0', book.context(sheet), { row: 1, col: 0 })
    expect(toDisplayRuleFormula(stored, book.context(sheet), { row: 3, col: 0 })).toBe(
      '=Sheet1!A4>0',
    )
  })
})
