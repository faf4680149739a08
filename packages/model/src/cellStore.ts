import * as Y from 'yjs'
import { LIMITS, isValidId } from '@cellmate/protocol'

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
 * keys), so a sheet whose 1,000 cells were overwritten 1,000,000 times weighs 6.8 MB and takes
 * seconds to open, and a map holds one Yjs item per cell (460 MB of heap for 1,000,000 cells in
 * Node). Deleted array entries merge into runs, and a pasted block is one item: the same
 * overwrites leave 94 KB that open in 52 ms; 1,000,000 cells take 104 MB and apply in 0.6 s.
 * Measured with `packages/bench` (`--only cellLayout`), see the model README.
 *
 * `SheetCells.of(doc)` keeps an index (cell key -> the id of its winning entry) up to date
 * from every transaction, local or remote, so a read is a map lookup plus a binary search.
 */
export const CELL_ENTRIES_ROOT = 'cellEntries'

/** Where an entry is: its Yjs id (client, clock). */
type EntryId = Y.ID

/** Parses `rowId:colId:input`; null when it is not one (or the input is too long for a cell). */
export function parseCellEntry(entry: unknown): { key: string; value: string } | null {
  if (typeof entry !== 'string') return null
  const a = entry.indexOf(':')
  if (a <= 0) return null
  const b = entry.indexOf(':', a + 1)
  if (b <= a + 1) return null
  if (!isValidId(entry.slice(0, a)) || !isValidId(entry.slice(a + 1, b))) return null
  if (entry.length - b - 1 > LIMITS.maxCellChars) return null
  return { key: entry.slice(0, b), value: entry.slice(b + 1) }
}

/**
 * The cell key of an entry, checked for shape only (two `:` and a bounded input): what the
 * index needs, many times faster than `parseCellEntry`. An entry whose ids are not ids (the
 * server refuses those) would name a cell no row has, which no reader shows.
 */
function entryKey(entry: unknown): string | null {
  if (typeof entry !== 'string') return null
  const a = entry.indexOf(':')
  if (a <= 0) return null
  const b = entry.indexOf(':', a + 1)
  if (b <= a + 1 || entry.length - b - 1 > LIMITS.maxCellChars) return null
  return entry.slice(0, b)
}

