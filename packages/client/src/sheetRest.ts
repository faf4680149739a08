import type { CellFormat } from '@cellmate/model'
import type { Role } from '@cellmate/protocol'
import { RestHttp, enc, sheetPath } from './restHttp.js'

/** A workbook as the REST API returns it. */
export interface WorkbookSummary {
  id: string
  title: string
  sheets: Array<{ id: string; name: string }>
}

export interface SheetSummary {
  id: string
  name: string
}

export interface SheetSize {
  rowCount: number
  colCount: number
}

/** A sort: `keys` are column letters (or 1-based numbers) inside `range`, most significant first. */
export interface SortRequest {
  range: string
  keys: Array<{ col: string | number; desc?: boolean }>
  /** The range's first row is a header and stays in place. */
  header?: boolean
  /** BCP 47 locale for comparing text. */
  locale?: string
}

/** A workbook read with a token: what it holds and what that token lets its holder do. */
export interface WorkbookRead extends WorkbookSummary {
  role: Role
}

export interface CreatedWorkbook extends WorkbookSummary {
  /** The owner's capability token: keep it, it is shown once. */
  token: string
}

/** `GET …/merges`: blocks in effect, and merges held by a value typed inside them. */
export interface SheetMerges {
  merges: string[]
  held: string[]
}

/**
 * A computed cell value: a number, a boolean, text, an Excel error code (`"#DIV/0!"`,
 * `"#REF!"`, …), or null for an empty cell.
 */
export type CellValueJson = number | string | boolean | null

export interface CellsRead {
  range: string
  /** What was typed, row-major; formulas in A1 form for the current layout; `""` = empty. */
  inputs: string[][]
  /** Computed values, same shape as `inputs`. */
  values: CellValueJson[][]
  /**
   * With `formats: true`: each cell's format as the grid shows it, same shape as `inputs` (a
   * formula's number without a number format of its own has the one it inherits).
   */
  formats?: CellFormat[][]
  /** With `formats: true`: each column's width in px, null for the default. */
  colWidths?: Array<number | null>
}

/** `RestClient`'s workbook and sheet calls: cells, sheets, rows and columns, sorting, merges. */
export class SheetRest extends RestHttp {
  createWorkbook(title?: string): Promise<CreatedWorkbook> {
    return this.call('POST', '/api/workbooks', title === undefined ? {} : { title })
  }

  /** Title, sheets in tab order, and the role this client's token has in the workbook. */
  getWorkbook(id: string): Promise<WorkbookRead> {
    return this.call('GET', `/api/workbooks/${enc(id)}`)
  }

  /** Renames the workbook (owners and editors); resolves with the title as stored (trimmed). */
  renameWorkbook(id: string, title: string): Promise<{ id: string; title: string }> {
    return this.call('PATCH', `/api/workbooks/${enc(id)}`, { title })
  }

  /**
   * Inputs (formulas in A1 form) and computed values of an A1 range, row-major; as it was in
   * `options.version` when given (see `listVersions`); with `options.formats`, the cells'
   * formats and the columns' widths too, to show the cells as the grid does.
   */
  readCells(
    workbookId: string,
    sheetId: string,
    range: string,
    options: { version?: string; formats?: boolean } = {},
  ): Promise<CellsRead> {
    const q = new URLSearchParams({ range })
    if (options.version !== undefined) q.set('version', options.version)
    if (options.formats) q.set('formats', 'true')
    return this.call('GET', `${sheetPath(workbookId, sheetId)}/cells?${q.toString()}`)
  }

  /**
   * Writes cells by A1 address (formulas in A1 form, `""` clears); resolves once the change
   * is durable and broadcast.
   */
  writeCells(
    workbookId: string,
    sheetId: string,
    cells: Record<string, string>,
  ): Promise<{ updated: number }> {
    return this.call('PATCH', `${sheetPath(workbookId, sheetId)}/cells`, { cells })
  }

