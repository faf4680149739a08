import { hashOf } from './cellKeyTable.js'

/**
 * Row or column ids in display order, each kept at its first occurrence, with the position of
 * each: an open-addressing table of positions over the id list itself (the id at a position is
 * read back from `ids`), sized once for the whole list.
 *
 * Why not a `Map<string, number>`: laying out a 1,000,000-row sheet asked a growing map twice
 * per id (was it seen; where is it), 0.4-0.8 s of Chromium's main thread in one task as the
 * sheet opened. Here an id is hashed once, and a table that never grows takes one probe.
 */
export class IdPositions {
  readonly ids: string[] = []
  /** Position + 1 of the id whose probe starts at the slot (0: empty). */
  private readonly slots: Int32Array
  private readonly mask: number

  /** `source` in order, skipping what is no string, repeated ids and those `skip` names. */
  constructor(source: readonly unknown[], skip: (id: string) => boolean = () => false) {
    let capacity = 16
    while (capacity < source.length * 2) capacity *= 2
    this.slots = new Int32Array(capacity)
    this.mask = capacity - 1
    const ids = this.ids
    for (const id of source) {
      if (typeof id !== 'string') continue
      const slot = this.find(id)
      if (this.slots[slot] !== 0 || skip(id)) continue
      this.slots[slot] = ids.length + 1
      ids.push(id)
    }
  }

  /** The position of `id`, or -1. */
  indexOf(id: string): number {
    return (this.slots[this.find(id)] as number) - 1
  }

  /** The slot that holds `id`, or the empty slot where it would go. */
  private find(id: string): number {
    const { slots, mask, ids } = this
    for (let slot = hashOf(id) & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[slot] as number
      if (stored === 0 || ids[stored - 1] === id) return slot
    }
  }
}
