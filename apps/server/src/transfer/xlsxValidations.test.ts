import { describe, expect, it } from 'vitest'
import type { ValidationRule } from '@cellmate/model'
import { insertInSheet, replaceIn, SHEET, TEST_LIMITS, xlsxFile } from './__tests__/xlsxFixtures.js'
import { parseXlsx } from './xlsxParse.js'
import { readValidationElements, validationsXml } from './xlsxValidationXml.js'
import { xlsxValidationsOf } from './xlsxValidations.js'

const RULES = [
  // Two ranges; a title and a message each; a quote inside an item.
  `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Status" error="Pick one" promptTitle="Status" prompt="Open or Done" sqref="A2:A10 C2:C10"><formula1>"Open,Done,""Quoted"""</formula1></dataValidation>`,
  // showDropDown="1" hides the arrow (Excel's inverted flag).
  `<dataValidation type="list" showDropDown="1" showErrorMessage="1" errorStyle="warning" sqref="B2:B10"><formula1>$E$1:$E$3</formula1></dataValidation>`,
  `<dataValidation type="list" showErrorMessage="1" sqref="D2"><formula1>Lists!$A$1:$A$3</formula1></dataValidation>`,
  `<dataValidation type="whole" operator="greaterThanOrEqual" showErrorMessage="1" errorStyle="information" sqref="F2:F10"><formula1>1</formula1></dataValidation>`,
  `<dataValidation type="decimal" showErrorMessage="1" sqref="G2:G10"><formula1>-1.5</formula1><formula2>2.5</formula2></dataValidation>`,
  `<dataValidation type="date" operator="lessThan" showErrorMessage="1" sqref="H2:H10"><formula1>46023</formula1></dataValidation>`,
  // No error alert: Excel lets any value in; Cellmate keeps it with a warning mark.
  `<dataValidation type="textLength" operator="lessThanOrEqual" sqref="I2:I10"><formula1>5</formula1></dataValidation>`,
  `<dataValidation type="custom" showErrorMessage="1" sqref="J2:J5 L2:L5"><formula1>J2&gt;K2</formula1></dataValidation>`,
  `<dataValidation type="time" operator="greaterThan" showErrorMessage="1" sqref="M2"><formula1>0.5</formula1></dataValidation>`,
  `<dataValidation type="whole" showErrorMessage="1" sqref="N2"><formula1>$Z$1</formula1><formula2>10</formula2></dataValidation>`,
  `<dataValidation type="list" sqref="O2"><formula1>"TRUE,FALSE"</formula1></dataValidation>`,
  `<dataValidation type="list" showErrorMessage="1" sqref="P2"><formula1>INDIRECT(A2)</formula1></dataValidation>`,
  `<dataValidation type="date" operator="between" showErrorMessage="1" sqref="R1:R1048576"><formula1>DATE(2026,1,1)</formula1><formula2>46053.75</formula2></dataValidation>`,
]

/** Where Excel 2010+ writes a list whose source is on another sheet. */
const X14 = `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>'Lists'!$B$1:$B$2</xm:f></x14:formula1><xm:sqref>Q2:Q5</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`

const range = (a: string) => {
  const [s, e = s] = a.split(':') as [string, string?]
  const pos = (x: string) => ({
    row: Number(x.replace(/[A-Z]+/, '')) - 1,
    col: x.replace(/\d+/, '').charCodeAt(0) - 65,
  })
  return { start: pos(s), end: pos(e as string) }
}

