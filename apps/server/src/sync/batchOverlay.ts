import type * as Y from 'yjs'

/**
 * What one update of a group commit adds, as checked (`checkSheetUpdate`), and the batch's
 * earlier updates as a later one sees them (`BatchOverlay`).
 */

/** A struct as decoded from an update. */
export type DecodedStruct = Y.Item | Y.GC | Y.Skip

/**
 * Where an item lands once integrated: a root of the sheet document and, in a map, the key;
 * or `'gc'` when Yjs will turn it into garbage (it builds on garbage-collected content).
 */
export type Landing = { root: string; key: string | null } | 'gc'

/**
 * What a checked update adds: the structs the document does not have yet (the next update of
 * the same batch may build on them) and who wrote them.
 */
export interface CheckedUpdate {
  /** Yjs client ids that write structs the document does not have yet. */
  writers: Set<number>
  /** Where each new item lands; the next check of the same batch resolves through it. */
  landings: Map<DecodedStruct, Landing>
  /** New structs by client, in clock order. */
  byClient: Map<number, DecodedStruct[]>
  /** Rows (columns) the update adds to the `rows` (`cols`) array. */
  addedRows: number
  addedCols: number
  /** Comments the update gives an author (comment id -> session). */
  commentAuthors: Map<string, string>
  /** Conditional format rule ids the update writes that the document does not hold. */
  newRules: Set<string>
}

/** A struct an earlier update of the batch adds, and where it lands. */
interface OverlayStruct {
  struct: DecodedStruct
  landing: Landing | undefined
}

/** One client's structs added by the batch, in the order the batch's updates added them. */
interface ClientStructs {
  list: OverlayStruct[]
  /** First clock after the last one (each added struct ends later than the one before). */
  end: number
  /** No struct overlaps the one before: the list is sorted by clock and searchable. */
  disjoint: boolean
}

/**
 * Updates accepted earlier in the same batch, checked but not yet applied to the document (the
 * registry stores a batch before it applies it). A later update may build on them. Indexed per
 * client as they are added, so checking a batch costs what checking its updates one by one
 * does: a batch gathered during a slow commit can hold hundreds of updates, and looking
 * through all of the earlier ones for each struct made it quadratic.
 */
export class BatchOverlay {
  private readonly clients = new Map<number, ClientStructs>()
  private readonly authors = new Map<string, string>()
  private readonly rules = new Set<string>()
  private rows = 0
  private cols = 0

  add(update: CheckedUpdate): void {
    for (const [client, structs] of update.byClient) {
      let mine = this.clients.get(client)
      if (!mine) {
        mine = { list: [], end: 0, disjoint: true }
        this.clients.set(client, mine)
      }
      for (const struct of structs) {
        // A struct is new only if it ends past what the batch held (`checkSheetUpdate`); one
        // starting before that end repeats part of an earlier one.
        if (struct.id.clock < mine.end) mine.disjoint = false
        mine.list.push({ struct, landing: update.landings.get(struct) })
        mine.end = Math.max(mine.end, struct.id.clock + struct.length)
      }
    }
    // The first update of the batch that gave a comment its author is the one that counts.
    for (const [id, by] of update.commentAuthors)
      if (!this.authors.has(id)) this.authors.set(id, by)
    for (const rule of update.newRules) this.rules.add(rule)
    this.rows += update.addedRows
    this.cols += update.addedCols
  }

  /** First clock after what the batch adds for `client` (0 when it adds nothing). */
  end(client: number): number {
    return this.clients.get(client)?.end ?? 0
  }

  find(client: number, clock: number): { struct: DecodedStruct; landing?: Landing } | null {
    const mine = this.clients.get(client)
    if (!mine || clock >= mine.end) return null
    const hit = mine.disjoint
      ? searchStructs(mine.list, clock)
      : mine.list.find((s) => holds(s.struct, clock))
    if (!hit) return null
    return hit.landing === undefined ? { struct: hit.struct } : hit
  }

  /** The author an earlier update of the batch gave a comment. */
  commentAuthor(id: string): string | undefined {
    return this.authors.get(id)
  }

  /** Rule ids earlier updates of the batch add. */
  get newRules(): ReadonlySet<string> {
    return this.rules
  }

  get addedRows(): number {
    return this.rows
  }

  get addedCols(): number {
    return this.cols
  }
}

function holds(struct: DecodedStruct, clock: number): boolean {
  return clock >= struct.id.clock && clock < struct.id.clock + struct.length
}

/** The entry of a clock-sorted, non-overlapping list that holds `clock`, by binary search. */
function searchStructs(list: readonly OverlayStruct[], clock: number): OverlayStruct | undefined {
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const entry = list[mid] as OverlayStruct
    if (clock < entry.struct.id.clock) hi = mid - 1
    else if (clock >= entry.struct.id.clock + entry.struct.length) lo = mid + 1
    else return entry
  }
  return undefined
}
