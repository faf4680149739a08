import {
  ArraySize,
  CellError,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import {
  ExcelFunctionPlugin,
  numberOf,
  numError,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'

/** MUNIT, MDETERM and MINVERSE (HyperFormula has MMULT and TRANSPOSE but not these). */

interface AstLike {
  args: { type: string; value?: unknown }[]
}

/** A square matrix of numbers; #VALUE! for blanks, text or a non-square range, as Excel. */
function squareMatrix(range: SimpleRangeValue): number[][] | CellError {
  if (range.width() !== range.height()) return valueError('The array must be square.')
  const out: number[][] = []
  for (const line of range.data) {
    const row: number[] = []
    for (const v of line) {
      if (v instanceof CellError) return v
      const n = numberOf(v)
      if (n === undefined) return valueError('Every cell must hold a number.')
      row.push(n)
    }
    out.push(row)
  }
  return out
}

/**
 * Gaussian elimination with partial pivoting on `[a | b]`: the determinant of `a`, and `b`
 * turned into `a⁻¹·b`.
 */
function eliminate(a: number[][], b: number[][]): number {
  const n = a.length
  let det = 1
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) {
      if (
        Math.abs((a[r] as number[])[col] as number) >
        Math.abs((a[pivot] as number[])[col] as number)
      )
        pivot = r
    }
    const p = (a[pivot] as number[])[col] as number
    if (p === 0) return 0
    if (pivot !== col) {
      ;[a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]]
      ;[b[col], b[pivot]] = [b[pivot] as number[], b[col] as number[]]
      det = -det
    }
    det *= p
    const rowA = a[col] as number[]
    const rowB = b[col] as number[]
    for (let c = 0; c < n; c++) rowA[c] = (rowA[c] as number) / p
    for (let c = 0; c < rowB.length; c++) rowB[c] = (rowB[c] as number) / p
    for (let r = 0; r < n; r++) {
      if (r === col) continue
      const f = (a[r] as number[])[col] as number
      if (f === 0) continue
      const ra = a[r] as number[]
      const rb = b[r] as number[]
      for (let c = 0; c < n; c++) ra[c] = (ra[c] as number) - f * (rowA[c] as number)
      for (let c = 0; c < rb.length; c++) rb[c] = (rb[c] as number) - f * (rowB[c] as number)
    }
  }
  return det
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? 1 : 0)))
}

export class MatrixPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    MUNIT: {
      method: 'munit',
      sizeOfResultArrayMethod: 'munitSize',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }],
      vectorizationForbidden: true,
    },
    MDETERM: {
      method: 'mdeterm',
      parameters: [{ argumentType: FunctionArgumentType.RANGE }],
      vectorizationForbidden: true,
    },
    MINVERSE: {
      method: 'minverse',
      sizeOfResultArrayMethod: 'minverseSize',
      parameters: [{ argumentType: FunctionArgumentType.RANGE }],
      vectorizationForbidden: true,
    },
  }

  munit(ast: Call, state: unknown): unknown {
    return this.call('MUNIT', ast, state, (dimension: number) => {
      const n = Math.trunc(dimension)
      return n < 1 ? valueError() : SimpleRangeValue.onlyValues(identity(n))
    })
  }

  /** The size must be known before evaluation: MUNIT(3) spills 3x3; a computed size cannot. */
  munitSize(ast: AstLike): ArraySize {
    const arg = ast.args[0]
    if (ast.args.length !== 1 || arg?.type !== 'NUMBER' || typeof arg.value !== 'number') {
      return ArraySize.error()
    }
    const n = Math.trunc(arg.value)
    return n < 1 ? ArraySize.error() : new ArraySize(n, n)
  }

  mdeterm(ast: Call, state: unknown): unknown {
    return this.call('MDETERM', ast, state, (range: SimpleRangeValue) => {
      const a = squareMatrix(range)
      return a instanceof CellError
        ? a
        : eliminate(
            a,
            a.map(() => []),
          )
    })
  }

  minverse(ast: Call, state: unknown): unknown {
    return this.call('MINVERSE', ast, state, (range: SimpleRangeValue) => {
      const a = squareMatrix(range)
      if (a instanceof CellError) return a
      const inverse = identity(a.length)
      if (eliminate(a, inverse) === 0) return numError('The matrix is singular.')
      return SimpleRangeValue.onlyValues(inverse)
    })
  }

  minverseSize(ast: AstLike, state: unknown): ArraySize {
    if (ast.args.length !== 1) return ArraySize.error()
    const size = this.arraySizeForAst(ast.args[0] as never, state as never)
    return new ArraySize(size.width, size.height)
  }
}
