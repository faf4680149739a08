import * as Y from 'yjs'
import { CellEntryIndex, type Ref } from './cellEntryIndex.js'
import type { ChangedKeys } from './changedKeys.js'
import { cellEntry, entryKeyEnd, entryValue, isCellEntry } from './cellEntries.js'

/**
 * The cells of a sheet, stored as a key-value log: the root array `cellEntries` holds one
 * string `rowId:colId:input` per non-empty cell. Setting a cell appends its new entry and
 * deletes the entry it replaces; clearing deletes it. When two people set one cell at the same
 * moment both entries survive the merge, and the one further right in the array wins, on every
 * replica alike (the array order is the merged order); the next local write of that cell
 * deletes the loser too.
 *
 * Why not a `Y.Map` keyed by cell (the layout before): a map keeps one item per overwrite
 * forever (an overwritten map entry cannot merge with its neighbours, they belong to other
 * keys), so a sheet whose 1,000 cells were overwritten 1,000,000 times weighs 9.5 MB and takes
 * seconds to open, and a map holds one Yjs item per cell (464 MB of heap for 1,000,000 cells
 * in Node). Deleted array entries merge into runs, and a pasted block is one item: the same
 * overwrites leave 28 KB that open in 24 ms; 1,000,000 cells take 112 MB. Measured with
 * `packages/bench/src/layoutCost.ts`; the table is in the model README ("Cell layout").
 *
 * `SheetCells.of(doc)` keeps an index (cell key -> the id of its winning entry, `CellKeyTable`)
 * up to date from every transaction, local or remote, so a read is a hash lookup plus a binary
 * search. This file holds the cells' API: reads, writes, listeners and what a transaction
 * changed; the index and its upkeep are `CellEntryIndex` (`cellEntryIndex.ts`).
 */
export const CELL_ENTRIES_ROOT = 'cellEntries'

/** The shape of the index cache Yjs keeps on an array (`_searchMarker`), for `append`. */
interface SearchMarker {
  p: Y.Item
  index: number
  timestamp: number
}

/** One entry of a cell: where it is, its input, and whether the transaction at hand brought it. */
export interface CellEntryRef {
  id: Y.ID
  value: string
  isNew: boolean
}

/** What a transaction changed: the keys of cells whose value may differ. */
export type CellsListener = (keys: ReadonlySet<string>, transaction: Y.Transaction) => void

const stores = new WeakMap<Y.Doc, SheetCells>()

/** Each key's last value, in the order of those last writes. */
function lastWrites(writes: Iterable<readonly [key: string, value: string]>): Map<string, string> {
  const last = new Map<string, string>()
  for (const [key, value] of writes) {
    last.delete(key)
    last.set(key, value)
  }
  return last
}

export class SheetCells {
  /** The cells of a sheet document (one store per document, made on first use). */
  static of(doc: Y.Doc): SheetCells {
    let store = stores.get(doc)
    if (!store) {
      store = new SheetCells(doc)
      stores.set(doc, store)
    }
    return store
  }

  readonly array: Y.Array<unknown>
  /** Cell key -> winning entry and losers, kept up to date from every transaction. */
  private readonly index: CellEntryIndex
  private readonly listeners = new Set<CellsListener>()
  private readonly changedBy = new WeakMap<Y.Transaction, ChangedKeys>()

  private constructor(readonly doc: Y.Doc) {
    this.array = doc.getArray<unknown>(CELL_ENTRIES_ROOT)
    this.index = new CellEntryIndex(doc, this.array)
    this.array.observe((_event, tr) => this.onTransaction(tr))
  }

  /** Non-empty cells. */
  get size(): number {
    return this.index.winners.size
  }

  has(key: string): boolean {
    return this.index.winners.get(key) !== undefined
  }

  /** The input of a cell, or undefined when it is empty. */
  get(key: string): string | undefined {
    const ref = this.index.winners.get(key)
    return ref === undefined ? undefined : this.index.valueAt(ref)
  }

  /** The input of the cell `rowId:colId` (`get`) without building its key (`CellKeyTable.getPair`). */
  input(rowId: string, colId: string): string | undefined {
    const ref = this.index.winners.getPair(rowId, colId)
    return ref === undefined ? undefined : this.index.valueAt(ref)
  }

