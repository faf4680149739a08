import type { HyperFormula, SimpleCellAddress } from 'hyperformula'

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
 */
export function spillSize(hf: HyperFormula, address: SimpleCellAddress): SpillSize | null {
  const graph = (hf as unknown as { dependencyGraph: { getCell(a: SimpleCellAddress): unknown } })
    .dependencyGraph
  const vertex = graph.getCell(address)
  if (!isArrayHolder(vertex)) return null
  const corner = vertex.leftCorner
  if (corner.row !== address.row || corner.col !== address.col) return null
  return { rows: Math.max(1, vertex.height), cols: Math.max(1, vertex.width) }
}
