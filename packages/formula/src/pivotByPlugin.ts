import {
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ArraySize,
  type ImplementedFunctions,
} from 'hyperformula'
import { numberOf, rowsOf } from './excelFunctionPlugin.js'
import { LetLambdaPlugin } from './letLambdaPlugin.js'
import type { LiteralAst } from './literalSpill.js'
import { measuredResult, predictMeasured } from './measuredSpill.js'
import { pivotBy } from './pivotBy.js'

/**
 * PIVOTBY(row_fields, col_fields, values, function, [field_headers], [row_total_depth],
 * [row_sort_order], [col_total_depth], [col_sort_order], [filter_array], [relative_to]) —
 * `pivotBy.ts` builds the table; this plugin reads the arguments and calls the function (a
 * LAMBDA or a function's bare name such as SUM or PERCENTOF) on each cell's values through
 * LetLambdaPlugin's calls. The table's width depends on the data, so its spill is sized by
 * measuring (`measuredSpill.ts`): exactly the table, as in Excel.
 */

type Ast = LiteralAst & { args: LiteralAst[] }

const ANY = { argumentType: FunctionArgumentType.ANY }

const omitted = (a: LiteralAst | undefined): boolean => !a || a.type === 'EMPTY'

const plain = (rows: unknown[][]): unknown[][] =>
  rows.map((r) => r.map((v) => (v === EmptyValue ? null : v)))

export class PivotByPlugin extends LetLambdaPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    PIVOTBY: {
      method: 'pivotby',
      sizeOfResultArrayMethod: 'pivotbySize',
      parameters: [ANY],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
  }

  pivotby(call: unknown, state: unknown): unknown {
    const ast = call as Ast
    return measuredResult(this.dependencyGraph, 'PIVOTBY', state, this.compute(ast, state))
  }

  private compute(ast: Ast, state: unknown): unknown {
    if (ast.args.length < 4 || ast.args.length > 11) {
      return new CellError(ErrorType.NA, 'PIVOTBY takes 4 to 11 arguments.')
    }
    const arrays: unknown[][][] = []
    for (const i of [0, 1, 2]) {
      const v = this.evaluateAst(ast.args[i] as never, state as never)
      if (v instanceof CellError) return v
      const rows = rowsOf(v)
      for (const row of rows) for (const x of row) if (x instanceof CellError) return x
      arrays.push(plain(rows))
    }
    const [rowFields, colFields, values] = arrays as [unknown[][], unknown[][], unknown[][]]
    const fn = this.lambdaArgument(ast.args[3] as never, state)
    if (fn instanceof CellError) return fn
    const number = (i: number): number | undefined | CellError =>
      this.optionalInteger(ast.args[i], state)
    const [headers, rowDepth, colDepth, relativeTo] = [number(4), number(5), number(7), number(10)]
    for (const x of [headers, rowDepth, colDepth, relativeTo]) if (x instanceof CellError) return x
    const h = headers as number | undefined
    const depthOk = (d: number | undefined, levels: number): boolean =>
      d === undefined || Math.abs(d) <= Math.max(2, levels)
    if (
      (h !== undefined && (h < 0 || h > 3)) ||
      !depthOk(rowDepth as number | undefined, rowFields[0]?.length ?? 0) ||
      !depthOk(colDepth as number | undefined, colFields[0]?.length ?? 0) ||
      (relativeTo !== undefined && ((relativeTo as number) < 0 || (relativeTo as number) > 4))
    ) {
      return new CellError(
        ErrorType.VALUE,
        'field_headers is 0 to 3, a total depth at most the number of fields, relative_to 0 to 4.',
      )
    }
    const sortOrder = (i: number, fields: number): number[] | CellError => {
      if (omitted(ast.args[i])) return []
      const v = this.evaluateAst(ast.args[i] as never, state as never)
      if (v instanceof CellError) return v
      const order = rowsOf(v)
        .flat()
        .map((x) => Math.trunc(numberOf(x) ?? 0))
      const width = fields + (values[0]?.length ?? 0)
      if (order.some((o) => o === 0 || Math.abs(o) > width)) {
        return new CellError(ErrorType.VALUE, 'A sort order names a column the data does not have.')
      }
      return order
    }
    const rowSort = sortOrder(6, rowFields[0]?.length ?? 0)
    const colSort = sortOrder(8, colFields[0]?.length ?? 0)
    if (rowSort instanceof CellError) return rowSort
    if (colSort instanceof CellError) return colSort
    const keep = this.optionalRowFilter(ast.args[9], state)
    if (keep instanceof CellError) return keep
    // PERCENTOF is given the cell's values and those relative_to names, as Excel does.
    const twoArguments = this.isFunctionNamed(fn, 'PERCENTOF')
    const column = (c: number, at: number[]): SimpleRangeValue =>
      SimpleRangeValue.onlyValues(at.map((r) => [values[r]?.[c] ?? EmptyValue]) as never)
    const table = pivotBy(
      rowFields,
      colFields,
      values,
      (c, at, relative) =>
        this.scalar(
          this.invoke(
            fn,
            twoArguments ? [column(c, at), column(c, relative)] : [column(c, at)],
            state,
          ),
        ),
      {
        headers: h,
        rowDepth: rowDepth as number | undefined,
        colDepth: colDepth as number | undefined,
        rowSort,
        colSort,
        keep,
        relativeTo: (relativeTo as number | undefined) ?? 0,
      },
    )
    if (table === '#VALUE!') {
      return new CellError(
        ErrorType.VALUE,
        'row_fields, col_fields, values (and filter_array) must have the same rows.',
      )
    }
    const out = table.map((row) => row.map((v) => (v === null ? EmptyValue : v)))
    if (out.length === 1 && out[0]?.length === 1) return out[0][0]
    return SimpleRangeValue.onlyValues(out as never)
  }

  /** The size last measured at this formula's address (see `measuredSpill.ts`). */
  pivotbySize(_call: unknown, state: unknown): ArraySize {
    return predictMeasured(this.dependencyGraph, 'PIVOTBY', state)
  }
}
