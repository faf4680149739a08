import { describe, expect, it } from 'vitest'
import { parseHtmlCells, parseHtmlTable, parseTsv, toHtmlTable, toTsv } from './clipboardFormat'

describe('TSV as Excel and Google Sheets put it on the clipboard', () => {
  it('splits rows and cells; one trailing line break is not an extra row', () => {
    expect(parseTsv('a\tb\r\n1\t2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(parseTsv('x')).toEqual([['x']])
    expect(parseTsv('')).toEqual([])
  })

  it('keeps empty cells and empty rows inside the block', () => {
    expect(parseTsv('a\t\tc\n\nd\t')).toEqual([['a', '', 'c'], [''], ['d', '']])
  })

  it('reads quoted cells holding tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"line 1\nline 2"\t"a\tb"\n"say ""hi"""\tplain')).toEqual([
      ['line 1\nline 2', 'a\tb'],
      ['say "hi"', 'plain'],
    ])
  })

  it('keeps a quote that does not open a quoted cell as text', () => {
    expect(parseTsv('5" pipe\t"unclosed\nnext')).toEqual([['5" pipe', '"unclosed'], ['next']])
  })

  it('round-trips any block through toTsv', () => {
    const block = [
      ['a', 'tab\there', 'new\nline'],
      ['"quoted"', '', 'end'],
    ]
    expect(parseTsv(toTsv(block))).toEqual(block)
    expect(toTsv([['1', '2']])).toBe('1\t2')
  })
})

describe('HTML tables', () => {
  it('reads the table Google Sheets writes, with line breaks and entities', () => {
    const html =
      '<meta charset="utf-8"><google-sheets-html-origin><style>td{}</style><table><tbody>' +
      '<tr><td>Name</td><td>Qty</td></tr><tr><td>A &amp; B<br>second</td><td>3</td></tr>' +
      '</tbody></table>'
    expect(parseHtmlTable(html)).toEqual([
      ['Name', 'Qty'],
      ['A & B\nsecond', '3'],
    ])
  })

  it('reads Excel-style cells with colspan and rowspan into their first slot', () => {
    const html =
      '<table><tr><td colspan="2">wide</td><td>c</td></tr>' +
      '<tr><td rowspan="2">tall</td><td>b2</td><td>c2</td></tr><tr><td>b3</td><td>c3</td></tr></table>'
    expect(parseHtmlTable(html)).toEqual([
      ['wide', '', 'c'],
      ['tall', 'b2', 'c2'],
      ['', 'b3', 'c3'],
    ])
  })

  it('is null without a table, and round-trips what toHtmlTable writes', () => {
    expect(parseHtmlTable('<p>just text</p>')).toBeNull()
    const block = [
      ['<b>not bold</b>', 'x\ny'],
      ['1', ''],
    ]
    expect(parseHtmlTable(toHtmlTable(block))).toEqual(block)
  })
})

describe('formats on the clipboard', () => {
  it("carries each cell's format to a paste in another Cellmate tab", () => {
    const block = [
      ['$1,234.00', '25.00%'],
      ['12/25/2026', 'plain'],
    ]
    const formats = [
      [{ bold: true, numFmt: 'currency' as const, decimals: 2 }, { numFmt: 'percent' as const }],
      [{ numFmt: 'date' as const, fill: '#ffeeaa' }, {}],
    ]
    const html = toHtmlTable(block, formats)
    // What other spreadsheets read: inline CSS.
    expect(html).toContain('font-weight:bold')
    expect(html).toContain('background-color:#ffeeaa')

    expect(parseHtmlCells(html)).toEqual({ texts: block, formats })
  })

  it("leaves formats out for anyone else's table, and drops values Cellmate cannot store", () => {
    const foreign = '<table><tr><td style="font-weight:bold">1</td></tr></table>'
    expect(parseHtmlCells(foreign)).toEqual({ texts: [['1']], formats: null })
    const odd =
      '<table><tr><td data-cellmate-format=\'{"bold":true,"color":"red","onclick":1}\'>x</td>' +
      '<td data-cellmate-format="not json">y</td></tr></table>'
    expect(parseHtmlCells(odd)?.formats).toEqual([[{ bold: true }, {}]])
  })
})
