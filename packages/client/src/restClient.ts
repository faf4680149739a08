import type { ErrorBody, Role } from '@cellmate/protocol'

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

/** A workbook read with a token: what it holds and what that token lets its holder do. */
export interface WorkbookRead extends WorkbookSummary {
  role: Role
}

export interface CreatedWorkbook extends WorkbookSummary {
  /** The owner's capability token: keep it, it is shown once. */
  token: string
}

/** What a share link lets its holder do. */
export type ShareLinkRole = 'edit' | 'view'

/** A share link as its owner sees it (the token is never listed). */
export interface ShareLink {
  id: string
  role: ShareLinkRole
  /** ISO 8601. */
  createdAt: string
}

/** A share link just created: its token and URL are shown this once. */
export interface CreatedShareLink extends ShareLink {
  token: string
  /** `<origin>/w/<workbookId>#token=<token>`. */
  url: string
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
}

/** A REST call answered with an error status. */
export class RestError extends Error {
  override name = 'RestError'
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`)
  }
}

/**
 * Thin typed wrapper over Cellmate's REST API, for scripts, bots and tests (Node 20 or a
 * browser; uses the global `fetch`).
 */
export class RestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** The same client acting with another capability token. */
  withToken(token: string): RestClient {
    return new RestClient(this.baseUrl, token)
  }

  createWorkbook(title?: string): Promise<CreatedWorkbook> {
    return this.call('POST', '/api/workbooks', title === undefined ? {} : { title })
  }

  /** Title, sheets in tab order, and the role this client's token has in the workbook. */
  getWorkbook(id: string): Promise<WorkbookRead> {
    return this.call('GET', `/api/workbooks/${enc(id)}`)
  }

  /** Inputs (formulas in A1 form) and computed values of an A1 range, row-major. */
  readCells(workbookId: string, sheetId: string, range: string): Promise<CellsRead> {
    const q = new URLSearchParams({ range })
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

  /** Creates an edit or view link (owner only). */
  createLink(workbookId: string, role: ShareLinkRole): Promise<CreatedShareLink> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/links`, { role })
  }

  /** The workbook's links that still work, oldest first (owner only). */
  listLinks(workbookId: string): Promise<ShareLink[]> {
    return this.call('GET', `/api/workbooks/${enc(workbookId)}/links`)
  }

  /** Revokes a link: it stops working at once, for connected users too (owner only). */
  async revokeLink(workbookId: string, linkId: string): Promise<void> {
    await this.call('DELETE', `/api/workbooks/${enc(workbookId)}/links/${enc(linkId)}`)
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.token) headers.authorization = `Bearer ${this.token}`
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const json: unknown = text ? JSON.parse(text) : null
    if (!res.ok) {
      const err = (json as { error?: ErrorBody } | null)?.error ?? null
      throw new RestError(res.status, err)
    }
    return json as T
  }
}

const enc = encodeURIComponent

function sheetPath(workbookId: string, sheetId: string): string {
  return `/api/workbooks/${enc(workbookId)}/sheets/${enc(sheetId)}`
}
