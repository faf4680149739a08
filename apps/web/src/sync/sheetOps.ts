import type * as Y from 'yjs'
import type { SyncProvider } from '@cellmate/client'
import { listSheets, type SheetInfo, type UndoHistory } from '@cellmate/model'
import type { SheetOpRequest } from '@cellmate/protocol'

/** A sheet's name and tab position. */
interface SheetPlace {
  name: string
  index: number
}

/**
 * The sheet operations only the server runs (it records sheets and issues their ids): add,
 * duplicate, delete and restore, each an undo step of this user's (`WorkbookSession` exposes
 * them). They need a connection.
 */
export class SheetOps {
  /** Sheets this tab asked the server to delete (a delete, or an undo of an add). */
  private readonly deletedByThisTab = new Set<string>()

  constructor(
    private readonly provider: SyncProvider,
    private readonly workbook: Y.Doc,
    private readonly history: UndoHistory,
  ) {}

  async add(): Promise<SheetInfo> {
    const info = await this.run({ op: 'add' }, 'Adding a sheet')
    this.recordCreated(info.id)
    return info
  }

  /** A copy listed right after the sheet (`WorkbookSession.duplicateSheet` stores it first). */
  async duplicate(sheetId: string): Promise<SheetInfo> {
    const info = await this.run({ op: 'duplicate', sheetId }, 'Duplicating a sheet')
    this.recordCreated(info.id)
    return info
  }

  async delete(sheetId: string): Promise<void> {
    const place = this.placeOf(sheetId)
    await this.run({ op: 'delete', sheetId }, 'Deleting a sheet')
    this.recordDeleted(sheetId, place ?? { name: sheetId, index: 0 })
  }

  /**
   * Why a sheet operation (`action`, e.g. "Deleting a sheet") cannot run now — it needs a
   * connection — or null when it can.
   */
  problem(action: string): string | null {
    return this.provider.status.connection === 'connected'
      ? null
      : `${action} needs a connection to the server; try again when back online`
  }

  /** True when this tab deleted the sheet (so nobody needs to be told someone else did). */
  deletedHere(sheetId: string): boolean {
    return this.deletedByThisTab.has(sheetId)
  }

  /** Runs a sheet operation on the server; `action` says what it was if there is no connection. */
  private async run(request: SheetOpRequest, action: string): Promise<SheetInfo> {
    const problem = this.problem(action)
    if (problem) throw new Error(problem)
    // Recorded before the request: the workbook change can arrive before its answer.
    if (request.op === 'delete') this.deletedByThisTab.add(request.sheetId)
    if (request.op === 'restore') this.deletedByThisTab.delete(request.sheetId)
    return this.provider.sheetOp(request)
  }

  /** Where a sheet is now: its name and tab position (what a restore puts back). */
  private placeOf(sheetId: string): SheetPlace | null {
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
    let place: SheetPlace = { name: sheetId, index: 0 }
    this.history.record({
      undo: async () => {
        place = this.placeOf(sheetId) ?? place
        await this.run({ op: 'delete', sheetId }, 'Undoing a sheet change')
      },
      redo: async () => {
        await this.run({ op: 'restore', sheetId, ...place }, 'Redoing a sheet change')
      },
    })
  }

  /** An undo step for a sheet this tab deleted: undo restores it where it was. */
  private recordDeleted(sheetId: string, deletedFrom: SheetPlace): void {
    let place = deletedFrom
    this.history.record({
      undo: async () => {
        await this.run({ op: 'restore', sheetId, ...place }, 'Undoing a sheet change')
      },
      redo: async () => {
        place = this.placeOf(sheetId) ?? place
        await this.run({ op: 'delete', sheetId }, 'Redoing a sheet change')
      },
    })
  }
}
