import type { ErrorBody, Role } from '@cellmate/protocol'
import type {
  CellHistory,
  RestoredVersion,
  Version,
  VersionChanges,
  WorkbookSettings,
} from './historyTypes.js'
import type { ConditionalFormatJson, ConditionalFormatSpecJson } from './conditionalFormatTypes.js'
import type { FilterColumnJson, SheetFilterJson } from './filterTypes.js'
import type { DefinedNameJson, NewDefinedName } from './nameTypes.js'

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

/** What a share link lets its holder do (`comment`: view and comment). */
export type ShareLinkRole = 'edit' | 'comment' | 'view'

/** A share link as its owner sees it (the token is never listed). */
export interface ShareLink {
  id: string
  role: ShareLinkRole
  /** ISO 8601. */
  createdAt: string
  /** Whether the caller can get its URL again (`copyLink`): links the caller's token made. */
  copyable: boolean
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
/** `GET …/merges`: blocks in effect, and merges held by a value typed inside them. */
export interface SheetMerges {
  merges: string[]
  held: string[]
}

/** A data validation rule as REST reads and writes it. */
export interface ValidationRuleJson {
  id: string
  /** A1 range the rule applies to. */
  range: string
  kind: 'list' | 'listRange' | 'number' | 'date' | 'textLength' | 'checkbox' | 'custom'
  items?: string[]
  source?: string
  op?: 'between' | 'notBetween' | 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'
  min?: number | string
  max?: number | string
  formula?: string
  /** true: reject invalid input; false: keep it and mark it. */
  strict: boolean
  message?: string
  inputMessage?: string
  /** `number`: true lets only whole numbers in (Excel's "Whole number"). */
  integer?: boolean
  /** List rules: false hides the cell's dropdown chevron. */
  showDropdown?: boolean
}

export type CellValueJson = number | string | boolean | null

export interface CellsRead {
  range: string
  /** What was typed, row-major; formulas in A1 form for the current layout; `""` = empty. */
  inputs: string[][]
  /** Computed values, same shape as `inputs`. */
  values: CellValueJson[][]
}

/** One comment of a thread, as the REST API returns it. */
export interface CommentJson {
  id: string
  /** The display name the author gave. */
  author: string
  /** Written by the caller's session: the caller may edit and delete it. */
  mine: boolean
  text: string
  /** ISO 8601. */
  createdAt: string
  editedAt: string | null
}

/** A comment thread on a cell: its first comment, its state and its replies, oldest first. */
export interface CommentThreadJson extends CommentJson {
  /** A1 address of its cell now (it follows the cell through inserts and moves). */
  cell: string
  resolved: boolean
  resolvedBy: string | null
  resolvedAt: string | null
  replies: CommentJson[]
}

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

/** A downloaded export: the file name the server suggests and the content. */
export interface Download {
  filename: string
  blob: Blob
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
    private readonly clientKey?: string,
  ) {}

  /** The same client acting with another capability token. */
  withToken(token: string): RestClient {
    return new RestClient(this.baseUrl, token, this.clientKey)
  }

