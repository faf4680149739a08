import * as Y from 'yjs'
import { CELL_ENTRIES_ROOT, SheetCells } from './cellStore.js'
import { SHEET_ROOTS } from './sheet.js'

/**
 * Roots a restore leaves as they are: comments are the conversation about the workbook, not
 * its content (as in Google Sheets, restoring a version does not take back comments).
 */
const KEPT_ON_RESTORE: ReadonlySet<string> = new Set([SHEET_ROOTS.comments])

/** What a restore changed in one document: the roots it wrote, and cells it set or cleared. */
export interface RestoreReport {
  roots: string[]
  cells: number
}

/**
 * Makes `target` show what `source` shows (an earlier version of the same document), as one
 * forward transaction tagged `origin`: every root is brought to the source's content, keeping
 * the ids already there (rows, columns and sheets keep their ids, so an edit someone makes
 * concurrently on a row still lands on that row). Only what differs is written: cells are
 * compared by key and value through `SheetCells`, maps key by key (nested maps recursively),
 * arrays by their common head and tail. A root the source does not have is emptied.
 * Comments stay as they are (`KEPT_ON_RESTORE`).
 *
 * It is an ordinary change: others' concurrent edits merge with it, and `Y.UndoManager`
 * tracking `origin` can undo it.
 */
export function restoreDocContent(target: Y.Doc, source: Y.Doc, origin?: unknown): RestoreReport {
  const report: RestoreReport = { roots: [], cells: 0 }
  const names = new Set([...source.share.keys(), ...target.share.keys()])
  target.transact(() => {
    for (const name of [...names].sort()) {
      if (KEPT_ON_RESTORE.has(name)) continue
      if (name === CELL_ENTRIES_ROOT) {
        const n = restoreCells(target, source, origin)
        if (n > 0) {
          report.cells = n
          report.roots.push(name)
        }
        continue
      }
      const kind = rootKind(source, name) ?? rootKind(target, name)
      if (kind === null) continue
      const changed =
        kind === 'map'
          ? syncMap(target.getMap<unknown>(name), source.getMap<unknown>(name))
          : syncArray(target.getArray<unknown>(name), source.getArray<unknown>(name))
      if (changed) report.roots.push(name)
    }
  }, origin)
  return report
}

/**
 * Undoes a restore, keeping what others did since: `before` is the document as it was just
 * before the restore (its restore point), `restored` the version it restored. Every cell the
 * restore changed and that still holds the restored value goes back to its value before; a
 * map entry likewise; an array (rows, columns, tabs) goes back if it is still exactly as the
 * restore left it. One transaction tagged `origin`.
 */
export function revertRestore(
  target: Y.Doc,
  before: Y.Doc,
  restored: Y.Doc,
  origin?: unknown,
): RestoreReport {
  const report: RestoreReport = { roots: [], cells: 0 }
  const names = new Set([...before.share.keys(), ...restored.share.keys(), ...target.share.keys()])
  target.transact(() => {
    for (const name of [...names].sort()) {
      if (KEPT_ON_RESTORE.has(name)) continue
      if (name === CELL_ENTRIES_ROOT) {
        const live = SheetCells.of(target)
        const writes: Array<[string, string]> = []
        for (const [key, change] of changedCells(before, restored)) {
          if (live.get(key) === change.after) writes.push([key, change.before ?? ''])
        }
        if (writes.length > 0) {
          live.setMany(writes, origin)
          report.cells = writes.length
          report.roots.push(name)
        }
        continue
      }
      const kind = rootKind(before, name) ?? rootKind(restored, name) ?? rootKind(target, name)
      if (kind === null) continue
      let changed = false
      if (kind === 'map') {
        const live = target.getMap<unknown>(name)
        const was = before.getMap<unknown>(name)
        const set = restored.getMap<unknown>(name)
        for (const key of new Set([...was.keys(), ...set.keys()])) {
          if (sameValue(was.get(key), set.get(key))) continue
          if (!sameValue(live.get(key), set.get(key))) continue
          if (was.has(key)) live.set(key, copyValue(was.get(key)))
          else live.delete(key)
          changed = true
        }
      } else {
        const live = target.getArray<unknown>(name)
        if (sameValue(live, restored.getArray<unknown>(name))) {
          changed = syncArray(live, before.getArray<unknown>(name))
        }
      }
      if (changed) report.roots.push(name)
    }
  }, origin)
  return report
}

