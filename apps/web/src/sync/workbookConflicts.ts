import type { PresenceUser } from '../presence/presenceState'
import { CellConflictWatch, type CellConflict } from './cellConflicts'
import type { PersistedDoc } from './persistedDoc'
import { SheetPeers } from './sheetPeers'

/** A cell conflict (see `CellConflictWatch`) on one sheet, with the other writer if known. */
export interface SheetCellConflict extends CellConflict {
  sheetId: string
  writer: PresenceUser | null
}

/** What watches a loaded sheet document for the people on it and for conflicting edits. */
interface SheetWatch {
  peers: SheetPeers
  conflicts: CellConflictWatch
}

/**
 * The people on each loaded sheet of a workbook and the conflicts of this user's cell values
 * with someone else's there, reported to the workbook's listeners with the other writer.
 */
export class WorkbookConflicts {
  private readonly sheetWatches = new Map<string, SheetWatch>()
  private readonly conflictListeners = new Set<(conflict: SheetCellConflict) => void>()

  /** `isOwnOrigin`: true for a change this user made in this tab (an edit, an undo or a redo). */
  constructor(private readonly isOwnOrigin: (origin: unknown) => boolean) {}

  /** Calls `listener` for each conflict on any watched sheet. */
  listen(listener: (conflict: SheetCellConflict) => void): () => void {
    this.conflictListeners.add(listener)
    return () => this.conflictListeners.delete(listener)
  }

  /** The person who writes to a sheet with Yjs client id `clientId`, if ever seen there. */
  writerOn(sheetId: string, clientId: number | null): PresenceUser | null {
    return clientId === null ? null : (this.sheetWatches.get(sheetId)?.peers.user(clientId) ?? null)
  }

  watchSheet(sheetId: string, binding: PersistedDoc): void {
    const peers = new SheetPeers(binding.synced.awareness)
    const conflicts = new CellConflictWatch(
      binding.doc,
      this.isOwnOrigin,
      (key) => peers.editorsOf(key),
      (conflict) => {
        const found = { ...conflict, sheetId, writer: this.writerOn(sheetId, conflict.by) }
        for (const listener of this.conflictListeners) listener(found)
      },
    )
    this.sheetWatches.set(sheetId, { peers, conflicts })
  }

  unwatchSheet(sheetId: string): void {
    const watch = this.sheetWatches.get(sheetId)
    watch?.conflicts.destroy()
    watch?.peers.destroy()
    this.sheetWatches.delete(sheetId)
  }

  destroy(): void {
    for (const sheetId of [...this.sheetWatches.keys()]) this.unwatchSheet(sheetId)
    this.conflictListeners.clear()
  }
}
