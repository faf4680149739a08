import * as Y from 'yjs'
import { RestClient, type SyncProvider, type SyncStatus, type SyncedDoc } from '@cellmate/client'
import {
  SheetLayout,
  UndoHistory,
  formatA1,
  getTitle,
  listSheets,
  moveSheet,
  renameSheet,
  setTitle,
  setCells,
  sheetDocName,
  sheetTypes,
  validateSheetName,
  workbookDocName,
  type CellEdit,
  type SheetInfo,
} from '@cellmate/model'
import type { ErrorBody, Role, SheetOpRequest, SheetPreview } from '@cellmate/protocol'
import { WorkbookFormulas } from '../formula/workbookFormulas'
import type { PresenceUser } from '../presence/presenceState'
import { asSentence } from '../workbook/noticeText'
import { CellConflictWatch, type CellConflict } from './cellConflicts'
import { openPersistedDoc, type PersistedDoc } from './persistedDoc'
import { SheetSession } from './sheetSession'
import { previewDoc } from './sheetPreview'
import { nextTask } from './nextTask'
import {
  closeWhenReady,
  workbookProvider,
  type EarlyConnection,
  type OpeningDoc,
} from './earlyConnection'
import { SheetPeers } from './sheetPeers'

/** What the workbook document currently says, for the header and the sheet tabs. */
export interface WorkbookInfo {
  title: string
  sheets: SheetInfo[]
  /** True when this change was made in this tab (an edit, an undo or a redo). */
  local: boolean
}

/** A cell conflict (see `CellConflictWatch`) on one sheet, with the other writer if known. */
export interface SheetCellConflict extends CellConflict {
  sheetId: string
  writer: PresenceUser | null
}

/** A cell as a notice names it: its address now and a stored value as the user would type it. */
export interface CellDescription {
  address: string
  text: string
}

/** What watches a loaded sheet document for the people on it and for conflicting edits. */
interface SheetWatch {
  peers: SheetPeers
  conflicts: CellConflictWatch
}