  /**
   * The same client acting as the session of a sync client key (`SyncProviderOptions.clientKey`):
   * comments it writes are that session's, to edit and delete from either side. Without one, a
   * client's session is its link.
   */
  withClientKey(clientKey: string): RestClient {
    return new RestClient(this.baseUrl, this.token, clientKey)
  }

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
   * `options.version` when given (see `listVersions`).
   */
  readCells(
    workbookId: string,
    sheetId: string,
    range: string,
    options: { version?: string } = {},
  ): Promise<CellsRead> {
    const q = new URLSearchParams({ range })
    if (options.version !== undefined) q.set('version', options.version)
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

  /** A sheet's comment threads in sheet order; open ones unless `resolved` (any role). */
  async listComments(
    workbookId: string,
    sheetId: string,
    options: { resolved?: boolean } = {},
  ): Promise<CommentThreadJson[]> {
    const q = options.resolved ? '?resolved=true' : ''
    const answer = await this.call<{ threads: CommentThreadJson[] }>(
      'GET',
      `${sheetPath(workbookId, sheetId)}/comments${q}`,
    )
    return answer.threads
  }

  /** Starts a thread on a cell (`"B3"`); commenters, editors and the owner. */
  addComment(
    workbookId: string,
    sheetId: string,
    comment: { cell: string; text: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/comments`, comment)
  }

  /** Replies to a thread; answers the whole thread. */
  replyToComment(
    workbookId: string,
    sheetId: string,
    threadId: string,
    reply: { text: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call(
      'POST',
      `${sheetPath(workbookId, sheetId)}/comments/${enc(threadId)}/replies`,
      reply,
    )
  }

  /** Resolves or reopens a thread, and/or edits one's own comment's text; answers the thread. */
  updateComment(
    workbookId: string,
    sheetId: string,
    commentId: string,
    change: { resolved?: boolean; text?: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call(
      'PATCH',
      `${sheetPath(workbookId, sheetId)}/comments/${enc(commentId)}`,
      change,
    )
  }

  /** Deletes one's own comment (a thread with its replies); the owner may delete any. */
  async deleteComment(workbookId: string, sheetId: string, commentId: string): Promise<void> {
    await this.call('DELETE', `${sheetPath(workbookId, sheetId)}/comments/${enc(commentId)}`)
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

  /** The data validation rules of a sheet. */
  async getValidations(workbookId: string, sheetId: string): Promise<ValidationRuleJson[]> {
    const answer = await this.call<{ rules: ValidationRuleJson[] }>(
      'GET',
      `${sheetPath(workbookId, sheetId)}/validations`,
    )
    return answer.rules
  }

  /**
   * Replaces every data validation rule of a sheet (`[]` removes them). A rule with
   * `strict: true` makes `writeCells` refuse a value it does not allow (422, `RestError`).
   */
  async setValidations(
    workbookId: string,
    sheetId: string,
    rules: ReadonlyArray<Omit<ValidationRuleJson, 'id'> & { id?: string }>,
  ): Promise<ValidationRuleJson[]> {
    const answer = await this.call<{ rules: ValidationRuleJson[] }>(
      'PUT',
      `${sheetPath(workbookId, sheetId)}/validations`,
      { rules },
    )
    return answer.rules
  }

  /** The conditional formats of a sheet, in priority order (the first applies first). */
  async getConditionalFormats(
    workbookId: string,
    sheetId: string,
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('GET', path)).rules
  }

  /** Adds a rule on an A1 range, last in priority (`first`: first); answers every rule. */
  async addConditionalFormat(
    workbookId: string,
    sheetId: string,
    rule: ConditionalFormatSpecJson & { range: string; first?: boolean },
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('POST', path, rule)).rules
  }

  /**
   * Changes a rule: a new rule (`kind` and its fields), range and/or priority (0 = first).
   * Answers every rule.
   */
  async updateConditionalFormat(
    workbookId: string,
    sheetId: string,
    ruleId: string,
    change: Partial<ConditionalFormatSpecJson> & { range?: string; priority?: number },
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats/${enc(ruleId)}`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('PATCH', path, change)).rules
  }

  /** Deletes a rule; answers the rules left. */
  async deleteConditionalFormat(
    workbookId: string,
    sheetId: string,
    ruleId: string,
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats/${enc(ruleId)}`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('DELETE', path)).rules
  }

  /** The workbook's defined names, sorted by name. */
  async listNames(workbookId: string): Promise<DefinedNameJson[]> {
    return (await this.call<{ names: DefinedNameJson[] }>('GET', namesPath(workbookId))).names
  }

  /** Defines a name (workbook-wide, or local to the sheet `scope`); answers every name. */
  async addName(workbookId: string, name: NewDefinedName): Promise<DefinedNameJson[]> {
    return (await this.call<{ names: DefinedNameJson[] }>('POST', namesPath(workbookId), name))
      .names
  }

  /**
   * Renames a name (formulas using it follow), changes what it refers to and/or its comment;
   * answers every name.
   */
  async updateName(
    workbookId: string,
    nameId: string,
    change: Partial<Omit<NewDefinedName, 'scope'>>,
  ): Promise<DefinedNameJson[]> {
    const path = `${namesPath(workbookId)}/${enc(nameId)}`
    return (await this.call<{ names: DefinedNameJson[] }>('PATCH', path, change)).names
  }

  /** Deletes a name (formulas using it read #NAME?); answers the names left. */
  async deleteName(workbookId: string, nameId: string): Promise<DefinedNameJson[]> {
    const path = `${namesPath(workbookId)}/${enc(nameId)}`
    return (await this.call<{ names: DefinedNameJson[] }>('DELETE', path)).names
  }

  /** The shared filter of a sheet and the rows it hides now; null when it has none. */
  async getFilter(workbookId: string, sheetId: string): Promise<SheetFilterJson | null> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    return (await this.call<{ filter: SheetFilterJson | null }>('GET', path)).filter
  }

  /**
   * Sets the shared filter of a sheet (replacing any): `range`'s top row is the header,
   * `columns` the criteria of columns inside it. Everyone sees the rows it hides.
   */
  async setFilter(
    workbookId: string,
    sheetId: string,
    range: string,
    columns: readonly FilterColumnJson[] = [],
  ): Promise<SheetFilterJson> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    const answer = await this.call<{ filter: SheetFilterJson }>('PUT', path, { range, columns })
    return answer.filter
  }

  /** Removes the shared filter of a sheet; false when it had none. */
  async removeFilter(workbookId: string, sheetId: string): Promise<boolean> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    return (await this.call<{ removed: boolean }>('DELETE', path)).removed
  }

  /** Unmerges every merged block sharing a cell with `range`. */
  unmergeCells(workbookId: string, sheetId: string, range: string): Promise<{ unmerged: number }> {
    const q = new URLSearchParams({ range })
    return this.call('DELETE', `${sheetPath(workbookId, sheetId)}/merges?${q.toString()}`)
  }

  /**
   * Creates an edit, comment or view link (owner only; an editor may create view links when
   * the owner's `editorsShareViewLinks` setting allows it).
   */
  createLink(workbookId: string, role: ShareLinkRole): Promise<CreatedShareLink> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/links`, { role })
  }

