import type * as Y from 'yjs'
import { sheetTypes } from '@cellmate/model'
import { shownStyleChanged } from './shownStyleChange'

/** Cells a transaction may change and still be checked one by one for a new inherited style. */
const STYLE_CHECKED_CELLS = 64

/**
 * Calls `then` after the first paint of `doc` with rows (a sheet's first sync brings them).
 * The watch's stop is in `stops` until then.
 */
export function onceShown(
  doc: Y.Doc,
  afterPaint: (fn: () => void) => void,
  then: () => void,
  stops: Set<() => void>,
): void {
  const rows = sheetTypes(doc).rows
  if (rows.length > 0) return afterPaint(then)
  const onTransaction = (): void => {
    if (rows.length === 0) return
    stop()
    afterPaint(then)
  }
  const stop = (): void => {
    doc.off('afterTransaction', onTransaction)
    stops.delete(stop)
  }
  doc.on('afterTransaction', onTransaction)
  stops.add(stop)
}

/**
 * Calls `found` once, at the first formula in `doc` (there now, synced or typed later). The
 * watch's stop is in `stops` until then.
 */
export function watchForFormulas(doc: Y.Doc, found: () => void, stops: Set<() => void>): void {
  const cells = sheetTypes(doc).cells
  const seen = (): void => {
    stop()
    found()
  }
  // The cell index keeps count of formula entries: no cell is read here (reading every cell
  // of a first sync took 2 s of a 1,000,000-cell sheet's open).
  const unobserve = cells.observe(() => {
    if (cells.mayHoldFormulas) seen()
  })
  const stop = (): void => {
    unobserve()
    stops.delete(stop)
  }
  stops.add(stop)
  if (cells.mayHoldFormulas) seen()
}

/**
 * Repaints the other open sheets (`others`) when an input on `doc` changes the style its
 * formulas inherit (`5` retyped as `$5`): `=Budget!B4*2` elsewhere turns into money although
 * no value changed, so the engine reports nothing. Returns the stop.
 */
export function watchShownStyles(
  doc: Y.Doc,
  others: () => ReadonlyArray<{ repaint: () => void }>,
): () => void {
  const cells = sheetTypes(doc).cells
  return cells.observe((keys, tr) => {
    // Asked only when another sheet is shown, and not cell by cell for a big change (a
    // join, a paste), which repaints them at once: reading the inputs of a 1,000,000-cell
    // sheet's join slices took ~2 s of its open in Chromium.
    const shown = others()
    if (shown.length === 0) return
    if (keys.size <= STYLE_CHECKED_CELLS && !shownStyleChanged(cells, tr)) return
    for (const d of shown) d.repaint()
  })
}

/**
 * Repaints the other open sheets (`others`) when rows or columns of `doc` are inserted,
 * deleted or moved: a reference to them elsewhere (`=Prices!E1` in a formula, a conditional
 * format's `=D4=Prices!$E$1`) reads under another address now, and a rule shows and evaluates
 * its formula by that address, although no value changed, so the engine reports nothing.
 * Returns the stop.
 */
export function watchSheetStructure(
  doc: Y.Doc,
  others: () => ReadonlyArray<{ repaint: () => void }>,
): () => void {
  const t = sheetTypes(doc)
  const structure = [t.rows, t.cols, t.removedRows, t.removedCols]
  const onTransaction = (tr: Y.Transaction): void => {
    const changed: ReadonlyMap<object, unknown> = tr.changed
    if (!structure.some((type) => changed.has(type))) return
    for (const d of others()) d.repaint()
  }
  doc.on('afterTransaction', onTransaction)
  return () => doc.off('afterTransaction', onTransaction)
}
