import type * as Y from 'yjs'
import { liveIds, sheetTypes, type SheetTypes } from '@cellmate/model'
import type { AxisLookup } from './anchoredFormula.js'

/**
 * The engine's copy of one sheet's layout: the row and column ids *as HyperFormula currently
 * has them*. Between a document change and the engine catching up the two differ, which is
 * exactly what `planAxisSync` reads; afterwards they are equal to `liveIds`.
 */
export class SheetMirror implements AxisLookup {
  readonly types: SheetTypes
  /** HyperFormula's numeric sheet id while the sheet is in the engine. */
  engineSheet: number | null = null
  /** Cells whose row or column is not in the sheet yet (a write raced ahead of an insert). */
  readonly orphans = new Set<string>()
  private rowIds: string[] = []
  private colIds: string[] = []
  private rowPos: Map<string, number> | null = null
  private colPos: Map<string, number> | null = null
  /**
   * The row asked for last: a sheet's cells are read row by row, and a filled-down formula
   * names its own row (a third fewer map lookups reading a 100,000-formula sheet).
   */
  private lastRowId: string | null = null
  private lastRow = -1
  /** The column asked for last: a row's cells are read left to right (`colIndexOf`). */
  private lastCol = -1

  constructor(
    readonly sheetId: string,
    readonly doc: Y.Doc,
  ) {
    this.types = sheetTypes(doc)
  }

  /** Ids as the document shows them now. */
  liveIds(axis: 'rows' | 'cols'): string[] {
    const t = this.types
    return axis === 'rows' ? liveIds(t.rows, t.removedRows) : liveIds(t.cols, t.removedCols)
  }

  ids(axis: 'rows' | 'cols'): readonly string[] {
    return axis === 'rows' ? this.rowIds : this.colIds
  }

  setIds(axis: 'rows' | 'cols', ids: string[]): void {
    if (axis === 'rows') {
      this.rowIds = ids
      this.rowPos = null
      this.lastRowId = null
    } else {
      this.colIds = ids
      this.colPos = null
      this.lastCol = -1
    }
  }

  /** True when an id was deleted for good (it can never come back). */
  isRemoved(axis: 'rows' | 'cols', id: string): boolean {
    return (axis === 'rows' ? this.types.removedRows : this.types.removedCols).has(id)
  }

  rowId(index: number): string | undefined {
    return this.rowIds[index]
  }

  colId(index: number): string | undefined {
    return this.colIds[index]
  }

  rowIndexOf(id: string): number {
    if (id === this.lastRowId) return this.lastRow
    this.rowPos ??= positions(this.rowIds)
    this.lastRowId = id
    this.lastRow = this.rowPos.get(id) ?? -1
    return this.lastRow
  }

  colIndexOf(id: string): number {
    const colPos = (this.colPos ??= positions(this.colIds))
    // A sheet's cells come row by row, each row left to right: the column after the one asked
    // for last is compared first, a few characters, before the map hashes the id (reading a
    // 1,000,000-cell sheet for the engine spent ~0.1 s in those lookups). Only when no id is
    // listed twice: the map's answer for one that is (the last of them) is then not the next.
    if (colPos.size === this.colIds.length && this.colIds[this.lastCol + 1] === id) {
      return ++this.lastCol
    }
    this.lastCol = colPos.get(id) ?? -1
    return this.lastCol
  }
}

/** `rowId:colId` -> its two ids (ids never contain `:`). */
export function splitCellKey(key: string): { rowId: string; colId: string } {
  const at = key.indexOf(':')
  return { rowId: key.slice(0, at), colId: key.slice(at + 1) }
}

/** Id -> index (the last one for an id listed twice), without a pair array per id. */
function positions(ids: readonly string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (let i = 0; i < ids.length; i++) map.set(ids[i] as string, i)
  return map
}
