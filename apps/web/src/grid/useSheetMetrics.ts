import { computed, onBeforeUnmount, shallowRef, watch } from 'vue'
import type * as Y from 'yjs'
import {
  filterMap,
  getFrozen,
  hiddenIndexes,
  hiddenMap,
  sheetViewTypes,
  storedSize,
} from '@cellmate/model'
import type { SheetSession } from '../sync/sheetSession'
import { autoRowHeights, measureWrapped, sameHeights } from './autoRowHeights'
import { AxisSizes } from './axisSizes'
import { COL_WIDTH, ROW_HEIGHT, type GridMetrics, type GridSize } from './gridGeometry'

/** Resized rows or columns by position: ids the layout no longer has are skipped. */
function sizesByIndex(map: Y.Map<unknown>, indexOf: (id: string) => number): Map<number, number> {
  const out = new Map<number, number>()
  for (const id of map.keys()) {
    const index = indexOf(id)
    const px = storedSize(map, id)
    if (index >= 0 && px !== undefined) out.set(index, px)
  }
  return out
}

/** Hidden rows (columns) take no space: a size of 0 over whatever height they have. */
function withHidden(sizes: Map<number, number>, hidden: readonly number[]): Map<number, number> {
  for (const i of hidden) sizes.set(i, 0)
  return sizes
}

/**
 * The sheet's geometry as the document says — row heights, column widths (keyed by id, so
 * they follow inserts), freeze panes — recomputed when the structure (`version`) or one of
 * those maps changes, and not on cell edits (which are far more frequent).
 */
export function useSheetMetrics(sheet: () => SheetSession, version: () => number) {
  const viewVersion = shallowRef(0)
  let stop: (() => void) | null = null

  watch(
    sheet,
    (current) => {
      stop?.()
      const t = sheetViewTypes(current.doc)
      const watched: readonly object[] = [
        t.colWidths,
        t.rowHeights,
        t.view,
        hiddenMap(current.doc, 'rows'),
        hiddenMap(current.doc, 'cols'),
        filterMap(current.doc),
      ]
      const handler = (tr: Y.Transaction): void => {
        const changed: ReadonlyMap<object, unknown> = tr.changed
        if (watched.some((type) => changed.has(type))) viewVersion.value++
      }
      current.doc.on('afterTransaction', handler)
      // Sizes are keyed by id: any insert, delete or move re-indexes them.
      const stopStructure = current.onStructureChange(() => viewVersion.value++)
      const stopViews = current.filters.onChange(() => viewVersion.value++)
      stop = () => {
        stopViews()
        current.doc.off('afterTransaction', handler)
        stopStructure()
      }
      viewVersion.value++
    },
    { immediate: true },
  )
  onBeforeUnmount(() => stop?.())

  const size = computed<GridSize>((prev) => {
    version()
    const { layout } = sheet()
    const next = { rows: layout.rowCount, cols: layout.colCount }
    return prev && prev.rows === next.rows && prev.cols === next.cols ? prev : next
  })

  const cols = computed(() => {
    void viewVersion.value
    const { layout, doc } = sheet()
    return new AxisSizes(
      layout.colCount,
      COL_WIDTH,
      withHidden(
        sizesByIndex(sheetViewTypes(doc).colWidths, (id) => layout.colIndexOf(id)),
        hiddenIndexes(doc, 'cols'),
      ),
    )
  })

  /** Heights set by hand (a drag, REST); wrapped text never changes those. */
  const manualRows = computed(() => {
    void viewVersion.value
    const { layout, doc } = sheet()
    return sizesByIndex(sheetViewTypes(doc).rowHeights, (id) => layout.rowIndexOf(id))
  })

  /**
   * Rows wrapped text makes taller, again after every edit (text, wrap format, column
   * width); the same map while nothing changed, so the metrics are not rebuilt for nothing.
   */
  const autoRows = computed<ReadonlyMap<number, number>>((prev) => {
    version()
    const widths = cols.value
    const next = autoRowHeights(
      sheet(),
      (col) => widths.size(col),
      manualRows.value,
      measureWrapped,
    )
    return prev && sameHeights(prev, next) ? prev : next
  })

  const metrics = computed<GridMetrics>(() => {
    void viewVersion.value
    const { layout, doc } = sheet()
    const frozen = getFrozen(doc)
    const rowSizes = new Map([...autoRows.value, ...manualRows.value])
    return {
      rows: new AxisSizes(
        layout.rowCount,
        ROW_HEIGHT,
        // By hand and by a filter (which follows the values: `autoRows` reads every edit).
        withHidden(rowSizes, sheet().filters.hiddenRows()),
      ),
      cols: cols.value,
      frozenRows: Math.min(frozen.rows, layout.rowCount),
      frozenCols: Math.min(frozen.cols, layout.colCount),
    }
  })

  return { size, metrics }
}
