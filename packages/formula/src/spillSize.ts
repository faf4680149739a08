import { EmptyValue, type HyperFormula, type SimpleCellAddress } from 'hyperformula'

/** Rows and columns a formula's array result covers. */
export interface SpillSize {
  rows: number
  cols: number
}

/** What HyperFormula keeps for an array formula (its `ArrayFormulaVertex`). */
interface ArrayHolder {
  array: unknown
  width: number
  height: number
  leftCorner: SimpleCellAddress
  formula?: unknown
}

/**
 * Functions whose result's size depends on the data: HyperFormula sizes their spill when it
 * parses the formula, for the most values they can give, and fills the rest with blanks.
 */
const SIZED_BY_DATA = new Set(['UNIQUE', 'FILTER', 'TOCOL', 'TOROW'])

/** True when the syntax tree `ast` calls one of `SIZED_BY_DATA`. */
function sizedByData(ast: unknown, depth = 0): boolean {
  if (typeof ast !== 'object' || ast === null || depth > 200) return false
  if (Array.isArray(ast)) return ast.some((a) => sizedByData(a, depth + 1))
  const node = ast as { type?: unknown; procedureName?: unknown }
  if (node.type === 'FUNCTION_CALL' && SIZED_BY_DATA.has(String(node.procedureName))) return true
  return Object.entries(node).some(
    ([key, value]) => key !== 'leadingWhitespace' && sizedByData(value, depth + 1),
  )
}

/** The rows and columns of `array`'s values up to the last one that is not blank. */
function usedSize(array: unknown, size: SpillSize): SpillSize {
  const raw = (array as { raw?: () => unknown }).raw?.()
  if (!Array.isArray(raw)) return size
  let rows = 0
  let cols = 0
  raw.forEach((line: unknown, r) => {
    if (!Array.isArray(line)) return
    line.forEach((v: unknown, c) => {
      if (v === EmptyValue) return
      rows = Math.max(rows, r + 1)
      cols = Math.max(cols, c + 1)
    })
  })
  return {
    rows: Math.max(1, Math.min(rows, size.rows)),
    cols: Math.max(1, Math.min(cols, size.cols)),
  }
}

function isArrayHolder(vertex: unknown): vertex is ArrayHolder {
  return (
    typeof vertex === 'object' &&
    vertex !== null &&
    'array' in vertex &&
    'leftCorner' in vertex &&
    typeof (vertex as ArrayHolder).width === 'number'
  )
}

/**
 * The area the array result of the formula at `address` spills over, its own cell included;
 * null when no array formula starts there. HyperFormula's public API tells a cell is part of
 * an array but not which one, so this reads the formula's vertex (as `subtotalPlugin` does).
 * A result whose size depends on the data (`UNIQUE`, `FILTER`, …) covers its values only, as
 * Excel's spill does, not the blanks HyperFormula keeps room with.
 */
export function spillSize(hf: HyperFormula, address: SimpleCellAddress): SpillSize | null {
  const graph = (hf as unknown as { dependencyGraph: { getCell(a: SimpleCellAddress): unknown } })
    .dependencyGraph
  const vertex = graph.getCell(address)
  if (!isArrayHolder(vertex)) return null
  const corner = vertex.leftCorner
  if (corner.row !== address.row || corner.col !== address.col) return null
  const size = { rows: Math.max(1, vertex.height), cols: Math.max(1, vertex.width) }
  return sizedByData(vertex.formula) ? usedSize(vertex.array, size) : size
}