/** A sheet document shared by whoever uses it: the open sheet, the formula engine. */
interface SheetDocEntry {
  ready: Promise<PersistedDoc | null>
  users: number
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
  private readonly sheetDocs = new Map<string, SheetDocEntry>()
  private readonly sheetOfDoc = new WeakMap<Y.Doc, string>()
  /** Sheets this tab asked the server to delete (a delete, or an undo of an add). */
  private readonly deletedByThisTab = new Set<string>()
  private readonly sheetWatches = new Map<string, SheetWatch>()
  private readonly conflictListeners = new Set<(conflict: SheetCellConflict) => void>()
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
    this.formulas = new WorkbookFormulas(
      this.workbook,
      (sheetId) =>
        queueMicrotask(() => {
          if (!this.destroyed) this.acquire(sheetId)
        }),
      {
        oneStep: (docs, write) => {
          for (const doc of docs) this.history.track(doc)
          this.history.together(write)
        },
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
    const binding = await this.acquire(sheetId).ready
    // Not whether the document is empty now: its join's first slices may already be in.
    const previewed =
      binding !== null &&
      showPreview !== undefined &&
      !binding.synced.synced &&
      binding.synced.openedEmpty
    if (previewed) {
      await this.awaitFirstSync(sheetId, binding.synced, cancelled, showPreview)
      // The last slice applied in this task: the session's layout and the grid's first render
      // of the whole sheet come in tasks of their own (`warmLayout`).
      await nextTask()
    }
    if (!binding || this.destroyed || cancelled()) {
      this.release(sheetId)
      return null
    }
    const { doc } = binding
    // Tracked until the document itself closes, not when its tab is left: every sheet stays
    // loaded for the formula engine, so undo reaches edits made on other sheets too.
    this.history.track(doc)
    const release = (): void => this.release(sheetId)
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

  /**
   * A sheet this browser has never held: nothing to show or edit until the server's state is
   * in. Its first screen (`SyncedDoc.preview`) is shown meanwhile, read-only, through
   * `showPreview`; edits wait for the real document, so none is made on the preview.
   */
  private async awaitFirstSync(
    sheetId: string,
    synced: SyncedDoc,
    cancelled: () => boolean,
    showPreview: (preview: SheetSession) => void,
  ): Promise<void> {
    const show = async (preview: SheetPreview): Promise<void> => {
      if (this.destroyed || cancelled()) return
      // Three tasks, none near 50 ms on a busy machine: the preview's document, the grid's
      // first render of it, then sizing the cell index (zeroing a 1,000,000-cell sheet's
      // 24 MB), which comes after the first screen so that it does not delay it. Shown even
      // if the sheet is in by then: the whole sheet is shown two tasks later (`openSheet`),
      // after this one (tasks queued by `nextTask` run in order).
      const doc = previewDoc(preview)
      await nextTask()
      if (this.destroyed || cancelled()) {
        doc.destroy()
        return
      }
      const handle = { doc, preview: true, release: () => doc.destroy() }
      showPreview(new SheetSession(sheetId, handle, this.origin))
      const entries = preview.cellEntries
      if (entries === undefined) return
      await nextTask()
      // Sized once for the whole sheet, not doubled again and again while its state applies.
      sheetTypes(synced.doc).cells.reserve(entries)
    }
    const stop = synced.watchPreview((preview) => void show(preview))
    try {
      if (synced.preview) void show(synced.preview)
      await synced.whenSynced()
    } catch {
      // Refused: the session opens on what there is, and the refusal is reported as usual.
    } finally {
      stop()
    }
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
    this.conflictListeners.add(listener)
    return () => this.conflictListeners.delete(listener)
  }

  /** The person who writes to a sheet with Yjs client id `clientId`, if ever seen there. */
  writerOn(sheetId: string, clientId: number | null): PresenceUser | null {
    return clientId === null ? null : (this.sheetWatches.get(sheetId)?.peers.user(clientId) ?? null)
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
    const doc = this.formulas.sheetDocs.get(sheetId)
    if (!doc) return null
    const layout = new SheetLayout(doc)
    try {
      const row = layout.rowIndexOf(rowId)
      const col = layout.colIndexOf(colId)
      if (row < 0 || col < 0) return null
      return {
        address: formatA1({ row, col }),
        text: this.formulas.forSheet(sheetId, layout).toDisplay(stored),
      }
    } finally {
      layout.destroy()
    }
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
  async addSheet(): Promise<SheetInfo> {
    const info = await this.sheetOp({ op: 'add' }, 'Adding a sheet')
    this.recordCreated(info.id)
    return info
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
    const info = await this.sheetOp({ op: 'duplicate', sheetId }, 'Duplicating a sheet')
    this.recordCreated(info.id)
    return info
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
  async deleteSheet(sheetId: string): Promise<void> {
    const place = this.placeOf(sheetId)
    await this.sheetOp({ op: 'delete', sheetId }, 'Deleting a sheet')
    this.recordDeleted(sheetId, place ?? { name: sheetId, index: 0 })
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
    for (const sheetId of [...this.sheetWatches.keys()]) this.unwatchSheet(sheetId)
    this.conflictListeners.clear()
    this.formulas.destroy()
    for (const entry of this.sheetDocs.values()) {
      void entry.ready.then((binding) => {
        binding?.close()
        binding?.doc.destroy()
      })
    }
    this.sheetDocs.clear()
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
    return this.provider.status.connection === 'connected'
      ? null
      : `${action} needs a connection to the server; try again when back online`
  }

  /** True when this tab deleted the sheet (so nobody needs to be told someone else did). */
  deletedHere(sheetId: string): boolean {
    return this.deletedByThisTab.has(sheetId)
  }

  /** Runs a sheet operation on the server; `action` says what it was if there is no connection. */
  private async sheetOp(request: SheetOpRequest, action: string): Promise<SheetInfo> {
    const problem = this.sheetOpProblem(action)
    if (problem) throw new Error(problem)
    // Recorded before the request: the workbook change can arrive before its answer.
    if (request.op === 'delete') this.deletedByThisTab.add(request.sheetId)
    if (request.op === 'restore') this.deletedByThisTab.delete(request.sheetId)
    return this.provider.sheetOp(request)
  }

  /** Where a sheet is now: its name and tab position (what a restore puts back). */
  private placeOf(sheetId: string): { name: string; index: number } | null {
    const tabs = listSheets(this.workbook)
    const index = tabs.findIndex((s) => s.id === sheetId)
    const tab = tabs[index]
    return tab ? { name: tab.name, index } : null
  }

  /**
   * An undo step for a sheet this tab added or duplicated: undo deletes it (the server keeps
   * it), redo restores it where it was when undone.
   */
  private recordCreated(sheetId: string): void {
    let place = { name: sheetId, index: 0 }
    this.history.record({
      undo: async () => {
        place = this.placeOf(sheetId) ?? place
        await this.sheetOp({ op: 'delete', sheetId }, 'Undoing a sheet change')
      },
      redo: async () => {
        await this.sheetOp({ op: 'restore', sheetId, ...place }, 'Redoing a sheet change')
      },
    })
  }

  /** An undo step for a sheet this tab deleted: undo restores it where it was. */
  private recordDeleted(sheetId: string, deletedFrom: { name: string; index: number }): void {
    let place = deletedFrom
    this.history.record({
      undo: async () => {
        await this.sheetOp({ op: 'restore', sheetId, ...place }, 'Undoing a sheet change')
      },
      redo: async () => {
        place = this.placeOf(sheetId) ?? place
        await this.sheetOp({ op: 'delete', sheetId }, 'Redoing a sheet change')
      },
    })
  }

  private acquire(sheetId: string): SheetDocEntry {
    let entry = this.sheetDocs.get(sheetId)
    if (!entry) {
      entry = { ready: this.loadSheetDoc(sheetId), users: 0 }
      this.sheetDocs.set(sheetId, entry)
    }
    entry.users++
    return entry
  }

  private async loadSheetDoc(sheetId: string): Promise<PersistedDoc | null> {
    const binding = await this.openingSheet(sheetId).ready
    if (binding) {
      const { synced } = binding
      // A first visit's state arrives in slices: evaluated once it is all in.
      const loaded = synced.openedEmpty && !synced.synced ? synced.whenSynced() : undefined
      this.formulas.addSheet(sheetId, binding.doc, loaded)
      this.sheetOfDoc.set(binding.doc, sheetId)
      this.watchSheet(sheetId, binding)
    }
    return binding
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

  private watchSheet(sheetId: string, binding: PersistedDoc): void {
    const peers = new SheetPeers(binding.synced.awareness)
    const conflicts = new CellConflictWatch(
      binding.doc,
      (origin) => this.isOwnOrigin(origin),
      (key) => peers.editorsOf(key),
      (conflict) => {
        const found = { ...conflict, sheetId, writer: this.writerOn(sheetId, conflict.by) }
        for (const listener of this.conflictListeners) listener(found)
      },
    )
    this.sheetWatches.set(sheetId, { peers, conflicts })
  }

  private unwatchSheet(sheetId: string): void {
    const watch = this.sheetWatches.get(sheetId)
    watch?.conflicts.destroy()
    watch?.peers.destroy()
    this.sheetWatches.delete(sheetId)
  }

  /**
   * A sheet nobody uses keeps syncing until its edits are stored on the server, so switching
   * tabs right after typing (or right after creating a sheet) loses nothing for the others;
   * reopening it meanwhile reuses the same document.
   */
  private release(sheetId: string): void {
    const entry = this.sheetDocs.get(sheetId)
    if (!entry || --entry.users > 0) return
    void entry.ready.then(async (binding) => {
      await binding?.synced.flushed()
      if (entry.users > 0 || this.sheetDocs.get(sheetId) !== entry) return
      this.sheetDocs.delete(sheetId)
      this.unwatchSheet(sheetId)
      if (binding) this.history.untrack(binding.doc)
      binding?.close()
      binding?.doc.destroy()
    })
  }
}

/**
 * Lays out a freshly loaded sheet's rows and columns (`SheetLayout`) in this task and yields:
 * for a 1,000,000-cell sheet the 100,000 row ids take tens of milliseconds, which the grid's
 * first render of the sheet would otherwise add to its own task.
 */
async function warmLayout(session: SheetSession): Promise<void> {
  void session.layout.rowCount
  void session.layout.colCount
  await nextTask()
}
