/** Why a version was taken. */
export type VersionKind = 'auto' | 'named' | 'import' | 'restore'

/** A version of a workbook as the REST API lists it. */
export interface Version {
  id: string
  /** Epoch milliseconds. */
  createdAt: number
  kind: VersionKind
  /** A named version's name; for a restore point, what was about to be restored. */
  label: string | null
  /** Who edited since the previous version: display names (null for REST writers) and links. */
  participants: Array<{ name: string | null; linkId: string | null }>
  /** Cells changed per sheet since the previous version. */
  summary: Array<{ sheetId: string; name: string; cellsChanged: number }>
  /** The live sheets of that version, in tab order. */
  sheetIds: string[]
  /** For a restore point: the version restored right after it (what an undo reverts). */
  restoring: string | null
}

export interface RestoredVersion {
  /** The version taken just before the restore: `restoreVersion(…, {undo: true})` on it undoes the restore. */
  restorePoint: Version
  restored: Version
}

/** A cell that differs between a version and now. */
export interface ChangedCell {
  /** Its A1 address in the version; null when its row or column did not exist then. */
  address: string | null
  rowId: string
  colId: string
  /** Input then and now (`""` when empty), as stored. */
  then: string
  now: string
  /** Who changed it since the version (display names, or `link <id>`). */
  changedBy: string[]
}

export interface VersionChanges {
  changes: ChangedCell[]
  truncated: boolean
}

/** One value a cell took, newest first in a `CellHistory`. */
export interface CellEdit {
  /** The input set (formulas id-anchored); null when the cell was cleared. */
  value: string | null
  /** Epoch milliseconds. */
  at: number
  name: string | null
  linkId: string | null
  source: 'socket' | 'rest' | 'server'
}

export interface CellHistory {
  address: string
  rowId: string
  colId: string
  edits: CellEdit[]
}

/** Settings only the owner changes. */
export interface WorkbookSettings {
  /** Whether viewers may read the version and cell history. */
  viewersSeeHistory: boolean
  /** Whether editors may make view-only links. */
  editorsShareViewLinks: boolean
}
