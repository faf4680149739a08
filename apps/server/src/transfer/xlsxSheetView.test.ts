import { describe, expect, it } from 'vitest'
import {
  insertInSheet,
  replaceIn,
  SHEET,
  sheetRelationship,
  TEST_LIMITS,
  xlsxFile,
} from './__tests__/xlsxFixtures.js'
import { parseXlsx } from './xlsxParse.js'
import { activeFilterRef } from './xlsxSanitize.js'

const parse = (bytes: Uint8Array) => parseXlsx(bytes, TEST_LIMITS)

const emptyHiddenRow = (n: number) =>
  replaceIn(SHEET, '</sheetData>', `<row r="${n}" hidden="1"/></sheetData>`)

describe('XLSX import of frozen panes and hidden rows and columns', () => {
  it('keeps a frozen row and column, a hidden row (an empty one too) and a hidden column', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        for (let r = 1; r <= 5; r++) {
          for (const c of 'ABCD') ws.getCell(`${c}${r}`).value = `${c}${r}`
        }
        ws.getRow(3).hidden = true
        ws.getColumn(2).hidden = true
        ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }]
      },
      // As Excel writes a hidden row without values (exceljs leaves it out).
      emptyHiddenRow(8),
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.frozen).toEqual({ rows: 1, cols: 1 })
    expect(sheet?.hiddenRows).toEqual([2, 7])
    expect(sheet?.hiddenCols).toEqual([1])
  })

  it('freezes rows only, and reads neither a split (not frozen) nor a hidden column run past the limit', async () => {
    const frozenRows = await xlsxFile((ws) => {
      ws.getCell('A1').value = 'title'
      ws.views = [{ state: 'frozen', ySplit: 2 }]
    })
    expect((await parse(frozenRows))[0]?.frozen).toEqual({ rows: 2, cols: 0 })
    const split = await xlsxFile((ws) => {
      ws.getCell('A1').value = 'title'
      ws.views = [{ state: 'split', xSplit: 2000, ySplit: 600 }]
    })
    expect((await parse(split))[0]?.frozen).toBeUndefined()
    // Excel hides "the rest of the sheet" as one <col> up to column XFD.
    const rest = await xlsxFile(
      (ws) => (ws.getCell('A1').value = 'only'),
      insertInSheet('sheetData', '<cols><col min="3" max="16384" hidden="1"/></cols>'),
    )
    const [sheet] = await parse(rest)
    expect(sheet?.hiddenCols?.[0]).toBe(2)
    expect(sheet?.hiddenCols).toHaveLength(TEST_LIMITS.maxCols - 2)
  })

  it('leaves showing the rows an autofilter hides (filters are not imported), not those hidden outside it', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = 'Fruit'
        ;['apple', 'pear', 'plum', 'fig'].forEach((v, i) => (ws.getCell(`A${i + 2}`).value = v))
        ws.getCell('A8').value = 'notes'
        for (const r of [3, 4, 8]) ws.getRow(r).hidden = true
      },
      insertInSheet(
        'pageMargins',
        '<autoFilter ref="A1:A5"><filterColumn colId="0"><filters><filter val="apple"/><filter val="fig"/></filters></filterColumn></autoFilter>',
      ),
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.hiddenRows).toEqual([7])
    expect(sheet?.notices).toEqual(['Filters are not imported: every row shows.'])
  })

  it("leaves showing the rows a table's filter hides", async () => {
    const table =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Table1" displayName="Stock" ref="A1:B4">' +
      '<autoFilter ref="A1:B4"><filterColumn colId="1"><customFilters><customFilter operator="greaterThan" val="5"/></customFilters></filterColumn></autoFilter>' +
      '<tableColumns count="2"><tableColumn id="1" name="Part"/><tableColumn id="2" name="Count"/></tableColumns>' +
      '<tableStyleInfo name="TableStyleLight1" showRowStripes="1"/></table>'
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = 'Part'
        ws.getCell('B1').value = 'Count'
        ;[12, 3, 7].forEach((n, i) => {
          ws.getCell(`A${i + 2}`).value = `part ${i}`
          ws.getCell(`B${i + 2}`).value = n
        })
        ws.getRow(3).hidden = true
      },
      emptyHiddenRow(6),
      (zip) => {
        zip.file('xl/tables/table1.xml', table)
      },
      sheetRelationship('rId80', 'table', '../tables/table1.xml'),
      replaceIn(
        SHEET,
        '</worksheet>',
        '<tableParts count="1"><tablePart r:id="rId80"/></tableParts></worksheet>',
      ),
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.tables?.map((t) => t.name)).toEqual(['Stock'])
    expect(sheet?.hiddenRows).toEqual([5])
    expect(sheet?.notices).toEqual(['Filters are not imported: every row shows.'])
  })

  it('tells a filter with criteria from one that only hides its buttons', () => {
    expect(
      activeFilterRef(
        '<autoFilter ref="A1:C9"><filterColumn colId="0" hiddenButton="1"/></autoFilter>',
      ),
    ).toBeUndefined()
    expect(activeFilterRef('<autoFilter ref="A1:C9"/>')).toBeUndefined()
    expect(
      activeFilterRef(
        '<autoFilter ref="A1:C9"><filterColumn colId="2"><top10 val="3"/></filterColumn></autoFilter>',
      ),
    ).toBe('A1:C9')
  })
})
