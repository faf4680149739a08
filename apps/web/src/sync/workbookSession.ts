import * as Y from 'yjs'
import { SyncProvider, type SyncStatus } from '@cellmate/client'
import {
  getTitle,
  listSheets,
  sheetDocName,
  workbookDocName,
  type SheetInfo,
} from '@cellmate/model'
import type { ErrorBody } from '@cellmate/protocol'
import { openPersistedDoc, type PersistedDoc } from './persistedDoc'
import { SheetSession } from './sheetSession'

/** What the workbook document currently says, for the header and the sheet tabs. */
export interface WorkbookInfo {
  title: string
  sheets: SheetInfo[]
}

/**
 * Everything one open workbook needs: the connection, the workbook document and the sheets
 * opened from it. Framework-free; `useWorkbookSession` adapts it to Vue.
 */
export class WorkbookSession {
  readonly provider: SyncProvider
  readonly workbook = new Y.Doc()
  /**
   * Origin of every edit made in this tab. Edits from the server carry another origin, so an
   * undo manager tracking this one undoes only this user's own edits.
   */
  readonly origin: object = Object.freeze({ session: 'local' })
  private workbookBinding: PersistedDoc | null = null
  private destroyed = false

  constructor(
    readonly workbookId: string,
    token: string | undefined,
  ) {
    this.provider = new SyncProvider({ url: '', workbookId, token })
  }

  /** Loads the workbook document from IndexedDB and starts syncing it. */
  async start(): Promise<void> {
    this.workbookBinding = await openPersistedDoc(
      this.provider,
      workbookDocName(this.workbookId),
      this.workbook,
      () => this.destroyed,
    )
  }

  /** Calls `listener` with the title and sheets now and whenever the workbook changes. */
  watchWorkbook(listener: (info: WorkbookInfo) => void): () => void {
    const emit = (): void =>
      listener({ title: getTitle(this.workbook), sheets: listSheets(this.workbook) })
    this.workbook.on('update', emit)
    emit()
    return () => this.workbook.off('update', emit)
  }

  /** Calls `listener` with the connection status now and whenever it changes. */
  watchStatus(listener: (status: SyncStatus) => void): () => void {
    this.provider.on('status', listener)
    listener(this.provider.status)
    return () => this.provider.off('status', listener)
  }

  /**
   * Calls `listener` when the server refuses something for good on an open document (an edit
   * over the limits, a sheet that is not in this workbook). A refused connection is reported
   * through the status (`denied`) instead.
   */
  watchErrors(listener: (message: string) => void): () => void {
    const onError = (doc: string, error: ErrorBody): void => {
      if (doc !== '') listener(`${error.message} (${error.code})`)
    }
    this.provider.on('error', onError)
    return () => this.provider.off('error', onError)
  }

  /**
   * Opens a sheet's document (IndexedDB first, then sync). Resolves to null when the session
   * was destroyed or `cancelled()` became true meanwhile.
   */
  async openSheet(sheetId: string, cancelled: () => boolean): Promise<SheetSession | null> {
    const doc = new Y.Doc()
    const binding = await openPersistedDoc(
      this.provider,
      sheetDocName(sheetId),
      doc,
      () => this.destroyed || cancelled(),
    )
    if (!binding) {
      doc.destroy()
      return null
    }
    return new SheetSession(sheetId, binding, this.origin)
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.workbookBinding?.close()
    this.provider.destroy()
    this.workbook.destroy()
  }
}
