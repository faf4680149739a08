/**
 * Which formulas depend on which anchors — a sheet, a row id, a column id — so that after a
 * structural edit the engine re-evaluates only the formulas whose meaning an engine-side
 * position shift cannot reproduce (a deleted or moved endpoint, a sheet coming or going),
 * instead of every formula in the workbook.
 */

const SEP = '\u0001'

/** Anchor: a sheet (any reference to it). */
export const sheetAnchor = (sheetId: string): string => `s${SEP}${sheetId}`
/** Anchor: one row or column id of a sheet (ids are shared by a sheet and its duplicate). */
export const axisAnchor = (sheetId: string, axis: 'rows' | 'cols', id: string): string =>
  `${axis === 'rows' ? 'r' : 'c'}${SEP}${sheetId}${SEP}${id}`
/** Anchor: a reference read by position (not anchored), which any structural edit can move. */
export const positionalAnchor = (sheetId: string): string => `p${SEP}${sheetId}`
/** Anchor: a reference by sheet name, which resolves differently after any sheet rename. */
export const NAME_ANCHOR = 'n'
/** Anchor: a defined name by its text (any case), re-resolved when a name with it comes or goes. */
export const definedNameAnchor = (text: string): string => `d${SEP}${text.toLowerCase()}`
/** Anchor: a structured reference or a table's name, re-converted whenever any table changes. */
export const TABLE_ANCHOR = 't'
/** Anchor: INDIRECT, whose targets HyperFormula does not know (see `EngineCore.settle`). */
export const INDIRECT_ANCHOR = 'i'

/** Key of a formula cell: its sheet and its `rowId:colId`. */
export const formulaKey = (sheetId: string, cellKey: string): string => `${sheetId}${SEP}${cellKey}`

/** Splits a `formulaKey` back into sheet id and cell key. */
export function splitFormulaKey(key: string): { sheetId: string; cellKey: string } {
  const at = key.indexOf(SEP)
  return { sheetId: key.slice(0, at), cellKey: key.slice(at + 1) }
}

/** Records `catchUpSome` indexes by default: ~10 ms of work. */
const LATER_SLICE = 5_000

/** True for the anchor of one row or column (`axisAnchor`). */
const isAxisAnchor = (anchor: string): boolean =>
  anchor.charCodeAt(1) === 1 && (anchor[0] === 'r' || anchor[0] === 'c')

/**
 * Reverse index anchor -> formulas, kept exact as formulas are set and cleared.
 *
 * A sheet read whole (`sheetContent`) hands its records over with `addLater`: they are put in
 * the maps a slice at a time when the host is idle (`catchUpSome`), or all at once as soon as
 * an answer depends on them (a row's or column's formulas, or an anchor one of them names).
 * Putting 100,000 formulas in the maps took ~240 ms of a 100,000-formula sheet's open, before
 * its totals could show; nothing asks about rows or columns until someone inserts, deletes or
 * moves one.
 */
export class FormulaIndex {
  /**
   * The formulas of an anchor: one alone as itself, several in a set. Most anchors are the
   * row of one formula (`=A5*2` is the only one naming row 5): a set each was 100,000 sets
   * for a 100,000-formula sheet, a tenth of its load.
   */
  private readonly byAnchor = new Map<string, string | Set<string>>()
  private readonly byFormula = new Map<string, readonly string[]>()
  /**
   * Records handed over by `addLater` and not in the maps yet, from `laterFrom` on: a formula
   * then its anchors, flat (a pair each was 100,000 more objects to collect).
   */
  private later: Array<string | readonly string[]> = []
  private laterFrom = 0
  /** Formulas set again or removed since `addLater` recorded them: that record is stale. */
  private readonly superseded = new Set<string>()
  /** The anchors of put-off records that are not a row or column (a sheet, a name, …). */
  private readonly laterOther = new Set<string>()

