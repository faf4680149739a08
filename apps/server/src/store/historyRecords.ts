/**
 * The records of a workbook's memory: versions (`VersionRecord` + one `VersionDoc` per
 * document), the cell edit log (`CellEditRecord`) and the owner's history setting. See the
 * server README ("Version history") for the cost model.
 */

/** Why a version was taken. */
export const VERSION_KINDS = ['auto', 'named', 'import', 'restore'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]

/** Someone who edited between the previous version and this one. */
export interface Participant {
  /** The display name they gave (presence), or null for a REST writer. */
  name: string | null
  /** The share link they wrote through; null for the owner's token. */
  linkId: string | null
}

/** Cells changed in one sheet since the previous version. */
export interface SheetChangeSummary {
  sheetId: string
  name: string
  cellsChanged: number
}

/** One version of a workbook: when, why, who took part, and what changed. */
export interface VersionRecord {
  id: string
  workbookId: string
  createdAt: number
  kind: VersionKind
  /** A named version's name; for a restore point, what is about to be restored. */
  label: string | null
  participants: Participant[]
  summary: SheetChangeSummary[]
  /** The workbook's live sheets at that moment (its records), in tab order. */
  sheetIds: string[]
  /** For a restore point: the version whose restore followed it (what undoing reverts). */
  restoring: string | null
}

/**
 * A document's state in one version: either its whole state (`base` null) or a delta on the
 * state it had in version `base` (Yjs structs added since that state vector, plus the delete
 * set). The state is `Y.mergeUpdates` of the chain from the first full state up to this row.
 */
export interface VersionDoc {
  versionId: string
  doc: string
  base: string | null
  /** Deltas between this row and its full state (0 for a full state). */
  depth: number
  /** The document's state vector in this version: the next version's delta starts here. */
  stateVector: Uint8Array
  data: Uint8Array
}

/** Who made a change: what `CellEditRecord` and a version's participants are made of. */
export interface Author {
  /** The share link it came through; null for the owner's token or the server itself. */
  linkId: string | null
  /** The display name the person gave (presence); null when there is none (REST). */
  name: string | null
  source: 'socket' | 'rest' | 'server'
}

/** One value a cell took (null: cleared), attributed to whoever stored the update. */
export interface CellEditRecord {
  workbookId: string
  sheetId: string
  rowId: string
  colId: string
  value: string | null
  at: number
  /** The share link that wrote it; null for the owner's token or the server itself. */
  linkId: string | null
  /** The writer's display name from presence; null when it had none (REST). */
  name: string | null
  /** What wrote it: a person's tab, a REST call, or the server (a restore, an import). */
  source: 'socket' | 'rest' | 'server'
}

/**
 * The cells one change of a sheet set (a transaction, a REST write), as the cell edit log is
 * given them: what its rows share, once, and each cell as the sheet itself holds it — its cell
 * entry `rowId:colId:input` (`@cellmate/model`) for a new input, `rowId:colId` for a cleared
 * cell (ids hold no `:`). So recording a paste cuts and copies no string on the event loop: the
 * commit thread cuts them (`cellEditRun`), and a structured clone of the strings the document
 * already holds is the cheapest way there (server README, "The cell edit log's strings").
 */
export interface CellEditBatch {
  workbookId: string
  sheetId: string
  at: number
  linkId: string | null
  name: string | null
  source: 'socket' | 'rest' | 'server'
  cells: string[]
}

/** What the cell edit log says of a period: a version's change summary is made of it. */
export interface CellEditSummary {
  /** Distinct cells edited, by sheet id (a sheet with none is left out). */
  cellsBySheet: Map<string, number>
  /** Who edited (edits the server made left out), each once, in the order of their first edit. */
  editors: Participant[]
}

/** Settings only the owner changes. */
export interface WorkbookSettings {
  /** Whether viewers may read the version history and cell history. */
  viewersSeeHistory: boolean
  /** Whether editors may make view-only links (checked on every link an editor asks for). */
  editorsShareViewLinks: boolean
}

export const DEFAULT_WORKBOOK_SETTINGS: WorkbookSettings = {
  viewersSeeHistory: false,
  editorsShareViewLinks: false,
}
