import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportedWorkbook } from '@cellmate/client'
import type { CellmateServer } from '../src/index.js'
import { insertInSheet, SHEET, xlsxFile } from '../src/transfer/__tests__/xlsxFixtures.js'
import { DYNAMIC_ARRAY_METADATA_XML } from '../src/transfer/xlsxDynamicArrays.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * An XLSX round trip, import -> export -> import, keeps what Cellmate models: formulas
 * (shared, array and dynamic-array ones, LET, INDIRECT, other sheets), their values, typed
 * values, number formats, merged cells (a formula inside a merged range is kept too) and
 * data validation rules. Defined names (xlsxDefinedNames.test.ts) and tables
 * (xlsxTables.test.ts) have their own round trips.
 */

/** The data validation rules of the original file, as Excel writes them. */
const VALIDATIONS = [
  `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" error="Pick a size" prompt="S, M or L" sqref="H1:H5 J1:J5"><formula1>"S,M,L"</formula1></dataValidation>`,
  `<dataValidation type="list" showDropDown="1" showErrorMessage="1" errorStyle="warning" sqref="I1:I5"><formula1>$A$1:$A$3</formula1></dataValidation>`,
  `<dataValidation type="whole" operator="between" showErrorMessage="1" sqref="K1:K5"><formula1>1</formula1><formula2>10</formula2></dataValidation>`,
  `<dataValidation type="decimal" operator="notEqual" showErrorMessage="1" errorStyle="information" sqref="L1"><formula1>0.5</formula1></dataValidation>`,
  `<dataValidation type="date" operator="greaterThanOrEqual" showErrorMessage="1" sqref="M1:M5"><formula1>46023</formula1></dataValidation>`,
  `<dataValidation type="textLength" operator="lessThan" showErrorMessage="1" sqref="N1:N5"><formula1>4</formula1></dataValidation>`,
  `<dataValidation type="custom" showErrorMessage="1" sqref="O2:O5"><formula1>_xlfn.ISOWEEKNUM(O2)&gt;A2</formula1></dataValidation>`,
]

/** CT_Worksheet's children in the order the OOXML schema (ECMA-376 §18.3.1.99) requires. */
const WORKSHEET_ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]

/**
 * The children of a worksheet part's root, in order; throws when its tags do not nest
 * (not well-formed).
 */
function worksheetChildren(xml: string): string[] {
  const open: string[] = []
  const children: string[] = []
  for (const m of xml.replace(/<\?[^>]*\?>/g, '').matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = m as unknown as [string, string, string, string]
    if (close) {
      if (open.pop() !== name) throw new Error(`</${name}> closes nothing open`)
      continue
    }
    if (open.length === 1) children.push(name)
    if (!selfClosing) open.push(name)
  }
  if (open.length > 0) throw new Error(`<${open.join('>, <')}> never closed`)
  return children
}

let data: ReturnType<typeof tempDataDir>
let server: CellmateServer
let url: string

beforeAll(async () => {
  data = tempDataDir()
  ;({ server, url } = await startInProcess(data.dir, 0, {
    rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
  }))
})

afterAll(async () => {
  await server.close()
  data.remove()
})