  /**
   * True when an entry in the log holds a formula (a cell's value, or one a concurrent write
   * beat and that is not yet deleted). Kept with the index, so asking costs nothing: a sheet of
   * plain values never needs a formula engine.
   */
  get mayHoldFormulas(): boolean {
    return this.index.mayHoldFormulas
  }

  *keys(): Generator<string> {
    for (const [entry, end] of this.winningEntries()) yield entry.slice(0, end)
  }

  *values(): Generator<string> {
    for (const [entry, end] of this.winningEntries()) yield entry.slice(end + 1)
  }

  *entries(): Generator<[string, string]> {
    for (const [entry, end] of this.winningEntries()) {
      yield [entry.slice(0, end), entry.slice(end + 1)]
    }
  }

  /**
   * The entries that are a cell's value, in array order, with where their key ends. Every cell
   * entry still in the array won or lost (the index keeps both), so a walk skipping the few
   * losers reads them without a lookup per cell.
   */
  private *winningEntries(): Generator<[entry: string, keyEnd: number]> {
    const lost = new Set<Ref>()
    for (const refs of this.index.losers.values()) for (const ref of refs) lost.add(ref)
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      const first = lost.size > 0 ? this.index.ref(item.id.client, item.id.clock) : 0
      for (let i = 0; i < arr.length; i++) {
        const entry = arr[i] as string
        const end = entryKeyEnd(entry)
        if (end >= 0 && (lost.size === 0 || !lost.has(first + i))) yield [entry, end]
      }
    }
  }

  /** The non-empty cells as a plain object (for tests and debugging). */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries())
  }

  /** The Yjs client that wrote a cell's current value, or undefined when it is empty. */
  writer(key: string): number | undefined {
    const ref = this.index.winners.get(key)
    return ref === undefined ? undefined : this.index.clientOf(ref)
  }

  /** The id of a cell's current entry: changes whenever the value is written again. */
  entryId(key: string): Y.ID | undefined {
    const ref = this.index.winners.get(key)
    return ref === undefined ? undefined : this.index.idOf(ref)
  }

  /**
   * Makes room in the index for `count` cells in all (a sheet's size, known before its state
   * arrives), so applying them never rehashes the index on the way: growing it step by step
   * took 0.5-1.4 s of a 1,000,000-cell sheet's open in Chromium.
   */
  reserve(count: number): void {
    this.index.winners.reserve(count)
  }

  /** Sets a cell (`""` clears it). Joins the current transaction, or makes one. */
  set(key: string, value: string, origin?: unknown): void {
    this.setMany([[key, value]], origin)
  }

  /**
   * Sets many cells (`""` clears one) in one transaction; the last write of a key counts. The
   * new entries are appended as one run, which Yjs stores as one item however many they are.
   */
  setMany(writes: Iterable<readonly [key: string, value: string]>, origin?: unknown): void {
    // A map holds each key once already (`setCells` builds one): not copied into another.
    const last = writes instanceof Map ? (writes as Map<string, string>) : lastWrites(writes)
    if (last.size === 0) return
    this.doc.transact((tr) => {
      const keys: string[] = []
      const entries: string[] = []
      // A cell's old entries (its winner and any losers) go, so the new entry meets no rival.
      const old: Ref[] = []
      const remove = (ref: Ref): void => void old.push(ref)
      for (const [key, value] of last) {
        this.index.takeCell(key, remove)
        if (value === '') continue
        keys.push(key)
        entries.push(cellEntry(key, value))
      }
      this.deleteEntries(tr, old)
      if (entries.length === 0) return
      const client = this.doc.clientID
      const clock = Y.getState(this.doc.store, client)
      this.append(entries)
      this.index.recordWrite(keys, this.index.ref(client, clock))
    }, origin)
  }

  delete(key: string, origin?: unknown): void {
    this.set(key, '', origin)
  }

  /**
   * Appends entries at the array's end. `Y.Array.push` looks for the end from the array's
   * cached index positions, and from its first item when there are none, which is always here
   * (every delete clears them and nothing reads by index): a walk over every item of the log
   * per write, quadratic in a transaction of many writes. The entry added last is at or near
   * the end, so the walk starts there, handed to `push` as a position it will take as the
   * furthest known one, and only for this call.
   */
  private append(entries: string[]): void {
    const array = this.array as unknown as { _searchMarker: SearchMarker[] | null }
    const markers = array._searchMarker
    // Looked up by id: Yjs merges and splits items, so an item object held from earlier may
    // no longer be in the list.
    const newest = this.index.newest
    const item = newest === undefined ? null : Y.getItem(this.doc.store, this.index.idOf(newest))
    if (!markers || markers.length > 0 || !(item instanceof Y.Item) || item.parent !== this.array) {
      this.array.push(entries)
      return
    }
    markers.push({ p: item, index: Number.MAX_SAFE_INTEGER, timestamp: 0 })
    try {
      this.array.push(entries)
    } finally {
      markers.length = 0
    }
  }

  /**
   * Calls `listener` after every transaction that changed cells (local or remote), with the
   * keys it touched. Returns the unsubscribe function.
   */
  observe(listener: CellsListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Deletes the entries no reader sees: losers of concurrent writes, entries that are not
   * cell entries, and values longer than a cell may hold. Returns how many it removed.
   */
  compact(origin?: unknown): number {
    const stray: Ref[] = []
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      for (let i = 0; i < arr.length; i++) {
        if (!isCellEntry(arr[i])) stray.push(this.index.ref(item.id.client, item.id.clock + i))
      }
    }
    for (const ids of this.index.losers.values()) stray.push(...ids)
    if (stray.length === 0) return 0
    this.doc.transact((tr) => {
      this.deleteEntries(tr, stray)
    }, origin)
    return stray.length
  }

  /** The input an entry holds (a winner's, a loser's, or one deleted in the running transaction). */
  valueOf(id: Y.ID): string {
    const item = Y.getItem(this.doc.store, id) as Y.Item
    return entryValue((item.content as Y.ContentAny).arr[id.clock - item.id.clock] as string)
  }

  /**
   * Deletes entries by ref, without index bookkeeping: as ranges of each client's clocks, which
   * Yjs (patched, `deleteRanges`) splits from their end and deletes together. One entry at a
   * time, each split copied the rest of its run: overwriting 1,000 cells of a 1,000,000-cell
   * paste took 31 s (model README, "Deleting entries").
   */
  private deleteEntries(tr: Y.Transaction, refs: readonly Ref[]): void {
    if (refs.length === 0) return
    const ranges = new Map<number, number[]>()
    for (const ref of refs) {
      const { client, clock } = this.index.idOf(ref)
      let list = ranges.get(client)
      if (!list) ranges.set(client, (list = []))
      list.push(clock, 1)
    }
    for (const [client, list] of ranges) Y.deleteRanges(tr, client, list)
    // Index positions the array caches for `get(i)`/`insert(i)` are off now.
    const markers = (this.array as unknown as { _searchMarker: unknown[] | null })._searchMarker
    if (markers) markers.length = 0
  }

  /**
   * The entries a transaction added and deleted, by cell key, with their values. Call it from
   * a listener (`observe`): the values of deleted entries are readable until the transaction
   * ends (Yjs collects garbage after the observers).
   */
  changesIn(tr: Y.Transaction): Map<string, { added: CellEntryRef[]; deleted: CellEntryRef[] }> {
    const out = new Map<string, { added: CellEntryRef[]; deleted: CellEntryRef[] }>()
    const at = (key: string) => {
      let c = out.get(key)
      if (!c) out.set(key, (c = { added: [], deleted: [] }))
      return c
    }
    const index = this.index
    index.scan(
      tr,
      (key, ref, entry) => {
        const id = index.idOf(ref)
        const isNew = index.addedBy(tr, ref)
        at(key).deleted.push({ id, value: entry.slice(key.length + 1), isNew })
      },
      (entry, keyEnd, item, offset) => {
        const id = Y.createID(item.id.client, item.id.clock + offset)
        at(entry.slice(0, keyEnd)).added.push({ id, value: entry.slice(keyEnd + 1), isNew: true })
      },
    )
    return out
  }

  /**
   * The cells a transaction changed, in lists (each cell in one list, no list empty), each
   * cell as a string the sheet already holds: its winning entry `rowId:colId:input` when it
   * has an input now, its key `rowId:colId` when it is empty now (ids hold no `:`). Every cell
   * the transaction added an entry for, and a cell it only deleted from when that left it
   * empty; not a cell whose only change was losing an entry a concurrent write beat (its input
   * is the same). What the server's cell edit log records.
   *
   * An added entry that won its cell is its own answer. When every added entry took its cell
   * unopposed (`ChangedKeys.wonRuns`: the index's pass saw no rival), the added runs are given
   * as they are; else each is found by its number in the index, with no key cut out, compared
   * or looked up: a paste's cells cost the scan and a push each. Cut into keys and inputs in
   * a map (the form before), then into the log's records, a 25,000-cell paste cost the event
   * loop ~32 ms beyond the scan (server README, "The cell edit log's strings"). Only the few
   * other keys (deleted entries, added ones that lost) are cut and looked up; a cell is given
   * once.
   */
  changedCells(tr: Y.Transaction): string[][] {
    const index = this.index
    const winners = index.winners
    // No key is found again in the strings (sliced from the update's text, they are slow to
    // read: the scan below was ~10 ms of a 25,000-cell paste on the server).
    const changed = this.changedBy.get(tr)
    const runs = changed?.wonRuns()
    if (changed && runs) {
      // A copy of each run (Yjs keeps at most 2,048 entries in one), not one list of them all:
      // a list of 25,000 is allocated outside the young generation, where storing each of the
      // young strings costs a write barrier (copying a paste's cells into one list took the
      // server ~5 ms, the runs' copies 0.05).
      const out: string[][] = runs.map(({ arr, from, to }) => arr.slice(from, to) as string[])
      const emptied: string[] = []
      const deleted = changed.deletedKeys()
      let given: Set<string> | undefined
      for (const key of deleted) {
        // A cell a deletion left empty; one that still has an input kept it or was written
        // by an added entry, given above.
        if (winners.get(key) !== undefined) continue
        if (deleted.length > 1) {
          given ??= new Set()
          if (given.has(key)) continue
          given.add(key)
        }
        emptied.push(key)
      }
      if (emptied.length > 0) out.push(emptied)
      return out
    }
    const out: string[] = []
    /** Keys the winners do not answer for: true when an entry added for it lost. */
    let others: Map<string, boolean> | undefined
    index.scan(
      tr,
      (key) => {
        others ??= new Map()
        if (!others.has(key)) others.set(key, false)
      },
      (entry, keyEnd, _item, _offset, ref) => {
        if (winners.holds(entry, keyEnd, ref)) out.push(entry)
        else (others ??= new Map()).set(entry.slice(0, keyEnd), true)
      },
    )
    if (others === undefined) return out.length > 0 ? [out] : []
    for (const [key, lost] of others) {
      const winner = winners.get(key)
      if (winner === undefined) out.push(key)
      // A winner the transaction added was given above; an older one is the input the cell
      // kept, given for a cell the transaction wrote (its entry lost), not for one it only
      // deleted a loser of.
      else if (lost && !index.addedBy(tr, winner)) out.push(index.entryAt(winner))
    }
    return out.length > 0 ? [out] : []
  }

  /** Entries of a cell that lost a concurrent write and are still in the array. */
  losersOf(key: string): Y.ID[] {
    return (this.index.losers.get(key) ?? []).map((ref) => this.index.idOf(ref))
  }

  /** Updates the index from `tr`, then tells the listeners what it changed. */
  private onTransaction(tr: Y.Transaction): void {
    const changed = this.index.applyTransaction(tr)
    if (changed.isEmpty) return
    this.changedBy.set(tr, changed)
    for (const listener of this.listeners) listener(changed, tr)
  }

  /**
   * The keys of cells a transaction changed, for code that runs after it (`afterTransaction`
   * handlers); undefined when it changed none.
   */
  changedKeys(tr: Y.Transaction): ReadonlySet<string> | undefined {
    return this.changedBy.get(tr)
  }
}
