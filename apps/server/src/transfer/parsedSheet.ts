import type {
  CellFormat,
  ConditionalSpec,
  FrozenPanes,
  RangePosition,
  TableInput,
  ValidationCriteria,
} from '@cellmate/model'

/**
 * A sheet read from an imported file, before it becomes a Yjs document. Plain data (it crosses
 * from the parsing worker by structured clone) in positions, not ids: ids are made when the
 * sheet document is built.
 */
export interface ParsedSheet {
  /** The name the file gives the sheet (an XLSX worksheet's, or the CSV's file name). */
  name: string
  /**
   * Raw inputs as a user would type them, row-major, rows trimmed of trailing empties: text
   * that would read as something else starts with `'`, formulas are in A1 form (`=SUM(A1:A3)`).
   */
  inputs: string[][]
  /** Formats of the cells that have any, by 0-based position. */
  formats: Array<{ row: number; col: number; format: CellFormat }>
  /** Column widths in px by 0-based column, when the file sets them. */
  colWidths: Array<{ col: number; px: number }>
  /** Row heights in px by 0-based row, when the file sets them. */
  rowHeights: Array<{ row: number; px: number }>
  /** Frozen panes (the first rows and columns stay in view), when the file freezes any. */
  frozen?: FrozenPanes
  /** Rows and columns hidden by hand (not by a filter), 0-based, ascending. */
  hiddenRows?: number[]
  hiddenCols?: number[]
  /** Merged ranges by 0-based position (never a single cell, never overlapping). */
  merges?: Array<{ top: number; left: number; bottom: number; right: number }>
  /** Cell notes (comments) by 0-based position: the author the note names, if any, and its text. */
  notes?: Array<{ row: number; col: number; author: string; text: string }>
  /** Conditional formats in priority order (the first applies first). */
  conditionalFormats?: Array<{ range: RangePosition; spec: ConditionalSpec }>
  /** Data validation rules in file order (where rules overlap, the first applies). */
  validations?: Array<{ range: RangePosition; criteria: ValidationCriteria }>
  /**
   * Excel tables on the sheet (names unique in the file; never overlapping each other or
   * merges); `fileName` is the name the file's formulas use when the import renamed one.
   */
  tables?: Array<TableInput & { fileName?: string }>
  /**
   * Defined names the file gives: the workbook's on its first sheet (`local` false), a
   * sheet's own on that sheet. Formulas in A1 form without `=`, naming sheets as the file does.
   */
  names?: Array<{ name: string; formula: string; local: boolean }>
  /** What the import left out of the file (drawings, pivots…), in words for the user. */
  notices?: string[]
}

/** What one import may hold; the parser refuses a file past any of them, naming which. */
export interface ImportLimits {
  /** Rows and columns of one sheet (the server's sheet limits). */
  maxRows: number
  maxCols: number
  /** Characters of one cell (`LIMITS.maxCellChars`). */
  maxCellChars: number
  /** Sheets in one file (`LIMITS.maxSheets`; an import into a workbook also counts its own). */
  maxSheets: number
  /** Non-empty cells in the whole file (`IMPORT_MAX_CELLS`). */
  maxCells: number
  /** Bytes an XLSX may expand to when unzipped (zip-bomb guard). */
  maxUnzippedBytes: number
}

/** The kinds of file an import understands, told apart by content, not only by name. */
export type ImportKind = 'csv' | 'xlsx'

/** A refusal of the parser: the HTTP status and code it answers with, and why. */
export interface ImportFailure {
  status: 400 | 413 | 415
  code: 'BAD_REQUEST' | 'LIMIT_EXCEEDED'
  message: string
}

/** Thrown by the parsers; the route turns it into `{error: {code, message}}` with its status. */
export class ImportError extends Error {
  override name = 'ImportError'
  constructor(readonly failure: ImportFailure) {
    super(failure.message)
  }

  /** Fastify's error handler answers with this status. */
  get statusCode(): number {
    return this.failure.status
  }
}

/** A file that is not what it claims or cannot be read. */
export function badFile(message: string): ImportError {
  return new ImportError({ status: 400, code: 'BAD_REQUEST', message })
}

/** A file past one of the limits. */
export function tooBig(message: string, status: 400 | 413 = 400): ImportError {
  return new ImportError({ status, code: 'LIMIT_EXCEEDED', message })
}
