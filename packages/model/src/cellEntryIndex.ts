import * as Y from 'yjs'
import { CellKeyTable } from './cellKeyTable.js'
import { ChangedKeys } from './changedKeys.js'
import { addedClients } from './transactionClients.js'
import {
  INDEX_BATCH,
  batchHashes,
  batchKeyEnds,
  entryKey,
  entryKeyEnd,
  entryValue,
  hashBatch,
  hashBatchFromBytes,
  holdsFormula,
} from './cellEntries.js'

/**
 * The index of a sheet's cell log (`SheetCells`, `cellStore.ts`): cell key -> the entry that
 * wins it (`CellKeyTable`), the entries that lost a concurrent write and are still in the
 * array, and how many entries hold a formula. Built in one pass over the log when a document
 * is opened (`rebuild`), then kept up to date from each transaction's own changes (its delete
 * set and new structs, `applyTransaction`), so a remote edit costs its size, not the sheet's.
 *
 * Kept apart from `SheetCells`, which owns one per document and does the reads, the writes and
 * the listeners: this is the code a 1,000,000-cell open spends its time in. A local write
 * (`SheetCells.setMany`) tells the index as it writes (`takeCell`, `recordWrite`), so its
 * reads see the new values at once; the transaction's `applyTransaction` then finds its
 * entries already in place (`addEntry`: a winner that is the entry itself).
 */

/**
 * Where an entry is, packed into one number: the index of its Yjs client in the store's list
 * times 2^36, plus its clock. A number below 2^31 costs no allocation (the entries of the
 * sheet's first writer) and 16 bytes above, against 32+ for an id object: the index is heap a
 * big sheet pays per cell. Clocks stay far below 2^36, the clients of a sheet below 2^17.
 */
export type Ref = number
const CLOCK_SPAN = 2 ** 36

export class CellEntryIndex {
  /** Cell key -> its winning entry. */
  readonly winners = new CellKeyTable((ref) => this.entryAt(ref))
  /** Cell key -> entries that lost a concurrent write and are still in the array. */
  readonly losers = new Map<string, Ref[]>()
  /** Yjs client ids by their index in a `Ref`, and back. */
  private readonly clients: number[] = []
  private readonly clientIndex = new Map<number, number>()
  /** Entries in the array (winners or not) whose input is a formula. */
  private formulaEntries = 0
  /** The entry added last (by anyone): where the array's end is looked for from. */
  private newestRef: Ref | undefined

  /** Indexes the entries `array` (the cell log of `doc`) holds now. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly array: Y.Array<unknown>,
  ) {
    this.rebuild()
  }

  /** True when an entry in the log holds a formula (see `SheetCells.mayHoldFormulas`). */
  get mayHoldFormulas(): boolean {
    return this.formulaEntries > 0
  }

  /** The entry added last (by anyone): where the array's end is looked for from. */
  get newest(): Ref | undefined {
    return this.newestRef
  }

  /** The input of the entry at `ref`. */
  valueAt(ref: Ref): string {
    return entryValue(this.entryAt(ref))
  }

  /**
   * Drops the cell `key` from the index before a local write replaces it, calling `each` with
   * its entries (the winner, then the losers) for the writer to delete; none when it is empty.
   */
  takeCell(key: string, each: (ref: Ref) => void): void {
    const winner = this.winners.get(key)
    if (winner === undefined) return
    const losers = this.losers.get(key)
    this.winners.delete(key)
    this.losers.delete(key)
    each(winner)
    if (losers) for (const ref of losers) each(ref)
  }

