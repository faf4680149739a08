import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import type { ImportLimits } from '../parsedSheet.js'

/**
 * Small .xlsx files for import tests, written with exceljs and then edited at the XML level
 * (JSZip) into what Excel and other producers write and exceljs does not: shared formulas
 * over whole columns, a link on a formula cell, namespace prefixes, pivot and drawing parts.
 */

export const TEST_LIMITS: ImportLimits = {
  maxRows: 10_000,
  maxCols: 200,
  maxCellChars: 50_000,
  maxSheets: 20,
  maxCells: 100_000,
  maxUnzippedBytes: 50 * 2 ** 20,
}

export type ZipEdit = (zip: JSZip) => Promise<void> | void

/** A workbook built by `fill`, then edited part by part. */
export async function xlsxFile(
  fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void,
  ...edits: ZipEdit[]
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  fill(wb.addWorksheet('Data'), wb)
  const written = await wb.xlsx.writeBuffer()
  const zip = await JSZip.loadAsync(written)
  for (const edit of edits) await edit(zip)
  return new Uint8Array(await zip.generateAsync({ type: 'arraybuffer' }))
}

/** Replaces text in a part (which must contain it). */
export function replaceIn(path: string, from: string | RegExp, to: string): ZipEdit {
  return async (zip) => {
    const xml = await zip.file(path)?.async('string')
    if (xml === undefined) throw new Error(`no part ${path}`)
    const next = xml.replace(from, to)
    if (next === xml) throw new Error(`${String(from)} not found in ${path}`)
    zip.file(path, next)
  }
}

export const SHEET = 'xl/worksheets/sheet1.xml'
export const SHEET_RELS = 'xl/worksheets/_rels/sheet1.xml.rels'

/** Adds a relationship from the first sheet to `target` (creating its .rels when needed). */
export function sheetRelationship(id: string, type: string, target: string): ZipEdit {
  return async (zip) => {
    const rel = `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`
    const xml =
      (await zip.file(SHEET_RELS)?.async('string')) ??
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    zip.file(SHEET_RELS, xml.replace('</Relationships>', `${rel}</Relationships>`))
  }
}

/** Puts `xml` into the first sheet right before `before` (an element name). */
export function insertInSheet(before: string, xml: string): ZipEdit {
  return replaceIn(SHEET, `<${before}`, `${xml}<${before}`)
}
