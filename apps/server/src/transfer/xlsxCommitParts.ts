import type ExcelJS from 'exceljs'

/**
 * Additions to the package parts exceljs' streamed writer builds itself at commit
 * (`[Content_Types].xml`, the workbook's relationships), for the parts Cellmate writes that
 * exceljs does not know (tables, dynamic-array metadata).
 */

/** The commit steps whose part can be added to, with the name exceljs gives that part. */
const STEP_PARTS = {
  addContentTypes: '[Content_Types].xml',
  addWorkbookRels: '/xl/_rels/workbook.xml.rels',
} as const

type Step = keyof typeof STEP_PARTS

interface WriterInternals {
  zip?: { append(data: string, options: { name: string }): unknown }
  addContentTypes?: () => Promise<void>
  addWorkbookRels?: () => Promise<void>
}

/** The streamed writer's zip, to add a whole part of one's own. */
export function writerZip(workbook: ExcelJS.stream.xlsx.WorkbookWriter): {
  append(data: string, options: { name: string }): unknown
} {
  const zip = (workbook as unknown as WriterInternals).zip
  if (!zip) throw new Error('exceljs changed: its streamed writer has no zip')
  return zip
}

/**
 * Inserts `xml` before the closing tag `close` (`</Types>`, `</Relationships>`) of the part the
 * commit step `step` writes. Called once per addition before the workbook's `commit`; several
 * additions to one step chain.
 */
export function addToCommitPart(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  step: Step,
  close: string,
  xml: string,
): void {
  const book = workbook as unknown as WriterInternals
  const zip = writerZip(workbook)
  const original = book[step]
  if (typeof original !== 'function') {
    throw new Error(`exceljs changed: its streamed writer has no ${step} step`)
  }
  book[step] = () => {
    const append = zip.append
    zip.append = (data, options) =>
      append.call(
        zip,
        options.name === STEP_PARTS[step] ? data.replace(close, `${xml}${close}`) : data,
        options,
      )
    try {
      // The step appends its part synchronously (inside its promise's executor).
      return original.call(workbook)
    } finally {
      zip.append = append
    }
  }
}
