import type ExcelJS from 'exceljs'
import { addToCommitPart, writerZip } from './xlsxCommitParts.js'

/**
 * Dynamic-array formulas as Excel 365 saves them. An array formula (`<f t="array" ref=…>`) on
 * its own is a legacy CSE array, which Excel shows as `{=SORT(A1:A5)}` fixed to its range; a
 * dynamic array is the same element on a cell whose `cm` attribute points to a cell-metadata
 * record of type XLDAPR with `fDynamic="1"` in `xl/metadata.xml` (MS-XLSX 2.6.x, the
 * `dynamicArrayProperties` extension). Every array formula the export writes is a dynamic one
 * (the metadata has one record, and each array formula's cell carries `cm="1"`) except a
 * legacy array formula Cellmate keeps fitted to its range (`ARRAYFIT`), written as Excel's
 * `{=…}` without it.
 */

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const DYNAMIC_ARRAY_NS = 'http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray'
/** The extension URI Excel files `dynamicArrayProperties` under. */
const DYNAMIC_ARRAY_EXT = '{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}'
const METADATA_REL =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata'
const METADATA_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml'
const METADATA_PART = 'xl/metadata.xml'

/** `xl/metadata.xml` with one cell-metadata record (cm="1"): a dynamic array, as Excel writes it. */
export const DYNAMIC_ARRAY_METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<metadata xmlns="${MAIN_NS}" xmlns:xda="${DYNAMIC_ARRAY_NS}">` +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1"' +
  ' pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1"' +
  ' clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  `<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="${DYNAMIC_ARRAY_EXT}">` +
  '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'

/**
 * A cell's start tag followed by an array formula, in the row XML exceljs writes: `<c r="D1"
 * s="2" t="str"><f t="array" ref="D1:D5">`. The cell's attributes are its address, style and
 * type only (no user text), so `>` ends them.
 */
const ARRAY_CELL = /<c r="([A-Z]+[0-9]+)"([^>]*)><f t="array" /g

interface SheetInternals {
  stream?: { write(chunk: unknown, ...rest: unknown[]): unknown }
}

/**
 * Marks the array formulas of a streamed workbook as dynamic arrays. `addSheet` is called for
 * each worksheet before its first row is written, `finish` once before the workbook's `commit`.
 */
export class XlsxDynamicArrayWriter {
  private written = false

  constructor(private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter) {}

  /**
   * exceljs writes a cell's attributes from its value and style only, so `cm` is added to the
   * row XML on its way into the sheet's part: each row is one write. The set returned takes
   * the cells (`B2`) whose array formula is a legacy `{=…}`, which get no `cm`; add each
   * before its row is committed.
   */
  addSheet(ws: ExcelJS.Worksheet): Set<string> {
    const legacy = new Set<string>()
    const stream = (ws as unknown as SheetInternals).stream
    if (!stream || typeof stream.write !== 'function') {
      throw new Error('exceljs changed: its streamed worksheet has no stream')
    }
    const write = stream.write
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      let text = chunk
      if (typeof chunk === 'string' && chunk.includes('<f t="array" ')) {
        text = chunk.replace(ARRAY_CELL, (all, address: string, attrs: string) => {
          if (legacy.has(address)) return all
          this.written = true
          return `<c r="${address}"${attrs} cm="1"><f t="array" `
        })
      }
      return write.call(stream, text, ...rest)
    }
    return legacy
  }

  /** Adds the metadata part, its relationship and content type when any array was written. */
  finish(): void {
    if (!this.written) return
    writerZip(this.workbook).append(DYNAMIC_ARRAY_METADATA_XML, { name: METADATA_PART })
    addToCommitPart(
      this.workbook,
      'addWorkbookRels',
      '</Relationships>',
      `<Relationship Id="rIdCellmateMetadata" Type="${METADATA_REL}" Target="metadata.xml"/>`,
    )
    addToCommitPart(
      this.workbook,
      'addContentTypes',
      '</Types>',
      `<Override PartName="/${METADATA_PART}" ContentType="${METADATA_TYPE}"/>`,
    )
  }
}
