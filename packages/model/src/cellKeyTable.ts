/**
 * Cell key (`rowId:colId`) -> a number (where the cell's winning entry is), as a hash table over
 * typed arrays that keeps no key string: a key is read back from the entry its number points
 * at (`entryOf`), which starts with the key and a `:`.
 *
 * Why not a `Map<string, number>`: it holds a key string per cell, cut out of the entry, which
 * a sheet's first sync allocates a million times over and the garbage collector then copies
 * and promotes; indexing a 1,000,000-cell join took 1.7 s of Chromium's main thread, most of it
 * in `Map.set` and collection. Here a key is hashed in place (`text` up to `end`) and nothing
 * is allocated per cell.
 *
 * Open addressing with linear probing, at most half full; deletion shifts the entries that
 * follow back into place (no tombstones), so lookups never slow down after many edits.
 */
/**
 * An empty slot. A number is stored plus one, so a new table is empty as allocated (zeroed):
 * no pass over a sheet's whole table (2,000,000 slots for 1,000,000 cells) to mark it empty,
 * in the task that shows a big sheet's first screen (`reserve`).
 */
const EMPTY = 0
const MIN_CAPACITY = 16

export class CellKeyTable {
  private refs = new Float64Array(MIN_CAPACITY)
  private hashes = new Int32Array(MIN_CAPACITY)
  private count = 0

  /** `entryOf(ref)`: the entry string stored at `ref` (it starts with its cell key and `:`). */
  constructor(private readonly entryOf: (ref: number) => string) {}

  get size(): number {
    return this.count
  }

  /** The number stored for the key `text.slice(0, end)`, or undefined. */
  get(text: string, end = text.length): number | undefined {
    const slot = this.find(text, end, hashOf(text, end))
    return slot < 0 ? undefined : (this.refs[slot] as number) - 1
  }