/** The entry string for a cell key (`rowId:colId`) and its input. */
export function cellEntry(key: string, value: string): string {
  return `${key}:${value}`
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

const sameId = (a: EntryId, b: EntryId): boolean => a.client === b.client && a.clock === b.clock

const holds = (item: Y.Item, id: EntryId): boolean =>
  item.id.client === id.client &&
  id.clock >= item.id.clock &&
  id.clock < item.id.clock + item.length

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
  private readonly winners = new Map<string, EntryId>()
  /** Cell key -> entries that lost a concurrent write and are still in the array. */
  private readonly losers = new Map<string, EntryId[]>()
  private readonly listeners = new Set<CellsListener>()
  private readonly changedBy = new WeakMap<Y.Transaction, ReadonlySet<string>>()

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
    return this.winners.has(key)
  }

  /** The input of a cell, or undefined when it is empty. */
  get(key: string): string | undefined {
    const id = this.winners.get(key)
    return id ? this.valueOf(id) : undefined
  }

  keys(): IterableIterator<string> {
    return this.winners.keys()
  }

  *values(): Generator<string> {
    for (const id of this.winners.values()) yield this.valueOf(id)
  }

  *entries(): Generator<[string, string]> {
    for (const [key, id] of this.winners) yield [key, this.valueOf(id)]
  }

  /** The non-empty cells as a plain object (for tests and debugging). */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries())
  }

  /** The Yjs client that wrote a cell's current value, or undefined when it is empty. */
  writer(key: string): number | undefined {
    return this.winners.get(key)?.client
  }

  /** The id of a cell's current entry: changes whenever the value is written again. */
  entryId(key: string): Y.ID | undefined {
    return this.winners.get(key)
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
      this.array.push(entries)
      keys.forEach((key, i) => this.winners.set(key, Y.createID(client, clock + i)))
    }, origin)
  }

  delete(key: string, origin?: unknown): void {
    this.set(key, '', origin)
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
    const stray: EntryId[] = []
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      for (let i = 0; i < arr.length; i++) {
        if (!parseCellEntry(arr[i])) stray.push(Y.createID(item.id.client, item.id.clock + i))
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
  valueOf(id: EntryId): string {
    const item = Y.getItem(this.doc.store, id) as Y.Item
    const entry = (item.content as Y.ContentAny).arr[id.clock - item.id.clock] as string
    return entry.slice(entry.indexOf(':', entry.indexOf(':') + 1) + 1)
  }

  private deleteEntries(tr: Y.Transaction, key: string): void {
    const winner = this.winners.get(key)
    if (!winner) return
    this.deleteEntry(tr, winner)
    for (const id of this.losers.get(key) ?? []) this.deleteEntry(tr, id)
    this.winners.delete(key)
    this.losers.delete(key)
  }

  /** Deletes one entry by id (splitting its item), without index bookkeeping. */
  private deleteEntry(tr: Y.Transaction, id: EntryId): void {
    const item = Y.getItemCleanStart(tr, id)
    if (item.deleted) return
    if (item.length > 1) Y.getItemCleanEnd(tr, this.doc.store, id)
    item.delete(tr)
    // Index positions the array caches for `get(i)`/`insert(i)` are off by one now.
    const markers = (this.array as unknown as { _searchMarker: unknown[] | null })._searchMarker
    if (markers) markers.length = 0
  }

  private rebuild(): void {
    for (let item = this.array._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
      const arr = item.content.arr
      for (let i = 0; i < arr.length; i++) {
        const key = entryKey(arr[i])
        if (key === null) continue
        const id = Y.createID(item.id.client, item.id.clock + i)
        // Left to right: every later entry of a key is further right, so it wins.
        const previous = this.winners.get(key)
        if (previous) this.addLoser(key, previous)
        this.winners.set(key, id)
      }
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
      (key, id, entry) =>
        at(key).deleted.push({ id, value: entry.slice(key.length + 1), isNew: isNew(id) }),
      (key, item, offset, entry) => {
        const id = Y.createID(item.id.client, item.id.clock + offset)
        at(key).added.push({ id, value: entry.slice(key.length + 1), isNew: true })
      },
    )
    return out
  }

  /** Entries of a cell that lost a concurrent write and are still in the array. */
  losersOf(key: string): readonly Y.ID[] {
    return this.losers.get(key) ?? []
  }

  private onTransaction(tr: Y.Transaction): void {
    const changed = new Set<string>()
    this.scan(
      tr,
      (key, id) => this.removeEntry(key, id, changed),
      (key, item, offset) => this.addEntry(key, item, offset, changed),
    )
    if (changed.size === 0) return
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

  /**
   * Calls `deleted` for each cell entry `tr` deleted, then `added` for each it added that is
   * still in the array. Deletions come first: an overwrite deletes the old winner, so its new
   * entry meets no rival. Cost: the transaction's own changes, never the whole array.
   */
  private scan(
    tr: Y.Transaction,
    deleted: (key: string, id: Y.ID, entry: string) => void,
    added: (key: string, item: Y.Item, offset: number, entry: string) => void,
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
            if (key !== null) deleted(key, Y.createID(client, c), entry)
          }
        }
      }
    }
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = store.clients.get(client) as Array<Y.Item | Y.GC>
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC
        if (s.id.clock >= after) break
        if (!(s instanceof Y.Item) || s.parent !== this.array || s.deleted) continue
        if (!(s.content instanceof Y.ContentAny)) continue
        const arr = s.content.arr
        for (let j = Math.max(0, before - s.id.clock); j < arr.length; j++) {
          const key = entryKey(arr[j])
          if (key !== null) added(key, s, j, arr[j] as string)
        }
      }
    }
  }

  private addEntry(key: string, item: Y.Item, offset: number, changed: Set<string>): void {
    changed.add(key)
    const id = Y.createID(item.id.client, item.id.clock + offset)
    const winner = this.winners.get(key)
    if (!winner) {
      this.winners.set(key, id)
      return
    }
    if (sameId(winner, id) || this.losers.get(key)?.some((l) => sameId(l, id))) return
    if (this.isRightOf(item, offset, winner)) {
      this.addLoser(key, winner)
      this.winners.set(key, id)
    } else {
      this.addLoser(key, id)
    }
  }

  private removeEntry(key: string, id: EntryId, changed: Set<string>): void {
    changed.add(key)
    const winner = this.winners.get(key)
    if (!winner) return
    const losers = this.losers.get(key)
    if (sameId(winner, id)) {
      this.winners.delete(key)
      if (!losers) return
      // The rightmost entry still in the array wins now.
      const live = losers.filter((l) => !(Y.getItem(this.doc.store, l) as Y.Item).deleted)
      this.losers.delete(key)
      let best: EntryId | undefined
      let bestItem: Y.Item | undefined
      for (const l of live) {
        const item = Y.getItem(this.doc.store, l) as Y.Item
        if (!best || !bestItem || this.isRightOf(item, l.clock - item.id.clock, best)) {
          if (best) this.addLoser(key, best)
          best = l
          bestItem = item
        } else {
          this.addLoser(key, l)
        }
      }
      if (best) this.winners.set(key, best)
      return
    }
    if (!losers) return
    const rest = losers.filter((l) => !sameId(l, id))
    if (rest.length === 0) this.losers.delete(key)
    else this.losers.set(key, rest)
  }

  private addLoser(key: string, id: EntryId): void {
    const list = this.losers.get(key)
    if (list) list.push(id)
    else this.losers.set(key, [id])
  }

  /** Whether the entry at `offset` of `item` is right of the entry `other` in the array. */
  private isRightOf(item: Y.Item, offset: number, other: EntryId): boolean {
    if (holds(item, other)) return offset > other.clock - item.id.clock
    for (let n = item.right; n !== null; n = n.right) if (holds(n, other)) return false
    return true
  }
}
