import * as Y from 'yjs'
import { RestClient, type SyncProvider, type SyncStatus, type SyncedDoc } from '@cellmate/client'
import {
  UndoHistory,
  getTitle,
  listSheets,
  moveSheet,
  renameSheet,
  setTitle,
  setCells,
  sheetDocName,
  validateSheetName,
  workbookDocName,
  type CellEdit,
  type SheetInfo,
} from '@cellmate/model'
import type { ErrorBody, Role } from '@cellmate/protocol'
import { WorkbookFormulas } from '../formula/workbookFormulas'
import type { PresenceUser } from '../presence/presenceState'
import { asSentence } from '../workbook/noticeText'
import { cellDescription, type CellDescription } from './cellDescription'
import { openPersistedDoc, type PersistedDoc } from './persistedDoc'
import { SheetSession } from './sheetSession'
import { awaitFirstSync, warmLayout } from './sheetFirstSync'
import { SheetDocuments } from './sheetDocuments'
import { SheetOps } from './sheetOps'
import { nextTask } from './nextTask'
import {
  closeWhenReady,
  workbookProvider,
  type EarlyConnection,
  type OpeningDoc,
} from './earlyConnection'
import { WorkbookConflicts, type SheetCellConflict } from './workbookConflicts'

/** What the workbook document currently says, for the header and the sheet tabs. */
export interface WorkbookInfo {
  title: string
  sheets: SheetInfo[]
  /** True when this change was made in this tab (an edit, an undo or a redo). */
  local: boolean
}

/**
 * Everything one open workbook needs: the connection, the workbook document, the sheets
 * opened from it and this user's undo history over them. Framework-free; `useWorkbookSession`
 * adapts it to Vue.
 */
export class WorkbookSession {
  readonly provider: SyncProvider
  /** The REST API with this tab's token (share links; the server checks the role). */
  readonly rest: RestClient
  readonly workbook: Y.Doc
  /**
   * Origin of every edit made in this tab. Edits from the server carry another origin, so the
   * undo history, which tracks this one, undoes only this user's own edits.
   */
  readonly origin: object = Object.freeze({ session: 'local' })
  readonly history = new UndoHistory(this.origin)
  /**
   * The formula engine of this tab. It asks for every sheet of the workbook, and each sheet
   * document stays loaded and synced for the session once opened (formulas anywhere may read
   * it). Opened a microtask later: the engine asks while it handles a workbook change.
   */
  readonly formulas: WorkbookFormulas
  private workbookBinding: PersistedDoc | null = null
  private started: Promise<void> | null = null
  private readonly sheetDocs = new SheetDocuments({
    open: (sheetId) => this.openingSheet(sheetId),
    loaded: (sheetId, binding) => this.sheetLoaded(sheetId, binding),
    released: (sheetId, binding) => {
      this.conflicts.unwatchSheet(sheetId)
      if (binding) this.history.untrack(binding.doc)
    },
  })
  private readonly sheetOfDoc = new WeakMap<Y.Doc, string>()
  private readonly sheetOps: SheetOps
  private readonly conflicts = new WorkbookConflicts((origin) => this.isOwnOrigin(origin))
  private destroyed = false
  /** The connection and documents opened before this page (`connectEarly`), taken over. */
  private readonly early: EarlyConnection | null

  /**
   * `early`: a connection to this workbook with this token already opened (`connectEarly`);
   * its documents become this session's.
   */
  constructor(
    readonly workbookId: string,
    token: string | undefined,
    early: EarlyConnection | null = null,
  ) {
    this.early = early
    this.provider = early?.provider ?? workbookProvider(workbookId, token)
    this.rest = new RestClient('', token)
    this.workbook = early?.workbook.doc ?? new Y.Doc()
    if (early) early.cancelled = () => this.destroyed
    this.history.track(this.workbook)
    this.sheetOps = new SheetOps(this.provider, this.workbook, this.history)
    this.formulas = new WorkbookFormulas(
      this.workbook,
      (sheetId) =>
        queueMicrotask(() => {
          if (!this.destroyed) this.sheetDocs.acquire(sheetId)
        }),
      {
        oneStep: (docs, write) => {
          for (const doc of docs) this.history.track(doc)
          this.history.together(write)
        },
        beforeBuild: () => this.provider.whenSent(),
      },
    )
  }

  /** Loads the workbook document from IndexedDB and starts syncing it (once). */
  start(): Promise<void> {
    this.started ??= (
      this.early?.workbook.ready ??
      openPersistedDoc(
        this.provider,
        workbookDocName(this.workbookId),
        this.workbook,
        () => this.destroyed,
      )
    ).then((binding) => {
      this.workbookBinding = binding
    })
    return this.started
  }