async function original(): Promise<Uint8Array> {
  return xlsxFile(
    (ws, wb) => {
      ;[3, 1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B1').value = {
        formula: '_xlfn._xlws.SORT(A1:A3)',
        result: 1,
        shareType: 'array',
        ref: 'B1:B3',
      } as ExcelJS.CellValue
      ws.getCell('C1').value = { formula: 'A1*$E$1', shareType: 'shared', ref: 'C1:C3' } as never
      ws.getCell('C2').value = { sharedFormula: 'C1' } as ExcelJS.CellValue
      ws.getCell('C3').value = { sharedFormula: 'C1' } as ExcelJS.CellValue
      ws.getCell('D1').value = { formula: '_xlfn.LET(_xlpm.x,A1,_xlpm.x*10)', result: 30 }
      ws.getCell('D2').value = { formula: 'INDIRECT("A"&ROW())', result: 1 }
      ws.getCell('D3').value = { formula: 'SUM(C:C)', result: 3 }
      ws.getCell('E1').value = 0.5
      ws.getCell('E1').numFmt = '0%'
      ws.getCell('E2').value = 1234.5
      ws.getCell('E2').numFmt = '"$"#,##0.00'
      ws.getCell('E3').value = new Date(Date.UTC(2026, 0, 31))
      ws.getCell('E3').numFmt = 'yyyy-mm-dd'
      ws.getCell('E4').value = -1234.5
      ws.getCell('E4').numFmt = '#,##0.000;[Red](#,##0.000)'
      ws.getCell('E5').value = new Date(Date.UTC(2016, 2, 9))
      ws.getCell('E5').numFmt = 'dd mmm yyyy'
      ws.getCell('E6').value = new Date(Date.UTC(1899, 11, 31, 13, 30))
      ws.getCell('E6').numFmt = 'h:mm AM/PM'
      ws.getCell('F1').value = 'merged title'
      // A formula inside a merged range (exceljs would drop it if it read the merge).
      ws.getCell('G3').value = { formula: 'A1+1', result: 4 }
      wb.addWorksheet('Other').getCell('A1').value = { formula: 'Data!B3+1', result: 4 }
    },
    async (zip) => {
      // As Excel 365 saves a spill: the cells it covers hold the cached values, and the
      // formula's cell points to the dynamic-array metadata (without it, a legacy {=…}).
      let xml = (await zip.file(SHEET)?.async('string')) as string
      for (const row of [2, 3]) {
        xml = xml.replace(
          new RegExp(`(<c r="A${row}"[^>]*>.*?</c>)`),
          `$1<c r="B${row}"><v>${row}</v></c>`,
        )
      }
      zip.file(SHEET, xml.replace(/<c r="B1"([^>]*)>/, '<c r="B1"$1 cm="1">'))
      zip.file('xl/metadata.xml', DYNAMIC_ARRAY_METADATA_XML)
    },
    insertInSheet(
      'pageMargins',
      '<mergeCells count="2"><mergeCell ref="F1:G1"/><mergeCell ref="F3:G3"/></mergeCells>',
    ),
    insertInSheet(
      'pageMargins',
      `<dataValidations count="${VALIDATIONS.length}">${VALIDATIONS.join('')}</dataValidations>`,
    ),
  )
}

async function exported(
  book: ImportedWorkbook,
): Promise<{ bytes: Uint8Array; wb: ExcelJS.Workbook }> {
  const file = await rest(url, book.token).exportXlsx(book.id)
  const bytes = new Uint8Array(await file.blob.arrayBuffer())
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return { bytes, wb }
}

async function contents(book: ImportedWorkbook) {
  const client = rest(url, book.token)
  const [data, other] = book.sheets as unknown as [{ id: string }, { id: string }]
  return {
    data: await client.readCells(book.id, data.id, 'A1:F3'),
    other: await client.readCells(book.id, other.id, 'A1:A1'),
    merges: await client.getMerges(book.id, data.id),
    g3: await client.readCells(book.id, data.id, 'G3'),
    validations: (await client.getValidations(book.id, data.id)).map(({ id: _id, ...r }) => r),
  }
}

const RULES_READ = [
  {
    range: 'H1:H5',
    kind: 'list',
    items: ['S', 'M', 'L'],
    strict: true,
    message: 'Pick a size',
    inputMessage: 'S, M or L',
  },
  {
    range: 'J1:J5',
    kind: 'list',
    items: ['S', 'M', 'L'],
    strict: true,
    message: 'Pick a size',
    inputMessage: 'S, M or L',
  },
  { range: 'I1:I5', kind: 'listRange', source: '$A$1:$A$3', strict: false, showDropdown: false },
  { range: 'K1:K5', kind: 'number', op: 'between', min: 1, max: 10, integer: true, strict: true },
  { range: 'L1', kind: 'number', op: 'neq', min: 0.5, strict: false },
  { range: 'M1:M5', kind: 'date', op: 'gte', min: '2026-01-01', strict: true },
  { range: 'N1:N5', kind: 'textLength', op: 'lt', min: 4, strict: true },
  { range: 'O2:O5', kind: 'custom', formula: '=ISOWEEKNUM(O2)>A2', strict: true },
]

