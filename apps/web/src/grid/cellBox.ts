import type { CSSProperties } from 'vue'
import type { AxisSizes } from './axisSizes'
import { ROW_HEADER_WIDTH } from './gridGeometry'
import type { VisibleCell } from './useVisibleCells'

/** Column boxes (`left`, `width`) per column sizes, shared by every row (see `cellBox`). */
const columnBoxes = new WeakMap<AxisSizes, Map<number, CSSProperties>>()

/** A column's left inside its strip (the body strip starts left of the row headers). */
const colIn = (cols: AxisSizes, frozen: boolean, col: number): number =>
  frozen ? cols.offset(col) : ROW_HEADER_WIDTH + cols.offset(col)

const px = (n: number): string => `${n}px`

/**
 * Where a cell is drawn in its row and how it looks: a merged block covers its whole area. An
 * unformatted cell gets its column's box, the same object in every row while the column keeps
 * its place, so repainting a row compares one reference per cell and sets no style on it.
 */
export function cellBox(cols: AxisSizes, frozen: boolean, cell: VisibleCell): CSSProperties {
  const m = cell.merged
  if (m) {
    return {
      left: px(colIn(cols, frozen, cell.col) + m.dx),
      width: px(m.width),
      top: px(m.dy),
      height: px(m.height),
      // Text sits at the bottom of a tall block, as in Sheets and Excel.
      paddingTop: px(Math.max(0, m.height - 24)),
      ...cell.style,
    }
  }
  if (cell.style) return { ...columnBox(cols, frozen, cell.col), ...cell.style }
  return columnBox(cols, frozen, cell.col)
}

function columnBox(cols: AxisSizes, frozen: boolean, col: number): CSSProperties {
  let boxes = columnBoxes.get(cols)
  if (!boxes) columnBoxes.set(cols, (boxes = new Map()))
  const key = frozen ? -1 - col : col
  let box = boxes.get(key)
  if (!box) {
    box = { left: px(colIn(cols, frozen, col)), width: px(cols.size(col)) }
    boxes.set(key, box)
  }
  return box
}