  /**
   * The role the server granted this tab's token in the workbook document's first join ack;
   * null when the session was closed first. Never resolves when the server refuses the tab
   * (that shows as the `denied` status instead).
   */
  async joinedRole(): Promise<Role | null> {
    await this.start()
    const synced = this.workbookBinding?.synced
    if (!synced) return null
    try {
      await synced.whenSynced()
    } catch {
      return null
    }
    return this.destroyed ? null : synced.role
  }

  /** Presence of everyone in the workbook (header avatars); null until `start()` is done. */
  get workbookAwareness(): SyncedDoc['awareness'] | null {
    return this.workbookBinding?.synced.awareness ?? null
  }

  /** Calls `listener` with the title and sheets now and whenever the workbook changes. */
  watchWorkbook(listener: (info: WorkbookInfo) => void): () => void {
    const emit = (origin: unknown): void =>
      listener({
        title: getTitle(this.workbook),
        sheets: listSheets(this.workbook),
        local: origin === this.origin || origin instanceof Y.UndoManager,
      })
    const onUpdate = (_update: Uint8Array, origin: unknown): void => emit(origin)
    this.workbook.on('update', onUpdate)
    emit(undefined)
    return () => this.workbook.off('update', onUpdate)
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
      if (doc !== '') listener(asSentence(error.message))
    }
    this.provider.on('error', onError)
    if (this.early) {
      this.early.stopRecording()
      for (const [doc, error] of this.early.refusals.splice(0)) onError(doc, error)
    }
    return () => this.provider.off('error', onError)
  }

  /**
   * Opens a sheet's document (IndexedDB first, then sync) and records this user's edits to it
   * for undo until the returned session closes. Resolves to null when the session was
   * destroyed or `cancelled()` became true meanwhile.
   */
  async openSheet(
    sheetId: string,
    cancelled: () => boolean,
    showPreview?: (preview: SheetSession) => void,
  ): Promise<SheetSession | null> {
    const binding = await this.sheetDocs.acquire(sheetId).ready
    // Not whether the document is empty now: its join's first slices may already be in.
    const previewed =
      binding !== null &&
      showPreview !== undefined &&
      !binding.synced.synced &&
      binding.synced.openedEmpty
    if (previewed) {
      const gone = (): boolean => this.destroyed || cancelled()
      await awaitFirstSync(sheetId, binding.synced, this.origin, gone, showPreview)
      // The last slice applied in this task: the session's layout and the grid's first render
      // of the whole sheet come in tasks of their own (`warmLayout`).
      await nextTask()
    }
    if (!binding || this.destroyed || cancelled()) {
      this.sheetDocs.release(sheetId)
      return null
    }
    const { doc } = binding
    // Tracked until the document itself closes, not when its tab is left: every sheet stays
    // loaded for the formula engine, so undo reaches edits made on other sheets too.
    this.history.track(doc)
    const release = (): void => this.sheetDocs.release(sheetId)
    const session = new SheetSession(
      sheetId,
      {
        doc,
        awareness: binding.synced.awareness,
        session: () => binding.synced.session,
        release,
      },
      this.origin,
      (layout) => this.formulas.forSheet(sheetId, layout),
    )
    if (previewed) await warmLayout(session)
    if (this.destroyed || cancelled()) {
      session.close()
      return null
    }
    return session
  }

  /** True for a change this user made in this tab: an edit, an undo or a redo. */
  isOwnOrigin(origin: unknown): boolean {
    return origin === this.origin || origin instanceof Y.UndoManager
  }

  /**
   * Calls `listener` when a cell value of this user's meets someone else's on any loaded
   * sheet (see `CellConflictWatch`).
   */
  watchConflicts(listener: (conflict: SheetCellConflict) => void): () => void {
    return this.conflicts.listen(listener)
  }

  /** The person who writes to a sheet with Yjs client id `clientId`, if ever seen there. */
  writerOn(sheetId: string, clientId: number | null): PresenceUser | null {
    return this.conflicts.writerOn(sheetId, clientId)
  }

  /**
   * Where a cell is now and how a stored value of it reads (formulas in A1 form); null when
   * the sheet is not loaded or the cell's row or column is gone.
   */
  describeCell(
    sheetId: string,
    rowId: string,
    colId: string,
    stored: string,
  ): CellDescription | null {
    return cellDescription(this.formulas, sheetId, rowId, colId, stored)
  }

  /**
   * Writes stored values back into cells by ids ("Restore mine" after a conflict): one edit
   * of this user's, so one Ctrl+Z takes it back.
   */
  restoreCells(sheetId: string, cells: readonly CellEdit[]): void {
    const doc = this.formulas.sheetDocs.get(sheetId)
    if (!doc || cells.length === 0) return
    this.history.track(doc)
    setCells(doc, cells, this.origin)
  }

  /** The sheet the next undo (or redo) of this user changes, or null (none, or the workbook). */
  sheetOfNextStep(stack: 'undo' | 'redo'): string | null {
    const doc = this.history.nextDoc(stack)
    return doc ? (this.sheetOfDoc.get(doc) ?? null) : null
  }

  /**
   * Adds an empty sheet after the others. Only the server adds sheets (it records them and
   * issues their ids), so this needs a connection; it rejects with a message saying so, or
   * with the server's refusal (the sheet limit).
   */
  addSheet(): Promise<SheetInfo> {
    return this.sheetOps.add()
  }

  /**
   * Has the server copy a sheet to a new one listed right after it, once this tab's edits to
   * the sheet are stored (so the copy has them). Needs a connection.
   */
  async duplicateSheet(sheetId: string): Promise<SheetInfo> {
    const source = this.sheetDocs.get(sheetId)
    if (source && this.provider.status.connection === 'connected') {
      await (await source.ready)?.synced.flushed()
    }
    return this.sheetOps.duplicate(sheetId)
  }

  /** Renames the workbook (the title is trimmed; a blank one throws `BAD_REQUEST`). */
  renameWorkbook(title: string): void {
    setTitle(this.workbook, title, this.origin)
  }

  renameSheet(sheetId: string, name: string): void {
    renameSheet(this.workbook, sheetId, name, this.origin)
  }

  moveSheet(sheetId: string, index: number): void {
    moveSheet(this.workbook, sheetId, index, this.origin)
  }

  /**
   * Deletes a sheet (never the last one). The server keeps its content, so undo brings it back
   * where it was. Needs a connection.
   */
  deleteSheet(sheetId: string): Promise<void> {
    return this.sheetOps.delete(sheetId)
  }

  /** Why `name` cannot be the name of sheet `sheetId`, or null when it can. */
  sheetNameProblem(sheetId: string, name: string): string | null {
    try {
      validateSheetName(this.workbook, name, sheetId)
      return null
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.history.destroy()
    this.conflicts.destroy()
    this.formulas.destroy()
    this.sheetDocs.closeAll()
    this.workbookBinding?.close()
    // Sheets opened before this page that it never showed (an address naming another workbook's sheet).
    for (const opening of this.early?.sheets.values() ?? []) closeWhenReady(opening)
    this.provider.destroy()
    this.workbook.destroy()
  }

  /**
   * Why a sheet operation (`action`, e.g. "Deleting a sheet") cannot run now — it needs a
   * connection — or null when it can.
   */
  sheetOpProblem(action: string): string | null {
    return this.sheetOps.problem(action)
  }

  /** True when this tab deleted the sheet (so nobody needs to be told someone else did). */
  deletedHere(sheetId: string): boolean {
    return this.sheetOps.deletedHere(sheetId)
  }

  /** A sheet's document is in: the formula engine reads it, the conflict watch follows it. */
  private sheetLoaded(sheetId: string, binding: PersistedDoc): void {
    const { synced } = binding
    // A first visit's state arrives in slices: evaluated once it is all in.
    const loaded = synced.openedEmpty && !synced.synced ? synced.whenSynced() : undefined
    this.formulas.addSheet(sheetId, binding.doc, loaded)
    this.sheetOfDoc.set(binding.doc, sheetId)
    this.conflicts.watchSheet(sheetId, binding)
  }

  /** A sheet document opened early (taken, so only once), else opened now. */
  private openingSheet(sheetId: string): OpeningDoc {
    const early = this.early?.sheets.get(sheetId)
    if (early) {
      this.early?.sheets.delete(sheetId)
      return early
    }
    const doc = new Y.Doc()
    const ready = this.start()
      .then(() =>
        openPersistedDoc(
          this.provider,
          sheetDocName(this.workbookId, sheetId),
          doc,
          () => this.destroyed,
          this.workbookBinding?.synced,
        ),
      )
      .then((binding) => {
        if (!binding) doc.destroy()
        return binding
      })
    return { doc, ready }
  }
}
