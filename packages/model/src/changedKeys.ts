import { entryKeyEnd } from './cellEntries.js'

/**
 * The cell keys one transaction changed, as a set its listeners read — cut out of the entries
 * only when a listener reads them. A sheet's first sync is a million new cells in a few hundred
 * transactions, and most listeners ask nothing (a key count, a formula flag) or return early:
 * building the set anyway cost a string and a hash insertion per cell, ~40 % of indexing a
 * 1,000,000-cell join in Chromium.
 */
/** Added entries `arr[from..to)` of one item (see `ChangedKeys.runs`). */
export interface AddedRun {
  arr: readonly unknown[]
  from: number
  to: number
}

export class ChangedKeys implements ReadonlySet<string> {
  /** Keys of deleted entries, in the order met. */
  private readonly keyList: string[] = []
  /**
   * Added entries, as runs of an item's entries (`rowId:colId:input`, or values that are no
   * entry: `entryKeyEnd` below 0), in the order met: kept as the item's array and a range of it,
   * not copied entry by entry (a sheet's first sync adds a million). An item's array only
   * grows at its end while the transaction is read (Yjs merges the next item into it in place;
   * a split copies it), so the range still holds these entries.
   */
  private readonly runs: AddedRun[] = []
  private built: Set<string> | null = null
  /**
   * Some added value was no cell entry, or some added entry met another entry of its cell in
   * the index (a concurrent write, an overwrite not deleted, two entries of one cell in one
   * transaction): `wonRuns` cannot answer (see `markIrregular`).
   */
  private irregular = false

  /** True when nothing was added. */
  get isEmpty(): boolean {
    return this.keyList.length === 0 && this.runs.length === 0
  }

  addKey(key: string): void {
    this.built = null
    this.keyList.push(key)
  }

  /** The entries `arr[from..to)` were added (those with a key; others are no cells). */
  addRun(arr: readonly unknown[], from: number, to: number): void {
    if (to <= from) return
    this.built = null
    this.runs.push({ arr, from, to })
  }

  /**
   * Says that an added value was no cell entry, or that an added entry found its cell held by
   * another entry when it was indexed (`CellEntryIndex.indexRun`).
   */
  markIrregular(): void {
    this.irregular = true
  }

  /**
   * The added runs when every added value is a cell entry that took its cell without meeting
   * another entry of it (`rowId:colId:input`, each the winner of its cell, each cell once);
   * null when that is not known (`markIrregular`). A paste's cells, as they are indexed.
   */
  wonRuns(): readonly AddedRun[] | null {
    return this.irregular ? null : this.runs
  }

  /** Keys of the entries the transaction deleted, in the order met (a key may repeat). */
  deletedKeys(): readonly string[] {
    return this.keyList
  }

  get size(): number {
    return this.set().size
  }

  has(key: string): boolean {
    return this.set().has(key)
  }

  forEach(
    callback: (value: string, key: string, set: ReadonlySet<string>) => void,
    thisArg?: unknown,
  ): void {
    for (const key of this.set()) callback.call(thisArg, key, key, this)
  }

  entries(): SetIterator<[string, string]> {
    return this.set().entries()
  }

  keys(): SetIterator<string> {
    return this.set().keys()
  }

  values(): SetIterator<string> {
    return this.set().values()
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.set().values()
  }

  /** Deleted keys first, then added ones, as the transaction's scan met them. */
  private set(): Set<string> {
    if (this.built) return this.built
    const set = new Set(this.keyList)
    for (const { arr, from, to } of this.runs) {
      for (let i = from; i < to; i++) {
        const end = entryKeyEnd(arr[i])
        if (end >= 0) set.add((arr[i] as string).slice(0, end))
      }
    }
    this.built = set
    return set
  }
}
