/**
 * The cell keys one transaction changed, as a set its listeners read — cut out of the entries
 * only when a listener reads them. A sheet's first sync is a million new cells in a few hundred
 * transactions, and most listeners ask nothing (a key count, a formula flag) or return early:
 * building the set anyway cost a string and a hash insertion per cell, ~40 % of indexing a
 * 1,000,000-cell join in Chromium.
 */
export class ChangedKeys implements ReadonlySet<string> {
  /** Keys of deleted entries, in the order met. */
  private readonly keyList: string[] = []
  /** Added entries (`rowId:colId:input`) with where their key ends, in the order met. */
  private readonly entryList: string[] = []
  private readonly keyEnds: number[] = []
  private built: Set<string> | null = null

  /** True when nothing was added. */
  get isEmpty(): boolean {
    return this.keyList.length === 0 && this.entryList.length === 0
  }

  addKey(key: string): void {
    this.built = null
    this.keyList.push(key)
  }

  addEntry(entry: string, keyEnd: number): void {
    this.built = null
    this.entryList.push(entry)
    this.keyEnds.push(keyEnd)
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
    this.entryList.forEach((entry, i) => set.add(entry.slice(0, this.keyEnds[i])))
    this.built = set
    return set
  }
}
