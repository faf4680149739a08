import type { ArraySize } from 'hyperformula'
import {
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { numberOf, rowsOf } from './excelFunctionPlugin.js'
import { groupBy } from './groupBy.js'
import { LetLambdaPlugin } from './letLambdaPlugin.js'
import type { LiteralAst } from './literalSpill.js'
import { measuredResult, predictMeasured } from './measuredSpill.js'

/**
 * GROUPBY(row_fields, values, function, [field_headers], [total_depth], [sort_order],
 * [filter_array]) — `groupBy.ts` groups; this plugin reads the arguments and calls the
 * function (a LAMBDA, or a function's bare name such as SUM or PERCENTOF) on each group's
 * values through LetLambdaPlugin's calls. The number of groups is known only once computed,
 * so the spill is sized by measuring (`measuredSpill.ts`): exactly the table, as in Excel.
 */

type Ast = LiteralAst & { args: LiteralAst[] }

const ANY = { argumentType: FunctionArgumentType.ANY }

const omitted = (a: LiteralAst | undefined): boolean => !a || a.type === 'EMPTY'

export class GroupByPlugin extends LetLambdaPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    GROUPBY: {
      method: 'groupby',
      sizeOfResultArrayMethod: 'groupbySize',
      parameters: [ANY],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
  }

  groupby(call: unknown, state: unknown): unknown {
    return measuredResult(this.dependencyGraph, 'GROUPBY', state, this.compute(call as Ast, state))
  }

  private compute(ast: Ast, state: unknown): unknown {
    if (ast.args.length < 3 || ast.args.length > 8) {
      return new CellError(ErrorType.NA, 'GROUPBY takes 3 to 8 arguments.')
    }
    const fields = this.evaluateAst(ast.args[0] as never, state as never)
    const values = this.evaluateAst(ast.args[1] as never, state as never)
    if (fields instanceof CellError) return fields
    if (values instanceof CellError) return values
    const fn = this.lambdaArgument(ast.args[2] as never, state)
    if (fn instanceof CellError) return fn
    const number = (i: number): number | undefined | CellError =>
      this.optionalInteger(ast.args[i], state)
    const headers = number(3)
    const depth = number(4)
    if (headers instanceof CellError) return headers
    if (depth instanceof CellError) return depth
    if (
      (headers !== undefined && (headers < 0 || headers > 3)) ||
      (depth !== undefined && Math.abs(depth) > 2)
    ) {
      return new CellError(ErrorType.VALUE, 'field_headers is 0 to 3 and total_depth -2 to 2.')
    }
    let sortOrder: number[] = []
    if (!omitted(ast.args[5])) {
      const v = this.evaluateAst(ast.args[5] as never, state as never)
      if (v instanceof CellError) return v
      sortOrder = rowsOf(v)
        .flat()
        .map((x) => Math.trunc(numberOf(x) ?? 0))
      const width = (rowsOf(fields)[0]?.length ?? 0) + (rowsOf(values)[0]?.length ?? 0)
      if (sortOrder.some((o) => o === 0 || Math.abs(o) > width)) {
        return new CellError(ErrorType.VALUE, 'sort_order names a column the result does not have.')
      }
    }
    const keep = this.optionalRowFilter(ast.args[6], state)
    if (keep instanceof CellError) return keep
    const fieldRows = rowsOf(fields)
    const valueRows = rowsOf(values)
    for (const row of [...fieldRows, ...valueRows]) {
      for (const v of row) if (v instanceof CellError) return v
    }
    // PERCENTOF is given the group and all the values, as Excel does.
    const twoArguments = this.isFunctionNamed(fn, 'PERCENTOF')
    const table = groupBy(
      fieldRows.map((r) => r.map((v) => (v === EmptyValue ? null : v))),
      valueRows.map((r) => r.map((v) => (v === EmptyValue ? null : v))),
      (columns, all) =>
        columns.map((col, c) => {
          const group = SimpleRangeValue.onlyValues(col.map((v) => [v ?? EmptyValue]) as never)
          const whole = SimpleRangeValue.onlyValues(
            (all[c] ?? []).map((v) => [v ?? EmptyValue]) as never,
          )
          return this.scalar(this.invoke(fn, twoArguments ? [group, whole] : [group], state))
        }),
      { headers, totalDepth: depth ?? 1, sortOrder, keep },
    )
    if (table === '#VALUE!') {
      return new CellError(ErrorType.VALUE, 'row_fields and values must have the same rows.')
    }
    const out = table.map((row) => row.map((v) => (v === null ? EmptyValue : v)))
    if (out.length === 1 && out[0]?.length === 1) return out[0][0]
    return SimpleRangeValue.onlyValues(out as never)
  }

  /** The size last measured for this formula (see `measuredSpill.ts`). */
  groupbySize(_call: unknown, state: unknown): ArraySize {
    return predictMeasured(this.dependencyGraph, 'GROUPBY', state)
  }
}