  /**
   * `get` of the key `${a}:${b}` (a row id and a column id) without building it: the grid asks
   * for every cell it draws, a screenful of key strings a frame for the scavenger otherwise.
   */
  getPair(a: string, b: string): number | undefined {
    // hashOf(`${a}:${b}`), fed the same characters.
    const hash = hashOn(hashOn(hashOn(FNV_OFFSET, a, a.length), ':', 1), b, b.length)
    const mask = this.refs.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.refs[slot] as number
      if (stored === EMPTY) return undefined
      if (this.hashes[slot] === hash && this.holdsPair(stored - 1, a, b)) return stored - 1
    }
  }

  /**
   * Whether `ref` is the number stored for the key `text.slice(0, end)`. Compared by number
   * only: no key is read back (`entryOf`), since a number is only ever stored for its own key.
   */
  holds(text: string, end: number, ref: number): boolean {
    const hash = hashOf(text, end)
    const mask = this.refs.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.refs[slot] as number
      if (stored === EMPTY) return false
      if (stored === ref + 1) return true
    }
  }

  /** Stores `ref` for the key `text.slice(0, end)`; returns the number it replaced, or undefined. */
  set(text: string, end: number, ref: number): number | undefined {
    return this.setHashed(text, end, hashOf(text, end), ref)
  }

  /**
   * `set` with the key's hash (`hashOf(text, end)`) already taken. Hashing a batch of keys
   * first and then storing them one after the other lets the processor wait for several of
   * the table's cache misses at once: a big table is random reads of memory, and a sheet's
   * first sync stores a million keys (`SheetCells` indexes the entries of a join that way).
   */
  setHashed(text: string, end: number, hash: number, ref: number): number | undefined {
    if ((this.count + 1) * 2 > this.refs.length) this.resize(this.refs.length * 2)
    const mask = this.refs.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.refs[slot] as number
      if (stored === EMPTY) {
        this.refs[slot] = ref + 1
        this.hashes[slot] = hash
        this.count++
        return undefined
      }
      if (this.hashes[slot] === hash && this.holdsKey(stored - 1, text, end)) {
        this.refs[slot] = ref + 1
        return stored - 1
      }
    }
  }

  /** Removes the key `text.slice(0, end)`; returns the number it held, or undefined. */
  delete(text: string, end = text.length): number | undefined {
    let hole = this.find(text, end, hashOf(text, end))
    if (hole < 0) return undefined
    const removed = (this.refs[hole] as number) - 1
    this.count--
    const mask = this.refs.length - 1
    this.refs[hole] = EMPTY
    // Move back every entry of the run after the hole that probing would no longer reach.
    for (let slot = (hole + 1) & mask; this.refs[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const home = (this.hashes[slot] as number) & mask
      const reachable = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot
      if (reachable) continue
      this.refs[hole] = this.refs[slot] as number
      this.hashes[hole] = this.hashes[slot] as number
      this.refs[slot] = EMPTY
      hole = slot
    }
    return removed
  }

  /** Every stored number, in no particular order. */
  *values(): Generator<number> {
    const refs = this.refs
    for (let slot = 0; slot < refs.length; slot++) {
      const stored = refs[slot] as number
      if (stored !== EMPTY) yield stored - 1
    }
  }

  /** Makes room for `count` keys in all, so adding up to that many never rehashes. */
  reserve(count: number): void {
    let capacity = this.refs.length
    while (count * 2 > capacity) capacity *= 2
    if (capacity > this.refs.length) this.resize(capacity)
  }

  private find(text: string, end: number, hash: number): number {
    const mask = this.refs.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.refs[slot] as number
      if (stored === EMPTY) return -1
      if (this.hashes[slot] === hash && this.holdsKey(stored - 1, text, end)) return slot
    }
  }

  /** Whether the entry at `ref` is the cell `text.slice(0, end)`: that key, then `:`. */
  private holdsKey(ref: number, text: string, end: number): boolean {
    const entry = this.entryOf(ref)
    if (entry.length <= end || entry.charCodeAt(end) !== 58) return false // ':'
    for (let i = 0; i < end; i++) if (entry.charCodeAt(i) !== text.charCodeAt(i)) return false
    return true
  }

  /** Whether the entry at `ref` is the cell `${a}:${b}`: that key, then `:`. */
  private holdsPair(ref: number, a: string, b: string): boolean {
    const entry = this.entryOf(ref)
    const at = a.length + 1
    const end = at + b.length
    if (entry.length <= end || entry.charCodeAt(end) !== 58 || entry.charCodeAt(a.length) !== 58)
      return false
    for (let i = 0; i < a.length; i++) if (entry.charCodeAt(i) !== a.charCodeAt(i)) return false
    for (let i = 0; i < b.length; i++)
      if (entry.charCodeAt(at + i) !== b.charCodeAt(i)) return false
    return true
  }

  private resize(capacity: number): void {
    const refs = this.refs
    const hashes = this.hashes
    this.refs = new Float64Array(capacity)
    this.hashes = new Int32Array(capacity)
    const mask = this.refs.length - 1
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i] as number
      if (ref === EMPTY) continue
      const hash = hashes[i] as number
      let slot = hash & mask
      while (this.refs[slot] !== EMPTY) slot = (slot + 1) & mask
      this.refs[slot] = ref
      this.hashes[slot] = hash
    }
  }
}

/** FNV-1a's start and multiplier: a key's hash (`hashOf`), also where it is taken from bytes. */
export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

/** FNV-1a: `hash` carried on over `text.slice(0, end)`, character by character. */
function hashOn(hash: number, text: string, end: number): number {
  let h = hash
  for (let i = 0; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME)
  return h
}

/** FNV-1a over the UTF-16 code units of `text` up to `end` (`IdPositions` hashes ids with it too). */
export function hashOf(text: string, end = text.length): number {
  return hashOn(FNV_OFFSET, text, end)
}