describe('XLSX data validation import', () => {
  it('maps every rule type, errorStyle, messages, showDropDown and multiple ranges', async () => {
    const bytes = await xlsxFile(
      (ws, wb) => {
        ws.getCell('A1').value = 'Status'
        const lists = wb.addWorksheet('Lists')
        ;['Red', 'Green', 'Blue'].forEach((v, i) => (lists.getCell(`A${i + 1}`).value = v))
        lists.getCell('B1').value = 'x'
        lists.getCell('B2').value = 'y'
      },
      insertInSheet(
        'pageMargins',
        `<dataValidations count="${RULES.length}">${RULES.join('')}</dataValidations>`,
      ),
      replaceIn(SHEET, '</worksheet>', `${X14}</worksheet>`),
    )
    const [sheet] = await parseXlsx(bytes, TEST_LIMITS)
    const status = { message: 'Status: Pick one', inputMessage: 'Status: Open or Done' }
    expect(sheet!.validations).toEqual([
      {
        range: range('A2:A10'),
        criteria: { kind: 'list', strict: true, items: ['Open', 'Done', '"Quoted"'], ...status },
      },
      {
        range: range('C2:C10'),
        criteria: { kind: 'list', strict: true, items: ['Open', 'Done', '"Quoted"'], ...status },
      },
      {
        range: range('B2:B10'),
        criteria: { kind: 'listRange', strict: false, source: '$E$1:$E$3', showDropdown: false },
      },
      // A range on another sheet stays a range source, read from that sheet as it changes.
      {
        range: range('D2'),
        criteria: { kind: 'listRange', strict: true, source: 'Lists!$A$1:$A$3' },
      },
      {
        range: range('F2:F10'),
        criteria: { kind: 'number', strict: false, integer: true, op: 'gte', min: 1 },
      },
      {
        range: range('G2:G10'),
        criteria: { kind: 'number', strict: true, op: 'between', min: -1.5, max: 2.5 },
      },
      {
        range: range('H2:H10'),
        criteria: { kind: 'date', strict: true, op: 'lt', min: '2026-01-01' },
      },
      {
        range: range('I2:I10'),
        criteria: { kind: 'textLength', strict: false, op: 'lte', min: 5 },
      },
      { range: range('J2:J5'), criteria: { kind: 'custom', strict: true, formula: '=J2>K2' } },
      // Excel anchors the formula at the first range: the second gets it shifted.
      { range: range('L2:L5'), criteria: { kind: 'custom', strict: true, formula: '=L2>M2' } },
      // A TRUE/FALSE list stays a list: nothing says it was a checkbox.
      { range: range('O2'), criteria: { kind: 'list', strict: false, items: ['TRUE', 'FALSE'] } },
      // A whole column, cut to the sheet's limit.
      {
        range: { start: { row: 0, col: 17 }, end: { row: TEST_LIMITS.maxRows - 1, col: 17 } },
        criteria: {
          kind: 'date',
          strict: true,
          op: 'between',
          min: '2026-01-01',
          max: '2026-01-31',
        },
      },
      {
        range: range('Q2:Q5'),
        criteria: { kind: 'listRange', strict: true, source: 'Lists!$B$1:$B$2' },
      },
    ])
    expect(sheet!.notices).toEqual([
      expect.stringMatching(
        /^3 data validation rule\(s\) on "Data" were left out: time rules .*; a bound that is a cell or a formula; a list from INDIRECT\(A2\)\.$/,
      ),
    ])
  })

  it('a list from a defined name reads the range the name stands for', async () => {
    const bytes = await xlsxFile(
      (ws, wb) => {
        ws.getCell('E1').value = 'a'
        wb.definedNames.add("'Data'!$E$1:$E$4", 'Choices')
      },
      insertInSheet(
        'pageMargins',
        `<dataValidations count="1"><dataValidation type="list" showErrorMessage="1" sqref="A1:A3"><formula1>Choices</formula1></dataValidation></dataValidations>`,
      ),
    )
    const [sheet] = await parseXlsx(bytes, TEST_LIMITS)
    expect(sheet!.validations).toEqual([
      { range: range('A1:A3'), criteria: { kind: 'listRange', strict: true, source: '$E$1:$E$4' } },
    ])
  })
})