  /** Adds a sheet after the others (named `SheetN` unless `name` is given). */
  addSheet(workbookId: string, name?: string): Promise<SheetSummary> {
    return this.call(
      'POST',
      `/api/workbooks/${enc(workbookId)}/sheets`,
      name === undefined ? {} : { name },
    )
  }

  /** Renames and/or moves a sheet (`position` is 1-based). */
  updateSheet(
    workbookId: string,
    sheetId: string,
    change: { name?: string; position?: number },
  ): Promise<SheetSummary & { position: number }> {
    return this.call('PATCH', sheetPath(workbookId, sheetId), change)
  }

  duplicateSheet(workbookId: string, sheetId: string): Promise<SheetSummary> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/duplicate`)
  }

  async deleteSheet(workbookId: string, sheetId: string): Promise<void> {
    await this.call('DELETE', sheetPath(workbookId, sheetId))
  }

  /** Inserts `count` rows so they become rows `at`..`at+count-1` (1-based). */
  insertRows(workbookId: string, sheetId: string, at: number, count = 1): Promise<SheetSize> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/rows`, { at, count })
  }

  deleteRows(workbookId: string, sheetId: string, at: number, count = 1): Promise<SheetSize> {
    return this.call('DELETE', `${sheetPath(workbookId, sheetId)}/rows`, { at, count })
  }

  /** Inserts columns at a letter (`"C"`) or 1-based number. */
  insertCols(
    workbookId: string,
    sheetId: string,
    at: string | number,
    count = 1,
  ): Promise<SheetSize> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/cols`, { at, count })
  }

  deleteCols(
    workbookId: string,
    sheetId: string,
    at: string | number,
    count = 1,
  ): Promise<SheetSize> {
    return this.call('DELETE', `${sheetPath(workbookId, sheetId)}/cols`, { at, count })
  }

  /**
   * Hides (or shows) rows `at`..`at+count-1` (1-based), or columns from a letter or 1-based
   * number, for everyone. Answers the 1-based positions of every hidden row (column) now.
   */
  setHidden(
    workbookId: string,
    sheetId: string,
    axis: 'rows' | 'cols',
    at: number | string,
    count: number,
    hidden: boolean,
  ): Promise<{ hidden: number[] }> {
    const path = `${sheetPath(workbookId, sheetId)}/${axis}/${hidden ? 'hide' : 'unhide'}`
    return this.call('POST', path, { at, count })
  }

  /**
   * Sorts the rows of an A1 range by one or more of its columns (Excel's order on computed
   * values, stable, empty cells last). Whole rows move, with their formats and heights.
   */
  sortRange(
    workbookId: string,
    sheetId: string,
    request: SortRequest,
  ): Promise<{ range: string; moved: number }> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/sort`, request)
  }

  /** The merged cells of a sheet (A1 ranges) and merges held by a value typed inside them. */
  getMerges(workbookId: string, sheetId: string): Promise<SheetMerges> {
    return this.call('GET', `${sheetPath(workbookId, sheetId)}/merges`)
  }

  /**
   * Merges a range (`all`, `horizontal`: a block per row, `vertical`: a block per column).
   * Merging keeps only each block's top-left value: without `discardOthers` a merge that would
   * clear a value is refused (400) naming the cells.
   */
  mergeCells(
    workbookId: string,
    sheetId: string,
    range: string,
    options: { mode?: 'all' | 'horizontal' | 'vertical'; discardOthers?: boolean } = {},
  ): Promise<{ merged: string[]; discarded: number }> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/merges`, { range, ...options })
  }

  /** Unmerges every merged block sharing a cell with `range`. */
  unmergeCells(workbookId: string, sheetId: string, range: string): Promise<{ unmerged: number }> {
    const q = new URLSearchParams({ range })
    return this.call('DELETE', `${sheetPath(workbookId, sheetId)}/merges?${q.toString()}`)
  }
}
