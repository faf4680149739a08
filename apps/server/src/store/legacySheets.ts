import * as Y from 'yjs'
import {
  addSheet,
  initSheet,
  listSheets,
  sheetDocName,
  sheetMetaOf,
  workbookDocName,
  workbookTypes,
} from '@cellmate/model'
import { isValidId } from '@cellmate/protocol'
import { newSheetId } from '../sheetId.js'

/**
 * Stores written before sheet records (Cellmate up to issue 13) decided which sheets a
 * workbook has from its workbook document's `sheetMeta` — which any editor could write, so a
 * past viewer of workbook B could list B's sheet in a workbook A of their own and reach it
 * through A. Their sheet documents were named `sheet:<sheetId>`, in no workbook.
 *
 * The migration, run once when such a store is opened, gives every sheet exactly one
 * workbook: for each workbook, oldest first, the sheets its workbook document lists whose
 * document exists and that no older workbook already claimed (a later claim is a conflict,
 * logged; the first workbook keeps the sheet). Each claimed sheet gets a record and its
 * document is renamed `sheet:<workbookId>:<sheetId>`. The workbook document then stops
 * listing what it does not own, and a workbook left without sheets gets an empty one.
 *
 * Claimed sheets keep their old ids (a 32-bit random number and a counter, so guessable in
 * length): they are not re-issued, because links and bookmarks name them. That is safe now
 * because an id alone reaches nothing: every access goes through the record of the workbook
 * the connection or request was opened for.
 */

/** The name a sheet's document had before sheet records. */
export function legacySheetDocName(sheetId: string): string {
  return `sheet:${sheetId}`
}

/** The sheet id of a pre-record sheet document name, or null for any other name. */
export function legacySheetId(docName: string): string | null {
  const parts = docName.split(':')
  return parts.length === 2 && parts[0] === 'sheet' && isValidId(parts[1] as string)
    ? (parts[1] as string)
    : null
}

/** A sheet listed by a workbook that another, older workbook already claimed. */
export interface LegacySheetConflict {
  sheetId: string
  workbookId: string
  claimedBy: string
}

/** What the migration did, for the log. */
export interface LegacySheetReport {
  workbooks: number
  sheets: number
  /** Listed sheets whose document was never stored: nothing to move, not recorded. */
  missing: number
  /** Workbooks that were left without a sheet and got an empty one. */
  emptied: number
  conflicts: LegacySheetConflict[]
}

/**
 * Plans the migration from the stored data, one workbook at a time (`addWorkbook`, in
 * creation order); the store then applies `records`, `renames` and `appends` in one
 * transaction. Pure: no I/O.
 */
export class LegacySheetPlan {
  readonly records: Array<{ workbookId: string; sheetId: string; createdAt: number }> = []
  readonly renames: Array<{ from: string; to: string }> = []
  /** Updates to append: workbook documents' repairs and new empty sheets. */
  readonly appends: Array<{ doc: string; update: Uint8Array }> = []
  readonly report: LegacySheetReport = {
    workbooks: 0,
    sheets: 0,
    missing: 0,
    emptied: 0,
    conflicts: [],
  }
  private readonly owners = new Map<string, string>()
  private readonly recordedWorkbooks = new Set<string>()

  /**
   * `storedSheetIds`: ids of the pre-record sheet documents in the store. `recorded`: sheet
   * records already there (sheet id -> workbook id); their workbooks are skipped.
   */
  constructor(
    private readonly storedSheetIds: ReadonlySet<string>,
    recorded: ReadonlyMap<string, string>,
  ) {
    for (const [sheetId, workbookId] of recorded) {
      this.owners.set(sheetId, workbookId)
      this.recordedWorkbooks.add(workbookId)
    }
  }

  /** Plans one workbook; call in creation order (oldest first), so the oldest claim wins. */
  addWorkbook(workbook: { id: string; createdAt: number }, updates: readonly Uint8Array[]): void {
    if (this.recordedWorkbooks.has(workbook.id)) return
    this.report.workbooks++
    const doc = loadWorkbook(updates)
    const before = Y.encodeStateVector(doc)
    const { sheets, sheetMeta } = workbookTypes(doc)
    const owned = new Set<string>()
    for (const sheetId of [...sheetMeta.keys()]) {
      if (!sheetMetaOf(doc, sheetId)) continue
      if (!isValidId(sheetId) || !this.storedSheetIds.has(sheetId)) {
        this.report.missing++
        continue
      }
      const claimedBy = this.owners.get(sheetId)
      if (claimedBy !== undefined) {
        this.report.conflicts.push({ sheetId, workbookId: workbook.id, claimedBy })
        continue
      }
      this.owners.set(sheetId, workbook.id)
      owned.add(sheetId)
      this.record(workbook, sheetId)
      this.renames.push({
        from: legacySheetDocName(sheetId),
        to: sheetDocName(workbook.id, sheetId),
      })
    }
    doc.transact(() => {
      for (const sheetId of [...sheetMeta.keys()]) {
        if (!owned.has(sheetId)) sheetMeta.delete(sheetId)
      }
      const order = sheets.toArray()
      for (let i = order.length - 1; i >= 0; i--) {
        const id = order[i]
        if (typeof id !== 'string' || !owned.has(id)) sheets.delete(i, 1)
      }
      if (listSheets(doc).length === 0) this.addEmptySheet(workbook, doc)
    })
    const repair = Y.encodeStateAsUpdate(doc, before)
    // An update with no structs and an empty delete set is 2 bytes: nothing to repair.
    if (repair.byteLength > 2)
      this.appends.push({ doc: workbookDocName(workbook.id), update: repair })
    doc.destroy()
  }

  private record(workbook: { id: string; createdAt: number }, sheetId: string): void {
    this.records.push({ workbookId: workbook.id, sheetId, createdAt: workbook.createdAt })
    this.report.sheets++
  }

  private addEmptySheet(workbook: { id: string; createdAt: number }, doc: Y.Doc): void {
    const sheetId = newSheetId()
    addSheet(doc, { id: sheetId })
    const sheetDoc = new Y.Doc()
    initSheet(sheetDoc)
    this.appends.push({
      doc: sheetDocName(workbook.id, sheetId),
      update: Y.encodeStateAsUpdate(sheetDoc),
    })
    sheetDoc.destroy()
    this.owners.set(sheetId, workbook.id)
    this.record(workbook, sheetId)
    this.report.emptied++
  }
}

/** A stored workbook document; an entry that does not decode is skipped, as on load. */
function loadWorkbook(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  workbookTypes(doc)
  for (const update of updates) {
    try {
      Y.applyUpdate(doc, update)
    } catch {
      // The registry skips it when loading too; the migration sees what readers see.
    }
  }
  return doc
}

/** Where a migration reports what it did (a Fastify/pino logger fits). */
export interface MigrationLog {
  info(details: object, message: string): void
  warn(details: object, message: string): void
}

/** Logs a migration's outcome: one line, and one warning per conflicting claim. */
export function logLegacySheetReport(report: LegacySheetReport, log: MigrationLog): void {
  if (report.workbooks === 0) return
  const { conflicts, ...counts } = report
  log.info(
    { ...counts, conflicts: conflicts.length },
    'sheets given records and workbook-scoped names',
  )
  for (const conflict of conflicts) {
    log.warn(
      conflict,
      'a workbook listed a sheet an older workbook owns; it stays with the older one',
    )
  }
}
