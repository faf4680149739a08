import type { CreatedWorkbook, SheetSummary } from './sheetRest.js'
import { enc, sheetPath, type Download } from './restHttp.js'
import { SharingRest } from './sharingRest.js'

/** A file to import: its name (the extension says CSV or XLSX) and its content. */
export interface ImportFile {
  name: string
  data: Blob | Uint8Array
}

/** A workbook created by an import, with its owner token and link (shown once). */
export interface ImportedWorkbook extends CreatedWorkbook {
  /** `<origin>/w/<workbookId>#token=<token>`. */
  url: string
  /** What the import left out of the files (merges, drawings, pivots…), in words for the user. */
  notices: string[]
}

/** `RestClient`'s import and export calls. */
export class TransferRest extends SharingRest {
  /** Downloads a sheet's used range as CSV (formulas as their values), any role. */
  exportCsv(workbookId: string, sheetId: string): Promise<Download> {
    return this.download(`${sheetPath(workbookId, sheetId)}/export.csv`)
  }

  /** Downloads the whole workbook as XLSX (values, formulas with results, formats), any role. */
  exportXlsx(workbookId: string): Promise<Download> {
    return this.download(`/api/workbooks/${enc(workbookId)}/export.xlsx`)
  }

  /**
   * Creates a workbook from `.csv`/`.xlsx` files (one sheet per CSV, one per worksheet);
   * open to anyone. Answers its owner token and link, shown once.
   */
  importWorkbook(files: ImportFile | readonly ImportFile[]): Promise<ImportedWorkbook> {
    return this.upload('/api/workbooks/import', formOf(files))
  }

  /** Adds the sheets of `.csv`/`.xlsx` files after the workbook's own (editor or owner). */
  importSheets(
    workbookId: string,
    files: ImportFile | readonly ImportFile[],
  ): Promise<{ sheets: SheetSummary[]; notices: string[] }> {
    return this.upload(`/api/workbooks/${enc(workbookId)}/sheets/import`, formOf(files))
  }
}

/** The multipart body of an import: one `file` part per file. */
function formOf(files: ImportFile | readonly ImportFile[]): FormData {
  const form = new FormData()
  for (const file of isFileList(files) ? files : [files]) {
    const blob = file.data instanceof Blob ? file.data : new Blob([file.data as BlobPart])
    form.append('file', blob, file.name)
  }
  return form
}

function isFileList(files: ImportFile | readonly ImportFile[]): files is readonly ImportFile[] {
  return Array.isArray(files)
}