describe("XLSX import of a dropdown listing another sheet's whole column", () => {
  /** Rules on Data, the first sheet; the sheets they list come after it in the file. */
  const WHOLE_COLUMNS = [
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="A2:A10"><formula1>Lists!$A:$A</formula1></dataValidation>`,
    `<dataValidation type="list" showErrorMessage="1" sqref="C2:C10"><formula1>Colors</formula1></dataValidation>`,
    `<dataValidation type="list" showErrorMessage="1" sqref="D2:D10"><formula1>Sizes</formula1></dataValidation>`,
    `<dataValidation type="list" showErrorMessage="1" errorStyle="warning" sqref="E2:E10"><formula1>$Z:$Z</formula1></dataValidation>`,
    `<dataValidation type="list" showErrorMessage="1" sqref="F2:F10"><formula1>Nope!$A:$A</formula1></dataValidation>`,
  ]
  /** Excel 2010+ writes a list from another sheet in its extension, quoted when it must be. */
  const X14_WHOLE_COLUMNS = `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="2" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1" showErrorMessage="1"><x14:formula1><xm:f>'My List'!$B:$B</xm:f></x14:formula1><xm:sqref>B2:B10</xm:sqref></x14:dataValidation><x14:dataValidation type="list" showErrorMessage="1"><x14:formula1><xm:f>[1]Lists!$A:$A</xm:f></x14:formula1><xm:sqref>G2:G10</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`
  /** Colors for every sheet; Sizes on Data (local), another Sizes local to Lists. */
  const NAMES = `<definedNames><definedName name="Colors">Lists!$C:$C</definedName><definedName name="Sizes" localSheetId="0">'My List'!$A$1:$A$1048576</definedName><definedName name="Sizes" localSheetId="1">Lists!$D$1:$D$3</definedName></definedNames>`

  it('keeps the dropdown, direct, in the extension or through a defined name, as whole columns', async () => {
    const bytes = await xlsxFile(
      (ws, wb) => {
        ws.getCell('A1').value = 'Pick'
        const lists = wb.addWorksheet('Lists')
        ;['Red', 'Green', 'Blue'].forEach((v, i) => (lists.getCell(`A${i + 1}`).value = v))
        wb.addWorksheet('My List').getCell('B1').value = 'S'
      },
      insertInSheet(
        'pageMargins',
        `<dataValidations count="${WHOLE_COLUMNS.length}">${WHOLE_COLUMNS.join('')}</dataValidations>`,
      ),
      replaceIn(SHEET, '</worksheet>', `${X14_WHOLE_COLUMNS}</worksheet>`),
      replaceIn('xl/workbook.xml', '</sheets>', `</sheets>${NAMES}`),
    )
    const [sheet] = await parseXlsx(bytes, TEST_LIMITS)
    const list = (at: string, source: string, strict = true) => ({
      range: range(at),
      criteria: { kind: 'listRange', strict, source },
    })
    expect(sheet!.validations).toEqual([
      list('A2:A10', 'Lists!$A:$A'),
      list('C2:C10', 'Lists!$C:$C'),
      // A range over all of Excel's rows is the whole column Excel shows it as.
      list('D2:D10', "'My List'!$A:$A"),
      list('E2:E10', '$Z:$Z', false),
      list('B2:B10', "'My List'!$B:$B"),
    ])
    // Only what cannot be kept is left out, each saying why.
    expect(sheet!.notices).toEqual([
      '2 data validation rule(s) on "Data" were left out: a list from Nope!$A:$A (the file has no sheet "Nope"); a list from [1]Lists!$A:$A (a range in another workbook).',
    ])
  })
})

const rule = (over: Partial<ValidationRule>): ValidationRule => ({
  id: 'r',
  range: range('A1:A5'),
  kind: 'list',
  items: ['a'],
  strict: true,
  ...over,
})

describe('XLSX data validation export', () => {
  it('writes each kind as Excel does; a checkbox is the list TRUE,FALSE', () => {
    const { rules, omitted } = xlsxValidationsOf([
      rule({ id: 'a', items: ['Open', 'Done'], message: 'Pick one', inputMessage: 'Hint' }),
      rule({ id: 'b', range: range('B1:B5'), kind: 'checkbox', items: undefined, strict: false }),
      rule({
        id: 'c',
        range: range('C1:C5'),
        kind: 'listRange',
        source: '$E$1:$E$3',
        showDropdown: false,
      }),
      rule({ id: 'd', range: range('D1:D5'), kind: 'number', integer: true, op: 'gte', min: 1 }),
      rule({
        id: 'e',
        range: range('E1:E5'),
        kind: 'date',
        op: 'between',
        min: '2026-01-01',
        max: '2026-01-31',
      }),
      rule({
        id: 'f',
        range: range('F2:F5'),
        kind: 'custom',
        formula: '=AND(F2>0,XLOOKUP(F2,G:G,H:H)>0)',
      }),
      rule({ id: 'g', range: range('G1'), kind: 'list', items: ['1,5', '2'] }),
    ])
    expect(omitted).toBe(1)
    expect(rules).toEqual([
      {
        type: 'list',
        showErrorMessage: true,
        showInputMessage: true,
        showDropDown: false,
        sqref: 'A1:A5',
        formula1: '"Open,Done"',
        error: 'Pick one',
        prompt: 'Hint',
      },
      {
        type: 'list',
        showErrorMessage: true,
        showInputMessage: false,
        showDropDown: false,
        sqref: 'B1:B5',
        formula1: '"TRUE,FALSE"',
        errorStyle: 'warning',
      },
      {
        type: 'list',
        showErrorMessage: true,
        showInputMessage: false,
        showDropDown: true,
        sqref: 'C1:C5',
        formula1: '$E$1:$E$3',
      },
      {
        type: 'whole',
        showErrorMessage: true,
        showInputMessage: false,
        showDropDown: false,
        sqref: 'D1:D5',
        operator: 'greaterThanOrEqual',
        formula1: '1',
      },
      {
        type: 'date',
        showErrorMessage: true,
        showInputMessage: false,
        showDropDown: false,
        sqref: 'E1:E5',
        operator: 'between',
        formula1: '46023',
        formula2: '46053',
      },
      {
        type: 'custom',
        showErrorMessage: true,
        showInputMessage: false,
        showDropDown: false,
        sqref: 'F2:F5',
        formula1: 'AND(F2>0,_xlfn.XLOOKUP(F2,G:G,H:H)>0)',
      },
    ])
  })

  it('where rules overlap, the newer one keeps the overlap and the older one the rest', () => {
    const { rules } = xlsxValidationsOf([
      rule({
        id: 'old',
        range: range('A1:C3'),
        kind: 'custom',
        items: undefined,
        formula: '=A1>0',
      }),
      rule({ id: 'new', range: range('B2:B2') }),
    ])
    expect(rules.map((r) => [r.sqref, r.formula1])).toEqual([
      // The formula follows the first range's top-left, where Excel anchors it.
      ['A1:C1 A3:C3 A2 C2', 'A1>0'],
      ['B2', '"a"'],
    ])
  })

  it("writes a list from another sheet's whole column as Excel's absolute reference", () => {
    const { rules } = xlsxValidationsOf([
      // As typed in the dialog: one source for the whole range, not moved per cell.
      rule({ id: 'a', range: range('A1:B5'), kind: 'listRange', source: 'Lists!A:A' }),
      rule({ id: 'b', range: range('C1:C5'), kind: 'listRange', source: "'My List'!$B:$C" }),
      rule({ id: 'c', range: range('D1:D5'), kind: 'listRange', source: 'Lists!2:2' }),
      rule({ id: 'd', range: range('E1:E5'), kind: 'listRange', source: 'Lists!A2:B9' }),
      rule({ id: 'e', range: range('F1:F5'), kind: 'listRange', source: '#REF!' }),
    ])
    expect(rules.map((r) => [r.sqref, r.type, r.formula1])).toEqual([
      ['A1:B5', 'list', 'Lists!$A:$A'],
      ['C1:C5', 'list', "'My List'!$B:$C"],
      ['D1:D5', 'list', 'Lists!$2:$2'],
      ['E1:E5', 'list', 'Lists!$A$2:$B$9'],
      ['F1:F5', 'list', '#REF!'],
    ])
  })

  it('cuts messages to what Excel accepts and escapes the XML', () => {
    const [written] = xlsxValidationsOf([
      rule({ items: ['<a>', 'b&c'], message: 'x'.repeat(300), inputMessage: 'line 1\nline "2"' }),
    ]).rules
    expect(written!.error).toHaveLength(225)
    const xml = validationsXml([written!])
    expect(xml).toContain('prompt="line 1&#10;line &quot;2&quot;"')
    expect(xml).toContain('<formula1>"&lt;a&gt;,b&amp;c"</formula1>')
    expect(readValidationElements(xml)).toEqual([{ ...written, prompt: 'line 1\nline "2"' }])
  })
})