describe('XLSX round trip (import -> export -> import)', () => {
  it('keeps formulas, their values, typed values, number formats, merges and data validation', async () => {
    const first = await rest(url).importWorkbook({ name: 'Trip.xlsx', data: await original() })
    expect(first.notices).toEqual([])
    const before = await contents(first)
    expect(before.merges).toEqual({ merges: ['F1:G1'], held: ['F3:G3'] })
    expect(before.g3).toEqual({ range: 'G3', inputs: [['=A1+1']], values: [[4]] })
    expect(before.data.inputs).toEqual([
      ['3', '=SORT(A1:A3)', '=A1*$E$1', '=LET(x,A1,x*10)', '0.5', 'merged title'],
      ['1', '', '=A2*$E$1', '=INDIRECT("A"&ROW())', '1234.5', ''],
      ['2', '', '=A3*$E$1', '=SUM(C:C)', '46053', ''],
    ])
    expect(before.data.values).toEqual([
      [3, 1, 1.5, 30, 0.5, 'merged title'],
      [1, 2, 0.5, 1, 1234.5, null],
      [2, 3, 1, 3, 46053, null],
    ])
    expect(before.other.values).toEqual([[4]])
    expect(before.validations).toEqual(expect.arrayContaining(RULES_READ))
    expect(before.validations).toHaveLength(RULES_READ.length)

    const once = await exported(first)
    const second = await rest(url).importWorkbook({ name: 'Trip again.xlsx', data: once.bytes })
    expect(second.notices).toEqual([])
    const after = await contents(second)
    expect(after.data.inputs).toEqual(before.data.inputs)
    expect(after.data.values).toEqual(before.data.values)
    expect(after.other).toEqual({ ...before.other })
    expect(after.merges).toEqual({ merges: ['F1:G1'], held: [] })
    expect(after.g3).toEqual(before.g3)
    expect(after.validations).toEqual(expect.arrayContaining(RULES_READ))
    expect(after.validations).toHaveLength(RULES_READ.length)

    const twice = await exported(second)
    for (const wb of [once.wb, twice.wb]) {
      const ws = wb.getWorksheet('Data') as ExcelJS.Worksheet
      expect(['E1', 'E2', 'E3', 'E4', 'E5', 'E6'].map((a) => ws.getCell(a).numFmt)).toEqual([
        '0%',
        '"$"#,##0.00',
        'yyyy-mm-dd',
        '#,##0.000;[Red](#,##0.000)',
        'dd mmm yyyy',
        'h:mm AM/PM',
      ])
      expect(ws.getCell('C2').formula).toBe('A2*$E$1')
      // Functions newer than the 2007 format carry Excel's prefixes, or Excel shows #NAME?.
      expect(ws.getCell('B1').formula).toBe('_xlfn._xlws.SORT(A1:A3)')
      expect(ws.getCell('D1').formula).toBe('_xlfn.LET(_xlpm.x,A1,_xlpm.x*10)')
      expect(ws.model.merges).toEqual(['F1:G1'])
      // exceljs reads the rules back, one entry per cell.
      const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown> } })
        .dataValidations.model
      expect(dv.H3).toMatchObject({ type: 'list', formulae: ['"S,M,L"'], error: 'Pick a size' })
      expect(dv.I2).toMatchObject({ type: 'list', formulae: ['$A$1:$A$3'], errorStyle: 'warning' })
      expect(dv.K5).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 10] })
      expect(dv.O2).toMatchObject({ type: 'custom', formulae: ['_xlfn.ISOWEEKNUM(O2)>A2'] })
    }
    // Well-formed, and the worksheet's elements in the schema's order.
    for (const bytes of [once.bytes, twice.bytes]) {
      const zip = await JSZip.loadAsync(bytes)
      const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string
      const children = worksheetChildren(xml)
      expect(children).toContain('dataValidations')
      const positions = children.map((c) => WORKSHEET_ORDER.indexOf(c))
      expect(positions.every((p) => p >= 0)).toBe(true)
      expect(positions).toEqual([...positions].sort((a, b) => a - b))
      expect(xml).toMatch(/<dataValidation [^>]*showDropDown="1"[^>]*sqref="I1:I5"/)
    }
  })

  it('a checkbox goes out as the list TRUE,FALSE and comes back a dropdown of those', async () => {
    const wb = await rest(url).createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const client = rest(url, wb.token)
    await client.setValidations(wb.id, sheetId, [
      { range: 'B2:B9', kind: 'checkbox', strict: true },
    ])
    const once = await exported({ ...wb, notices: [] } as unknown as ImportedWorkbook)
    const dv = (
      once.wb.worksheets[0] as unknown as { dataValidations: { model: Record<string, unknown> } }
    ).dataValidations.model
    expect(dv.B9).toMatchObject({ type: 'list', formulae: ['"TRUE,FALSE"'] })
    const back = await rest(url).importWorkbook({ name: 'Boxes.xlsx', data: once.bytes })
    const rules = await rest(url, back.token).getValidations(back.id, back.sheets[0]!.id)
    expect(rules.map(({ id: _id, ...r }) => r)).toEqual([
      { range: 'B2:B9', kind: 'list', items: ['TRUE', 'FALSE'], strict: true },
    ])
  })
  it("a dropdown listing another sheet's range comes in as that range and goes out as it", async () => {
    const file = new ExcelJS.Workbook()
    const tasks = file.addWorksheet('Tasks')
    const listsSheet = file.addWorksheet('Lists')
    ;['Open', 'Done', 'Blocked'].forEach((v, i) => (listsSheet.getCell(`A${i + 1}`).value = v))
    for (const a of ['B2', 'B3', 'B4', 'B5']) {
      tasks.getCell(a).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['Lists!$A$1:$A$3'],
        showErrorMessage: true,
      }
    }
    const data = new Uint8Array(await file.xlsx.writeBuffer())
    const book = await rest(url).importWorkbook({ name: 'Lists.xlsx', data })
    expect(book.notices).toEqual([])
    const client = rest(url, book.token)
    const [tasksId, listsId] = book.sheets.map((s) => s.id) as [string, string]
    const rules = await client.getValidations(book.id, tasksId)
    expect(rules.map((r) => [r.range, r.kind, r.source])).toEqual([
      ['B2:B5', 'listRange', 'Lists!$A$1:$A$3'],
    ])
    // A row inserted at the top of Lists moves the source, and the new list reaches the file.
    await client.insertRows(book.id, listsId, 1, 1)
    await client.writeCells(book.id, listsId, { A4: 'Waiting' })
    await client.writeCells(book.id, tasksId, { B2: 'waiting' })
    const dv = (
      (await exported(book)).wb.getWorksheet('Tasks') as unknown as {
        dataValidations: { model: Record<string, unknown> }
      }
    ).dataValidations.model
    expect(dv.B3).toMatchObject({ type: 'list', formulae: ['Lists!$A$2:$A$4'] })
  })

  it("a dropdown listing another sheet's whole column (Lists!$A:$A) comes in, follows that sheet and goes out", async () => {
    // The rules' sheet comes first; the sheets they list come later in the file.
    const file = new ExcelJS.Workbook()
    const tasks = file.addWorksheet('Tasks')
    const lists = file.addWorksheet('Lists')
    const sizes = file.addWorksheet('My Sizes')
    ;['Open', 'Done', 'Blocked'].forEach((v, i) => (lists.getCell(`A${i + 1}`).value = v))
    ;['S', 'M', 'L'].forEach((v, i) => (sizes.getCell(`B${i + 1}`).value = v))
    for (const [cells, source] of [
      [['B2', 'B3'], 'Lists!$A:$A'],
      [['C2', 'C3'], "'My Sizes'!$B:$B"],
      [['D2'], 'Missing!$A:$A'],
    ] as const) {
      for (const a of cells) {
        tasks.getCell(a).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [source],
          showErrorMessage: true,
        }
      }
    }
    const data = new Uint8Array(await file.xlsx.writeBuffer())
    const book = await rest(url).importWorkbook({ name: 'Columns.xlsx', data })
    expect(book.notices).toEqual([
      '1 data validation rule(s) on "Tasks" were left out: a list from Missing!$A:$A (the file has no sheet "Missing").',
    ])
    const client = rest(url, book.token)
    const [tasksId, listsId] = book.sheets.map((s) => s.id) as [string, string]
    const rules = async (id = book.id, token = book.token, sheetId = tasksId) =>
      (await rest(url, token).getValidations(id, sheetId))
        .map((r) => [r.range, r.kind, r.source])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    expect(await rules()).toEqual([
      ['B2:B3', 'listRange', 'Lists!$A:$A'],
      ['C2:C3', 'listRange', "'My Sizes'!$B:$B"],
    ])
    // The list reads the other sheet: its values pass, others are refused.
    await client.writeCells(book.id, tasksId, { B2: 'blocked', C2: 'M' })
    await expect(client.writeCells(book.id, tasksId, { B3: 'Maybe' })).rejects.toMatchObject({
      status: 422,
      body: { code: 'VALIDATION_FAILED' },
    })
    // Stored anchored, as the dialog stores it: it follows a rename and a row added to Lists.
    await client.updateSheet(book.id, listsId, { name: 'States' })
    await client.writeCells(book.id, listsId, { A4: 'Waiting' })
    await client.writeCells(book.id, tasksId, { B3: 'waiting' })
    expect(await rules()).toEqual([
      ['B2:B3', 'listRange', 'States!$A:$A'],
      ['C2:C3', 'listRange', "'My Sizes'!$B:$B"],
    ])
    // Out as Excel's whole-column reference, and back in as the same dropdowns.
    const once = await exported(book)
    const dv = (
      once.wb.getWorksheet('Tasks') as unknown as {
        dataValidations: { model: Record<string, unknown> }
      }
    ).dataValidations.model
    expect(dv.B3).toMatchObject({ type: 'list', formulae: ['States!$A:$A'] })
    expect(dv.C2).toMatchObject({ type: 'list', formulae: ["'My Sizes'!$B:$B"] })
    const again = await rest(url).importWorkbook({ name: 'Columns again.xlsx', data: once.bytes })
    expect(again.notices).toEqual([])
    expect(await rules(again.id, again.token, again.sheets[0]!.id)).toEqual([
      ['B2:B3', 'listRange', 'States!$A:$A'],
      ['C2:C3', 'listRange', "'My Sizes'!$B:$B"],
    ])
  })
})
