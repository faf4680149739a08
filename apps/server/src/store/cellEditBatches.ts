import type { CellEditBatch, CellEditRecord } from './historyRecords.js'

/** What the rows of one batch share: all but the cells. */
export type RunFields = Omit<CellEditBatch, 'cells'>

/** A cell of a run: row id, column id and the new value (null: cleared). */
export type CellEditCell = [rowId: string, colId: string, value: string | null]

/** A batch with its cells cut into ids and values: what the stores insert (`cellEditRuns.ts`). */
export interface CellEditRun {
  fields: RunFields
  cells: CellEditCell[]
}

/** A cell as a batch holds it (`CellEditBatch.cells`): `rowId:colId:value`, or `rowId:colId`. */
export function cellString(rowId: string, colId: string, value: string | null): string {
  return value === null ? `${rowId}:${colId}` : `${rowId}:${colId}:${value}`
}

function sameFields(a: RunFields, b: RunFields): boolean {
  return (
    a.workbookId === b.workbookId &&
    a.sheetId === b.sheetId &&
    a.at === b.at &&
    a.linkId === b.linkId &&
    a.name === b.name &&
    a.source === b.source
  )
}

/** Records as batches, in order: consecutive records that share their fields make one. */
export function cellEditBatches(records: readonly CellEditRecord[]): CellEditBatch[] {
  const batches: CellEditBatch[] = []
  let batch: CellEditBatch | undefined
  for (const r of records) {
    if (!batch || !sameFields(batch, r)) {
      const { workbookId, sheetId, at, linkId, name, source } = r
      batch = { workbookId, sheetId, at, linkId, name, source, cells: [] }
      batches.push(batch)
    }
    batch.cells.push(cellString(r.rowId, r.colId, r.value))
  }
  return batches
}

/** The cells of `batches`. */
export function cellCount(batches: readonly CellEditBatch[]): number {
  let n = 0
  for (const b of batches) n += b.cells.length
  return n
}

/** `batches` in order, cut into parts of at most `max` cells (a batch may span two parts). */
export function splitBatches(batches: readonly CellEditBatch[], max: number): CellEditBatch[][] {
  const parts: CellEditBatch[][] = []
  let part: CellEditBatch[] = []
  let room = max
  for (const batch of batches) {
    for (let at = 0; at < batch.cells.length;) {
      if (room === 0) {
        parts.push(part)
        part = []
        room = max
      }
      const take = Math.min(room, batch.cells.length - at)
      part.push(
        take === batch.cells.length ? batch : { ...batch, cells: batch.cells.slice(at, at + take) },
      )
      at += take
      room -= take
    }
  }
  if (part.length > 0) parts.push(part)
  return parts
}

/** A batch as a run: its fields, and each cell cut at its first two `:` into ids and value. */
export function cellEditRun(batch: CellEditBatch): CellEditRun {
  const { cells: strings, ...fields } = batch
  const cells = new Array<CellEditCell>(strings.length)
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i] as string
    const a = s.indexOf(':')
    const b = s.indexOf(':', a + 1)
    cells[i] =
      b < 0
        ? [s.slice(0, a), s.slice(a + 1), null]
        : [s.slice(0, a), s.slice(a + 1, b), s.slice(b + 1)]
  }
  return { fields, cells }
}