  /** Records (replacing any previous record) the anchors of one formula. */
  set(formula: string, anchors: readonly string[]): void {
    this.remove(formula)
    this.add(formula, anchors)
  }

  /**
   * Records the anchors of a formula not in the index (a sheet's content read whole after its
   * formulas were dropped: `sheetContent`), in the maps before any answer depends on it.
   */
  addLater(formula: string, anchors: readonly string[]): void {
    if (anchors.length === 0) return
    // Recorded before and superseded since: that stale record goes first.
    if (this.superseded.size > 0 && this.superseded.has(formula)) this.indexAllLater()
    this.later.push(formula, anchors)
    for (const anchor of anchors) if (!isAxisAnchor(anchor)) this.laterOther.add(anchor)
  }

  /** Puts every record `addLater` handed over in the maps. */
  private indexAllLater(): void {
    this.indexLater(Infinity)
  }

  /** Puts up to `count` of the records `addLater` handed over in the maps; true while more wait. */
  catchUpSome(count = LATER_SLICE): boolean {
    this.indexLater(count)
    return this.laterFrom < this.later.length
  }

  private indexLater(count: number): void {
    const end = Math.min(this.later.length, this.laterFrom + 2 * count)
    for (let i = this.laterFrom; i < end; i += 2) {
      const formula = this.later[i] as string
      if (!this.superseded.has(formula)) this.add(formula, this.later[i + 1] as readonly string[])
    }
    this.laterFrom = end
    if (end < this.later.length) return
    this.later = []
    this.laterFrom = 0
    this.superseded.clear()
    this.laterOther.clear()
  }

  /** Catches up first when a put-off record could change the answer about `anchor`. */
  private ready(anchor: string): void {
    if (this.laterFrom === this.later.length) return
    if (isAxisAnchor(anchor) || this.laterOther.has(anchor)) this.indexAllLater()
  }

  private add(formula: string, anchors: readonly string[]): void {
    if (anchors.length === 0) return
    this.byFormula.set(formula, anchors)
    for (const anchor of anchors) {
      const held = this.byAnchor.get(anchor)
      if (held === undefined) this.byAnchor.set(anchor, formula)
      else if (typeof held !== 'string') held.add(formula)
      else if (held !== formula) this.byAnchor.set(anchor, new Set([held, formula]))
    }
  }

  remove(formula: string): void {
    if (this.laterFrom < this.later.length) this.superseded.add(formula)
    const anchors = this.byFormula.get(formula)
    if (!anchors) return
    this.byFormula.delete(formula)
    for (const anchor of anchors) {
      const held = this.byAnchor.get(anchor)
      if (held === formula) {
        this.byAnchor.delete(anchor)
      } else if (held !== undefined && typeof held !== 'string') {
        held.delete(formula)
        if (held.size === 0) this.byAnchor.delete(anchor)
      }
    }
  }

  /** Adds the formulas depending on `anchor` to `into`. */
  collect(anchor: string, into: Set<string>): void {
    this.ready(anchor)
    const held = this.byAnchor.get(anchor)
    if (held === undefined) return
    if (typeof held === 'string') into.add(held)
    else for (const f of held) into.add(f)
  }

  /** True while some formula depends on `anchor`. */
  has(anchor: string): boolean {
    this.ready(anchor)
    return this.byAnchor.has(anchor)
  }

  /** Forgets everything, put-off records included. */
  clear(): void {
    this.byAnchor.clear()
    this.byFormula.clear()
    this.later = []
    this.laterFrom = 0
    this.superseded.clear()
    this.laterOther.clear()
  }

  /** Forgets every formula living on a sheet (the sheet left the engine). */
  removeSheet(sheetId: string): void {
    this.indexAllLater()
    const prefix = formulaKey(sheetId, '')
    for (const formula of [...this.byFormula.keys()]) {
      if (formula.startsWith(prefix)) this.remove(formula)
    }
  }
}
