import type { CellEditRecord } from './historyRecords.js'

/** What the rows of one run of cell edits share: all but the cell and its value. */
type RunFields = Omit<CellEditRecord, 'rowId' | 'colId' | 'value'>

/**
 * Cell edit log rows as they travel to the commit thread (`SqliteAppender`): by column, with
 * the fields a paste's rows share written once per run. Structured cloning one object per row
 * cost the event loop ~1 µs a row (250,000 rows of a paste: 269 ms to post); three arrays of
 * strings cost 90 ms, packing included.
 */
export interface PackedCellEdits {
  /** Consecutive rows that share `RunFields`, in order: `count` rows each. */
  runs: Array<RunFields & { count: number }>
  rowIds: string[]
  colIds: string[]
  values: Array<string | null>
}

function sameRun(a: RunFields, b: CellEditRecord): boolean {
  return (
    a.workbookId === b.workbookId &&
    a.sheetId === b.sheetId &&
    a.at === b.at &&
    a.linkId === b.linkId &&
    a.name === b.name &&
    a.source === b.source
  )
}

/** Packs the rows of several `recordCellEdits` calls, in order. */
export function packCellEdits(lists: ReadonlyArray<readonly CellEditRecord[]>): PackedCellEdits {
  const packed: PackedCellEdits = { runs: [], rowIds: [], colIds: [], values: [] }
  let run: (RunFields & { count: number }) | undefined
  for (const edits of lists) {
    for (const e of edits) {
      if (!run || !sameRun(run, e)) {
        const { workbookId, sheetId, at, linkId, name, source } = e
        run = { workbookId, sheetId, at, linkId, name, source, count: 0 }
        packed.runs.push(run)
      }
      run.count++
      packed.rowIds.push(e.rowId)
      packed.colIds.push(e.colId)
      packed.values.push(e.value)
    }
  }
  return packed
}

/** A cell of a packed run: row id, column id and the new value. */
export type CellEditCell = [rowId: string, colId: string, value: string | null]

/** One run of packed rows: the fields its rows share, and their cells in order. */
export interface CellEditRun {
  fields: RunFields
  cells: CellEditCell[]
}

/** The packed rows as runs, in order (the commit thread inserts a run with one statement). */
export function cellEditRuns(packed: PackedCellEdits): CellEditRun[] {
  let i = 0
  return packed.runs.map(({ count, ...fields }) => {
    const cells: CellEditCell[] = []
    for (const end = i + count; i < end; i++) {
      cells.push([packed.rowIds[i] as string, packed.colIds[i] as string, packed.values[i] ?? null])
    }
    return { fields, cells }
  })
}