/**
 * The cells of two versions of one sheet that differ: each key (`rowId:colId`) with its input
 * in `before` and in `after` (undefined when empty there).
 */
export function changedCells(
  before: Y.Doc,
  after: Y.Doc,
): Map<string, { before: string | undefined; after: string | undefined }> {
  const a = SheetCells.of(before)
  const b = SheetCells.of(after)
  const out = new Map<string, { before: string | undefined; after: string | undefined }>()
  for (const [key, value] of a.entries()) {
    const now = b.get(key)
    if (now !== value) out.set(key, { before: value, after: now })
  }
  for (const [key, value] of b.entries()) {
    if (!a.has(key)) out.set(key, { before: undefined, after: value })
  }
  return out
}

function restoreCells(target: Y.Doc, source: Y.Doc, origin: unknown): number {
  const writes: Array<[string, string]> = []
  for (const [key, { after }] of changedCells(target, source)) writes.push([key, after ?? ''])
  // Entries that lost a concurrent write are invisible; they go too, so the log is as clean
  // as the version's.
  if (writes.length > 0) SheetCells.of(target).setMany(writes, origin)
  return writes.length
}

/**
 * Whether a root holds a map or an array. A root nobody declared with `getMap`/`getArray`
 * (a version read from bytes) is a bare type: its entries say which it is.
 */
function rootKind(doc: Y.Doc, name: string): 'map' | 'array' | null {
  const type = doc.share.get(name)
  if (!type) return null
  if (type instanceof Y.Map) return 'map'
  if (type instanceof Y.Array) return 'array'
  if (type._map.size > 0) return 'map'
  if (type._start !== null) return 'array'
  return null
}

function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>): boolean {
  let changed = false
  for (const [key, value] of source.entries()) {
    const current = target.get(key)
    if (value instanceof Y.Map && current instanceof Y.Map) {
      changed = syncMap(current as Y.Map<unknown>, value as Y.Map<unknown>) || changed
    } else if (value instanceof Y.Array && current instanceof Y.Array) {
      changed = syncArray(current as Y.Array<unknown>, value as Y.Array<unknown>) || changed
    } else if (!sameValue(current, value)) {
      target.set(key, copyValue(value))
      changed = true
    }
  }
  for (const key of [...target.keys()]) {
    if (!source.has(key)) {
      target.delete(key)
      changed = true
    }
  }
  return changed
}

function syncArray(target: Y.Array<unknown>, source: Y.Array<unknown>): boolean {
  const want = source.toArray()
  const have = target.toArray()
  let head = 0
  while (head < want.length && head < have.length && sameValue(have[head], want[head])) head++
  let tail = 0
  while (
    tail < want.length - head &&
    tail < have.length - head &&
    sameValue(have[have.length - 1 - tail], want[want.length - 1 - tail])
  ) {
    tail++
  }
  const remove = have.length - head - tail
  const insert = want.slice(head, want.length - tail)
  if (remove === 0 && insert.length === 0) return false
  if (remove > 0) target.delete(head, remove)
  if (insert.length > 0) target.insert(head, insert.map(copyValue))
  return true
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType || b instanceof Y.AbstractType) {
    if (!(a instanceof Y.AbstractType) || !(b instanceof Y.AbstractType)) return false
    return JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON())
  }
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

/** A value ready to insert: nested types are copied (a type lives in one document only). */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Map || value instanceof Y.Array || value instanceof Y.Text) {
    return value.clone()
  }
  return value
}