  /** The workbook's links that still work, oldest first (owner only). */
  listLinks(workbookId: string): Promise<ShareLink[]> {
    return this.call('GET', `/api/workbooks/${enc(workbookId)}/links`)
  }

  /** The URL of a link the caller's token made, again (owner only); 404 for any other. */
  copyLink(workbookId: string, linkId: string): Promise<{ url: string }> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/links/${enc(linkId)}/copy`)
  }

  /** Revokes a link: it stops working at once, for connected users too (owner only). */
  async revokeLink(workbookId: string, linkId: string): Promise<void> {
    await this.call('DELETE', `/api/workbooks/${enc(workbookId)}/links/${enc(linkId)}`)
  }

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
    return this.upload('/api/workbooks/import', files)
  }

  /** Adds the sheets of `.csv`/`.xlsx` files after the workbook's own (editor or owner). */
  importSheets(
    workbookId: string,
    files: ImportFile | readonly ImportFile[],
  ): Promise<{ sheets: SheetSummary[]; notices: string[] }> {
    return this.upload(`/api/workbooks/${enc(workbookId)}/sheets/import`, files)
  }

  /** The versions of a workbook, oldest first. */
  async listVersions(workbookId: string): Promise<Version[]> {
    const { versions } = await this.call<{ versions: Version[] }>(
      'GET',
      `/api/workbooks/${enc(workbookId)}/versions`,
    )
    return versions
  }

  /** Names the workbook as it is now (a named version, kept forever). */
  createVersion(workbookId: string, label: string): Promise<Version> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/versions`, { label })
  }

  /**
   * Restores the whole workbook to a version (one forward change everyone converges to).
   * `options.name` labels the restore in history. With `options.undo`, `versionId` is the
   * `restorePoint` a restore answered, and that restore is undone (what others changed since
   * is kept).
   */
  restoreVersion(
    workbookId: string,
    versionId: string,
    options: { name?: string; undo?: boolean } = {},
  ): Promise<RestoredVersion> {
    return this.call(
      'POST',
      `/api/workbooks/${enc(workbookId)}/versions/${enc(versionId)}/restore`,
      options,
    )
  }

  /** Makes a new workbook from a version; answers its owner token (shown once). */
  copyVersion(workbookId: string, versionId: string, title?: string): Promise<CreatedWorkbook> {
    return this.call(
      'POST',
      `/api/workbooks/${enc(workbookId)}/versions/${enc(versionId)}/copy`,
      title === undefined ? {} : { title },
    )
  }

  /** The cells of a sheet that changed since a version, with who changed them. */
  versionChanges(workbookId: string, versionId: string, sheetId: string): Promise<VersionChanges> {
    return this.call(
      'GET',
      `/api/workbooks/${enc(workbookId)}/versions/${enc(versionId)}/sheets/${enc(sheetId)}/changes`,
    )
  }

  /** A cell's previous values, newest first, with who and when (follows row and column moves). */
  cellHistory(
    workbookId: string,
    sheetId: string,
    a1: string,
    limit?: number,
  ): Promise<CellHistory> {
    const q = limit === undefined ? '' : `?limit=${limit}`
    return this.call('GET', `${sheetPath(workbookId, sheetId)}/cells/${enc(a1)}/history${q}`)
  }

  getSettings(workbookId: string): Promise<WorkbookSettings> {
    return this.call('GET', `/api/workbooks/${enc(workbookId)}/settings`)
  }

  /** Changes the owner settings named in `settings` (owner's token only); answers them all. */
  updateSettings(
    workbookId: string,
    settings: Partial<WorkbookSettings>,
  ): Promise<WorkbookSettings> {
    return this.call('PATCH', `/api/workbooks/${enc(workbookId)}/settings`, settings)
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await this.send(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return (text ? JSON.parse(text) : null) as T
  }

  private async upload<T>(path: string, files: ImportFile | readonly ImportFile[]): Promise<T> {
    const form = new FormData()
    for (const file of isFileList(files) ? files : [files]) {
      const blob = file.data instanceof Blob ? file.data : new Blob([file.data as BlobPart])
      form.append('file', blob, file.name)
    }
    // fetch sets the multipart content type with its boundary.
    const res = await this.send(path, { method: 'POST', body: form })
    return (await res.json()) as T
  }

  private async download(path: string): Promise<Download> {
    const res = await this.send(path, { method: 'GET' })
    return {
      filename: filenameOf(res.headers.get('content-disposition')) ?? path.replace(/^.*\//, ''),
      blob: await res.blob(),
    }
  }

  /** Sends a request with the token in the Authorization header; throws RestError unless 2xx. */
  private async send(path: string, init: RequestInit & { headers?: Record<string, string> }) {
    const headers: Record<string, string> = { ...init.headers }
    if (this.token) headers.authorization = `Bearer ${this.token}`
    if (this.clientKey) headers['x-cellmate-client-key'] = this.clientKey
    const res = await fetch(`${this.baseUrl}${path}`, { ...init, headers })
    if (!res.ok) {
      const text = await res.text()
      let err: ErrorBody | null = null
      try {
        err = (JSON.parse(text) as { error?: ErrorBody } | null)?.error ?? null
      } catch {
        // Not a Cellmate answer (a proxy's error page): the status says it all.
      }
      throw new RestError(res.status, err)
    }
    return res
  }
}

function isFileList(files: ImportFile | readonly ImportFile[]): files is readonly ImportFile[] {
  return Array.isArray(files)
}

/** The file name of a `Content-Disposition` header (RFC 6266 `filename*` preferred). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1])
    } catch {
      // Malformed escapes: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null
}

const enc = encodeURIComponent

function namesPath(workbookId: string): string {
  return `/api/workbooks/${enc(workbookId)}/names`
}

function sheetPath(workbookId: string, sheetId: string): string {
  return `/api/workbooks/${enc(workbookId)}/sheets/${enc(sheetId)}`
}
