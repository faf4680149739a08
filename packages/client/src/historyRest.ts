import type { CellHistory, RestoredVersion, Version, VersionChanges } from './historyTypes.js'
import type { CreatedWorkbook } from './sheetRest.js'
import { enc, sheetPath } from './restHttp.js'
import { TransferRest } from './transferRest.js'

/** `RestClient`'s version and cell history calls. */
export class HistoryRest extends TransferRest {
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
}