  /** Records the entries a local write appended: `keys[i]` is at `first + i`, each winning. */
  recordWrite(keys: readonly string[], first: Ref): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      this.winners.set(key, key.length, first + i)
    }
    this.newestRef = first + keys.length - 1
  }

  /** The entry string at `ref` (without making an id: the index reads keys back this way). */
  entryAt(ref: Ref): string {
    const clock = ref % CLOCK_SPAN
    const structs = this.doc.store.clients.get(this.clientOf(ref)) as Array<Y.Item | Y.GC>
    const item = structs[Y.findIndexSS(structs, clock)] as Y.Item
    return (item.content as Y.ContentAny).arr[clock - item.id.clock] as string
  }

  /** The ref of an entry id, registering its client. */
  ref(client: number, clock: number): Ref {
    let index = this.clientIndex.get(client)
    if (index === undefined) {
      index = this.clients.length
      this.clients.push(client)
      this.clientIndex.set(client, index)
    }
    return index * CLOCK_SPAN + clock
  }

  /** Whether the entry at `ref` was added by `tr` (its clock is past its client's state before). */
  addedBy(tr: Y.Transaction, ref: Ref): boolean {
    return ref % CLOCK_SPAN >= (tr.beforeState.get(this.clientOf(ref)) ?? 0)
  }

  clientOf(ref: Ref): number {
    return this.clients[Math.floor(ref / CLOCK_SPAN)] as number
  }

  idOf(ref: Ref): Y.ID {
    return Y.createID(this.clients[Math.floor(ref / CLOCK_SPAN)] as number, ref % CLOCK_SPAN)
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
      this.newestRef = first + arr.length - 1
    }
  }

  /**
   * Brings the index up to date with what `tr` changed in the array (call it from the array's
   * observer); returns the keys of the cells whose value may differ (empty when none).
   */
  applyTransaction(tr: Y.Transaction): ChangedKeys {
    const changed = new ChangedKeys()
    this.forEachDeleted(tr, (key, id, entry) => {
      // An entry added in this transaction was never counted (`added` skips deleted ones).
      if (!this.addedBy(tr, id) && holdsFormula(entry, key.length)) this.formulaEntries--
      changed.addKey(key)
      this.removeEntry(key, id)
    })
    this.forEachAddedRun(tr, (arr, from, item, first) =>
      this.indexRun(arr, from, item, first, changed),
    )
    return changed
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
        if (end < 0) {
          changed.markIrregular()
          continue
        }
        const offset = start + k
        const entry = arr[offset] as string
        if (!this.addEntry(entry, end, hashes[k] as number, item, offset, first + offset)) {
          changed.markIrregular()
        }
      }
      for (let k = 0; k < count; k++) {
        const end = ends[k] as number
        if (end < 0) continue
        if (holdsFormula(arr[start + k] as string, end)) this.formulaEntries++
        this.newestRef = first + start + k
        any = true
      }
    }
    if (any) changed.addRun(arr, from, arr.length)
  }

  /**
   * Calls `deleted` for each cell entry `tr` deleted, then `added` for each it added that is
   * still in the array. Deletions come first: an overwrite deletes the old winner, so its new
   * entry meets no rival. Cost: the transaction's own changes, never the whole array.
   */
  scan(
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
    const clients = addedClients(tr)
    for (let c = 0; c < clients.length; c += 3) {
      const client = clients[c] as number
      const before = clients[c + 1] as number
      const after = clients[c + 2] as number
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

  /**
   * Indexes one added entry; true when it took its cell without meeting another entry of it
   * (a new cell, or this very entry recorded by a local write).
   */
  private addEntry(
    entry: string,
    keyEnd: number,
    hash: number,
    item: Y.Item,
    offset: number,
    id: Ref,
  ): boolean {
    // One probe for a new cell, its key hashed in place (a sheet's first sync is a million of
    // them); a rival is rare.
    const winner = this.winners.setHashed(entry, keyEnd, hash, id)
    // A new cell, or this very entry again: a local write records its entries as it appends
    // them (`recordWrite`), and the transaction's observer then indexes them like any other.
    if (winner === undefined || winner === id) return true
    const key = entry.slice(0, keyEnd)
    if (this.losers.get(key)?.includes(id)) {
      this.winners.set(key, key.length, winner)
    } else if (this.isRightOf(item, offset, winner)) {
      this.addLoser(key, winner)
    } else {
      this.winners.set(key, key.length, winner)
      this.addLoser(key, id)
    }
    return false
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
