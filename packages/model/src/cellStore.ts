import * as Y from 'yjs'
import { CellKeyTable } from './cellKeyTable.js'
import { ChangedKeys } from './changedKeys.js'
import {
  INDEX_BATCH,
  batchHashes,
  batchKeyEnds,
  cellEntry,
  entryKey,
  entryKeyEnd,
  hashBatch,
  hashBatchFromBytes,
  holdsFormula,
  parseCellEntry,
} from './cellEntries.js'

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
 * search.
 */
export const CELL_ENTRIES_ROOT = 'cellEntries'

/**
 * Where an entry is, packed into one number: the index of its Yjs client in the store's list
 * times 2^36, plus its clock. A number below 2^31 costs no allocation (the entries of the
 * sheet's first writer) and 16 bytes above, against 32+ for an id object: the index is heap a
 * big sheet pays per cell. Clocks stay far below 2^36, the clients of a sheet below 2^17.
 */
type Ref = number
const CLOCK_SPAN = 2 ** 36

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
  /** Cell key -> its winning entry. */
  private readonly winners = new CellKeyTable((ref) => this.entryAt(ref))
  /** Cell key -> entries that lost a concurrent write and are still in the array. */
  private readonly losers = new Map<string, Ref[]>()
  /** Yjs client ids by their index in a `Ref`, and back. */
  private readonly clients: number[] = []
  private readonly clientIndex = new Map<number, number>()
  private readonly listeners = new Set<CellsListener>()
  private readonly changedBy = new WeakMap<Y.Transaction, ReadonlySet<string>>()
  /** Entries in the array (winners or not) whose input is a formula. */
  private formulaEntries = 0
  /** The entry added last (by anyone): where the array's end is looked for from. */
  private newest: Ref | undefined

  private constructor(readonly doc: Y.Doc) {
    this.array = doc.getArray<unknown>(CELL_ENTRIES_ROOT)
    this.rebuild()
    this.array.observe((_event, tr) => this.onTransaction(tr))
  }

  /** Non-empty cells. */
  get size(): number {
    return this.winners.size
  }

  has(key: string): boolean {
    return this.winners.get(key) !== undefined
  }

  /** The input of a cell, or undefined when it is empty. */
  get(key: string): string | undefined {
    const ref = this.winners.get(key)
    return ref === undefined ? undefined : this.valueAt(ref)
  }

  /** The input of the cell `rowId:colId` (`get`) without building its key (`CellKeyTable.getPair`). */
  input(rowId: string, colId: string): string | undefined {
    const ref = this.winners.getPair(rowId, colId)
    return ref === undefined ? undefined : this.valueAt(ref)
  }

  /**
   * True when an entry in the log holds a formula (a cell's value, or one a concurrent write
   * beat and that is not yet deleted). Kept with the index, so asking costs nothing: a sheet of
   * plain values never needs a formula engine.
   */
  get mayHoldFormulas(): boolean {
    return this.formulaEntries > 0
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
    for (const refs of this.losers.values()) for (const ref of refs) lost.add(ref)
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      const first = lost.size > 0 ? this.ref(item.id.client, item.id.clock) : 0
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
    const ref = this.winners.get(key)
    return ref === undefined ? undefined : this.clients[Math.floor(ref / CLOCK_SPAN)]
  }

  /** The id of a cell's current entry: changes whenever the value is written again. */
  entryId(key: string): Y.ID | undefined {
    const ref = this.winners.get(key)
    return ref === undefined ? undefined : this.idOf(ref)
  }

  /**
   * Makes room in the index for `count` cells in all (a sheet's size, known before its state
   * arrives), so applying them never rehashes the index on the way: growing it step by step
   * took 0.5-1.4 s of a 1,000,000-cell sheet's open in Chromium.
   */
  reserve(count: number): void {
    this.winners.reserve(count)
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
    const last = new Map<string, string>()
    for (const [key, value] of writes) {
      last.delete(key)
      last.set(key, value)
    }
    if (last.size === 0) return
    this.doc.transact((tr) => {
      const keys: string[] = []
      const entries: string[] = []
      for (const [key, value] of last) {
        this.deleteEntries(tr, key)
        if (value === '') continue
        keys.push(key)
        entries.push(cellEntry(key, value))
      }
      if (entries.length === 0) return
      const client = this.doc.clientID
      const clock = Y.getState(this.doc.store, client)
      this.append(entries)
      const first = this.ref(client, clock)
      keys.forEach((key, i) => this.winners.set(key, key.length, first + i))
      this.newest = first + entries.length - 1
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
    const item =
      this.newest === undefined ? null : Y.getItem(this.doc.store, this.idOf(this.newest))
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
        if (!parseCellEntry(arr[i])) stray.push(this.ref(item.id.client, item.id.clock + i))
      }
    }
    for (const ids of this.losers.values()) stray.push(...ids)
    if (stray.length === 0) return 0
    this.doc.transact((tr) => {
      for (const id of stray) this.deleteEntry(tr, id)
    }, origin)
    return stray.length
  }

  /** The input an entry holds (a winner's, a loser's, or one deleted in the running transaction). */
  valueOf(id: Y.ID): string {
    const item = Y.getItem(this.doc.store, id) as Y.Item
    const entry = (item.content as Y.ContentAny).arr[id.clock - item.id.clock] as string
    return entry.slice(entry.indexOf(':', entry.indexOf(':') + 1) + 1)
  }

  private valueAt(ref: Ref): string {
    const entry = this.entryAt(ref)
    return entry.slice(entry.indexOf(':', entry.indexOf(':') + 1) + 1)
  }

  /** The entry string at `ref` (without making an id: the index reads keys back this way). */
  private entryAt(ref: Ref): string {
    const clock = ref % CLOCK_SPAN
    const structs = this.doc.store.clients.get(this.clientOf(ref)) as Array<Y.Item | Y.GC>
    const item = structs[Y.findIndexSS(structs, clock)] as Y.Item
    return (item.content as Y.ContentAny).arr[clock - item.id.clock] as string
  }

  /** The ref of an entry id, registering its client. */
  private ref(client: number, clock: number): Ref {
    let index = this.clientIndex.get(client)
    if (index === undefined) {
      index = this.clients.length
      this.clients.push(client)
      this.clientIndex.set(client, index)
    }
    return index * CLOCK_SPAN + clock
  }

  private clientOf(ref: Ref): number {
    return this.clients[Math.floor(ref / CLOCK_SPAN)] as number
  }

  private idOf(ref: Ref): Y.ID {
    return Y.createID(this.clients[Math.floor(ref / CLOCK_SPAN)] as number, ref % CLOCK_SPAN)
  }

  private deleteEntries(tr: Y.Transaction, key: string): void {
    const winner = this.winners.get(key)
    if (winner === undefined) return
    this.deleteEntry(tr, winner)
    for (const id of this.losers.get(key) ?? []) this.deleteEntry(tr, id)
    this.winners.delete(key)
    this.losers.delete(key)
  }

  /** Deletes one entry by id (splitting its item), without index bookkeeping. */
  private deleteEntry(tr: Y.Transaction, ref: Ref): void {
    const id = this.idOf(ref)
    const item = Y.getItemCleanStart(tr, id)
    if (item.deleted) return
    if (item.length > 1) Y.getItemCleanEnd(tr, this.doc.store, id)
    item.delete(tr)
    // Index positions the array caches for `get(i)`/`insert(i)` are off by one now.
    const markers = (this.array as unknown as { _searchMarker: unknown[] | null })._searchMarker
    if (markers) markers.length = 0
  }

  private rebuild(): void {
    // Every live cell entry is one array element: room for all of them at once.
    this.winners.reserve(this.array.length)
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      const first = this.ref(item.id.client, item.id.clock)
      for (let start = 0; start < arr.length; start += INDEX_BATCH) {
        const count = hashBatch(arr, start)
        for (let k = 0; k < count; k++) {
          const end = batchKeyEnds[k] as number
          if (end < 0) continue
          const entry = arr[start + k] as string
          if (holdsFormula(entry, end)) this.formulaEntries++
          // Left to right: every later entry of a key is further right, so it wins.
          const ref = first + start + k
          const previous = this.winners.setHashed(entry, end, batchHashes[k] as number, ref)
          if (previous !== undefined) this.addLoser(entry.slice(0, end), previous)
        }
      }
      this.newest = first + arr.length - 1
    }
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
    const isNew = (id: Y.ID): boolean => id.clock >= (tr.beforeState.get(id.client) ?? 0)
    this.scan(
      tr,
      (key, ref, entry) => {
        const id = this.idOf(ref)
        at(key).deleted.push({ id, value: entry.slice(key.length + 1), isNew: isNew(id) })
      },
      (entry, keyEnd, item, offset) => {
        const id = Y.createID(item.id.client, item.id.clock + offset)
        at(entry.slice(0, keyEnd)).added.push({ id, value: entry.slice(keyEnd + 1), isNew: true })
      },
    )
    return out
  }

  /**
   * The cells a transaction changed with their inputs now (undefined: empty), leaving out a
   * cell whose only change was losing an entry that a concurrent write beat (its input is the
   * same), what the server's cell edit log records: `changesIn` with `get` of each. An added
   * entry that won its cell gives its own input, found by its number in the index, with no key
   * compared and no item looked up: a paste of 1,000,000 cells spent 376 ms in those lookups.
   */
  changedInputs(tr: Y.Transaction): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>()
    const deleted: string[] = []
    this.scan(
      tr,
      (key) => void deleted.push(key),
      (entry, keyEnd, _item, _offset, ref) => {
        const key = entry.slice(0, keyEnd)
        const won = this.winners.holds(entry, keyEnd, ref)
        out.set(key, won ? entry.slice(keyEnd + 1) : this.get(key))
      },
    )
    for (const key of deleted) {
      if (!out.has(key) && this.get(key) === undefined) out.set(key, undefined)
    }
    return out
  }

  /** Entries of a cell that lost a concurrent write and are still in the array. */
  losersOf(key: string): Y.ID[] {
    return (this.losers.get(key) ?? []).map((ref) => this.idOf(ref))
  }

  private onTransaction(tr: Y.Transaction): void {
    const changed = new ChangedKeys()
    this.forEachDeleted(tr, (key, id, entry) => {
      // An entry added in this transaction was never counted (`added` skips deleted ones).
      const isNew = id % CLOCK_SPAN >= (tr.beforeState.get(this.clientOf(id)) ?? 0)
      if (!isNew && holdsFormula(entry, key.length)) this.formulaEntries--
      changed.addKey(key)
      this.removeEntry(key, id)
    })
    this.forEachAddedRun(tr, (arr, from, item, first) =>
      this.indexRun(arr, from, item, first, changed),
    )
    if (changed.isEmpty) return
    this.changedBy.set(tr, changed)
    for (const listener of this.listeners) listener(changed, tr)
  }

  /**
   * Indexes the entries `arr[from..]` of `item` (the first of them at `first`), a batch at a
   * time: the batch's keys are found and hashed, then stored one after the other (see
   * `CellKeyTable.setHashed`). Storing each key as soon as it was hashed left the processor
   * waiting on one cache miss of the table at a time.
   */
  private indexRun(
    arr: readonly unknown[],
    from: number,
    item: Y.Item,
    first: Ref,
    changed: ChangedKeys,
  ): void {
    const ends = batchKeyEnds
    const hashes = batchHashes
    // A run just decoded from the update being applied: its keys are read from its bytes.
    const source = Y.stringRunBytes(arr as unknown[])
    let any = false
    for (let start = from; start < arr.length; start += INDEX_BATCH) {
      const count = source
        ? hashBatchFromBytes(arr, start, source.bytes, source.starts)
        : hashBatch(arr, start)
      for (let k = 0; k < count; k++) {
        const end = ends[k] as number
        if (end < 0) continue
        const offset = start + k
        this.addEntry(arr[offset] as string, end, hashes[k] as number, item, offset, first + offset)
      }
      for (let k = 0; k < count; k++) {
        const end = ends[k] as number
        if (end < 0) continue
        if (holdsFormula(arr[start + k] as string, end)) this.formulaEntries++
        this.newest = first + start + k
        any = true
      }
    }
    if (any) changed.addRun(arr, from, arr.length)
  }

  /**
   * The keys of cells a transaction changed, for code that runs after it (`afterTransaction`
   * handlers); undefined when it changed none.
   */
  changedKeys(tr: Y.Transaction): ReadonlySet<string> | undefined {
    return this.changedBy.get(tr)
  }

  /**
   * Calls `deleted` for each cell entry `tr` deleted, then `added` for each it added that is
   * still in the array. Deletions come first: an overwrite deletes the old winner, so its new
   * entry meets no rival. Cost: the transaction's own changes, never the whole array.
   */
  private scan(
    tr: Y.Transaction,
    deleted: (key: string, ref: Ref, entry: string) => void,
    added: (entry: string, keyEnd: number, item: Y.Item, offset: number, ref: Ref) => void,
  ): void {
    this.forEachDeleted(tr, deleted)
    this.forEachAddedRun(tr, (arr, from, item, first) => {
      for (let j = from; j < arr.length; j++) {
        const end = entryKeyEnd(arr[j])
        if (end >= 0) added(arr[j] as string, end, item, j, first + j)
      }
    })
  }

  /** Calls `deleted` for each cell entry `tr` deleted (see `scan`). */
  private forEachDeleted(
    tr: Y.Transaction,
    deleted: (key: string, ref: Ref, entry: string) => void,
  ): void {
    const store = this.doc.store
    for (const [client, ranges] of tr.deleteSet.clients) {
      const structs = store.clients.get(client)
      if (!structs) continue
      for (const { clock, len } of ranges) {
        const end = clock + len
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const s = structs[i] as Y.Item | Y.GC
          if (s.id.clock >= end) break
          if (!(s instanceof Y.Item) || s.parent !== this.array) continue
          if (!(s.content instanceof Y.ContentAny)) continue
          const from = Math.max(clock, s.id.clock)
          const to = Math.min(end, s.id.clock + s.length)
          for (let c = from; c < to; c++) {
            const entry = s.content.arr[c - s.id.clock] as string
            const key = entryKey(entry)
            if (key !== null) deleted(key, this.ref(client, c), entry)
          }
        }
      }
    }
  }

  /**
   * Calls `added` for each run of entries `tr` added that is still in the array: the items'
   * contents from `from` on (an item may hold entries from before the transaction, merged
   * into it), the entry at `from` being at `first` (see `scan`).
   */
  private forEachAddedRun(
    tr: Y.Transaction,
    added: (arr: readonly unknown[], from: number, item: Y.Item, first: Ref) => void,
  ): void {
    const store = this.doc.store
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = store.clients.get(client) as Array<Y.Item | Y.GC>
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= after) break
        if (!(s instanceof Y.Item) || s.parent !== this.array || s.deleted) continue
        if (!(s.content instanceof Y.ContentAny)) continue
        // Refs of one struct's entries follow each other: its client is looked up once.
        added(s.content.arr, Math.max(0, before - s.id.clock), s, this.ref(client, s.id.clock))
      }
    }
  }

  private addEntry(
    entry: string,
    keyEnd: number,
    hash: number,
    item: Y.Item,
    offset: number,
    id: Ref,
  ): void {
    // One probe for a new cell, its key hashed in place (a sheet's first sync is a million of
    // them); a rival is rare.
    const winner = this.winners.setHashed(entry, keyEnd, hash, id)
    if (winner === undefined) return
    const key = entry.slice(0, keyEnd)
    if (winner === id || this.losers.get(key)?.includes(id)) {
      this.winners.set(key, key.length, winner)
    } else if (this.isRightOf(item, offset, winner)) {
      this.addLoser(key, winner)
    } else {
      this.winners.set(key, key.length, winner)
      this.addLoser(key, id)
    }
  }

  private removeEntry(key: string, id: Ref): void {
    const winner = this.winners.get(key)
    if (winner === undefined) return
    const losers = this.losers.get(key)
    if (winner === id) {
      this.winners.delete(key)
      if (!losers) return
      // The rightmost entry still in the array wins now.
      const itemOf = (ref: Ref): Y.Item => Y.getItem(this.doc.store, this.idOf(ref)) as Y.Item
      const live = losers.filter((l) => !itemOf(l).deleted)
      this.losers.delete(key)
      let best: Ref | undefined
      for (const l of live) {
        const item = itemOf(l)
        if (best === undefined || this.isRightOf(item, (l % CLOCK_SPAN) - item.id.clock, best)) {
          if (best !== undefined) this.addLoser(key, best)
          best = l
        } else {
          this.addLoser(key, l)
        }
      }
      if (best !== undefined) this.winners.set(key, key.length, best)
      return
    }
    if (!losers) return
    const rest = losers.filter((l) => l !== id)
    if (rest.length === 0) this.losers.delete(key)
    else this.losers.set(key, rest)
  }

  private addLoser(key: string, id: Ref): void {
    const list = this.losers.get(key)
    if (list) list.push(id)
    else this.losers.set(key, [id])
  }

  /** Whether the entry at `offset` of `item` is right of the entry `other` in the array. */
  private isRightOf(item: Y.Item, offset: number, other: Ref): boolean {
    const { client, clock } = this.idOf(other)
    const holds = (n: Y.Item): boolean =>
      n.id.client === client && clock >= n.id.clock && clock < n.id.clock + n.length
    if (holds(item)) return offset > clock - item.id.clock
    for (let n = item.right; n !== null; n = n.right) if (holds(n)) return false
    return true
  }
}
