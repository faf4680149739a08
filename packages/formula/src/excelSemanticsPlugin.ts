import {
  CellError,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, numberOf, valueError, type Call } from './excelFunctionPlugin.js'
import { inferValue } from './inputValue.js'
import { patchInterpreter } from './interpreterPatches.js'

/**
 * HyperFormula functions whose results differ from Excel's documented ones, replaced: VALUE
 * (thousands separators, dates, as a typed cell reads), ISREF (true for a reference), AREAS, CHAR
 * (Windows-1252 for 128-159), FLOOR.MATH/CEILING.MATH (the mode for negative numbers), AND/OR
 * (text given directly is #VALUE!, text in a reference is ignored), INDEX (#REF! past the
 * range; one index into a single row). The constructor also corrects the interpreter itself
 * (`interpreterPatches.ts`): `?` in criteria wildcards and `""` in arithmetic.
 */

/** Windows-1252 at 128-159, where it differs from Latin-1 (undefined: unassigned). */
const CP1252 = [
  0x20ac,
  undefined,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  undefined,
  0x017d,
  undefined,
  undefined,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  undefined,
  0x017e,
  0x0178,
]

interface ArgAst {
  type: string
  expression?: ArgAst
}

const REFERENCE_ASTS = new Set(['CELL_REFERENCE', 'CELL_RANGE', 'COLUMN_RANGE', 'ROW_RANGE'])
/** Functions that return a reference in Excel (so ISREF of their result is TRUE). */
const REFERENCE_FUNCTIONS = new Set(['OFFSET', 'INDEX', 'INDIRECT'])

function unwrap(ast: ArgAst): ArgAst {
  let a = ast
  while (a.type === 'PARENTHESES' && a.expression) a = a.expression
  return a
}

/** FLOOR.MATH / CEILING.MATH: `up` is the direction for positive numbers. */
function roundMath(n: number, significance: number, mode: number, up: boolean): number {
  const s = Math.abs(significance)
  if (s === 0 || n === 0) return 0
  const q = n / s
  // Excel's 15 digits: 24.3/5*5 must not land a hair below a multiple.
  const exact = Math.abs(q - Math.round(q)) < 1e-12 * Math.max(1, Math.abs(q))
  if (exact) return Math.round(q) * s
  const awayFromZero = n < 0 && mode !== 0 ? up : n < 0 ? !up : up
  const towardPositive = n < 0 ? !awayFromZero : awayFromZero
  return (towardPositive ? Math.ceil(q) : Math.floor(q)) * s
}

const NUMBER = { argumentType: FunctionArgumentType.NUMBER }
const OPTIONAL = (defaultValue: number) => ({
  argumentType: FunctionArgumentType.NUMBER,
  defaultValue,
})

export class ExcelSemanticsPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    VALUE: { method: 'value', parameters: [{ argumentType: FunctionArgumentType.SCALAR }] },
    ISREF: {
      method: 'isref',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
      doesNotNeedArgumentsToBeComputed: true,
      vectorizationForbidden: true,
    },
    AREAS: {
      method: 'areas',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
      doesNotNeedArgumentsToBeComputed: true,
      vectorizationForbidden: true,
    },
    CHAR: { method: 'char', parameters: [NUMBER] },
    'FLOOR.MATH': { method: 'floorMath', parameters: [NUMBER, OPTIONAL(1), OPTIONAL(0)] },
    'CEILING.MATH': { method: 'ceilingMath', parameters: [NUMBER, OPTIONAL(1), OPTIONAL(0)] },
    AND: {
      method: 'and',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
    OR: {
      method: 'or',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
    INDEX: {
      method: 'index',
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
      ],
    },
  }

  constructor(interpreter: never) {
    super(interpreter)
    patchInterpreter(interpreter)
  }

  value(ast: Call, state: unknown): unknown {
    return this.call('VALUE', ast, state, (v: unknown) => {
      if (v instanceof CellError) return v
      const n = numberOf(v)
      if (n !== undefined) return n
      if (typeof v !== 'string') return valueError()
      const inferred = inferValue(v.trim())
      return typeof inferred.value === 'number' ? inferred.value : valueError()
    })
  }

  isref(ast: Call): unknown {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA)
    const arg = unwrap(ast.args[0] as ArgAst)
    if (REFERENCE_ASTS.has(arg.type)) return true
    const call = arg as ArgAst & { procedureName?: string }
    return arg.type === 'FUNCTION_CALL' && REFERENCE_FUNCTIONS.has(call.procedureName ?? '')
  }

  /**
   * The areas of a reference. Formula text has no reference unions (`(A1:B2,C3)`) or
   * intersections, so a reference is one area; a defined name counts when it names a range.
   */
  areas(ast: Call, state: unknown): unknown {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA)
    if (this.isref(ast) === true) return 1
    const arg = unwrap(ast.args[0] as ArgAst)
    if (arg.type !== 'NAMED_EXPRESSION') return valueError('AREAS takes a reference.')
    const v = this.evaluateAst(arg as never, state as never)
    if (v instanceof CellError) return v
    return v instanceof SimpleRangeValue && v.range !== undefined
      ? 1
      : valueError('AREAS takes a reference.')
  }

  char(ast: Call, state: unknown): unknown {
    return this.call('CHAR', ast, state, (n: number) => {
      const code = Math.trunc(n)
      if (code < 1 || code > 255) return valueError('CHAR takes 1 to 255.')
      const mapped = code >= 128 && code < 160 ? CP1252[code - 128] : code
      return String.fromCharCode(mapped ?? code)
    })
  }

  floorMath(ast: Call, state: unknown): unknown {
    return this.call('FLOOR.MATH', ast, state, (n: number, s: number, mode: number) =>
      roundMath(n, s, mode, false),
    )
  }

  ceilingMath(ast: Call, state: unknown): unknown {
    return this.call('CEILING.MATH', ast, state, (n: number, s: number, mode: number) =>
      roundMath(n, s, mode, true),
    )
  }

  and(ast: Call, state: unknown): unknown {
    return this.logical(ast, state, (values) => values.every(Boolean))
  }

  or(ast: Call, state: unknown): unknown {
    return this.logical(ast, state, (values) => values.some(Boolean))
  }

  /**
   * Excel's reading of AND/OR arguments: a reference or array contributes its numbers and
   * booleans (text and blanks ignored); a value given directly must be logical, a number or
   * "TRUE"/"FALSE"; no logical value at all is #VALUE!.
   */
  private logical(ast: Call, state: unknown, combine: (values: boolean[]) => boolean): unknown {
    const values: boolean[] = []
    for (const argAst of ast.args as ArgAst[]) {
      const arg = unwrap(argAst)
      if (arg.type === 'EMPTY') {
        values.push(false)
        continue
      }
      const v: unknown = this.evaluateAst(arg as never, state as never)
      if (v instanceof CellError) return v
      if (v instanceof SimpleRangeValue || REFERENCE_ASTS.has(arg.type)) {
        const cells = v instanceof SimpleRangeValue ? v.valuesFromTopLeftCorner() : [v]
        for (const c of cells) {
          if (c instanceof CellError) return c
          if (typeof c === 'boolean') values.push(c)
          else if (numberOf(c) !== undefined) values.push(numberOf(c) !== 0)
        }
        continue
      }
      if (typeof v === 'boolean') values.push(v)
      else if (numberOf(v) !== undefined) values.push(numberOf(v) !== 0)
      else if (typeof v === 'string' && /^(true|false)$/i.test(v)) {
        values.push(v.toUpperCase() === 'TRUE')
      } else return valueError('Not a logical value.')
    }
    return values.length === 0 ? valueError('No logical values.') : combine(values)
  }

  /**
   * INDEX(array, row, [col]): one index into a single row or column picks along it; an index
   * past the array is #REF!; row or column 0 returns the whole column or row.
   */
  index(ast: Call, state: unknown): unknown {
    return this.call(
      'INDEX',
      ast,
      state,
      (range: SimpleRangeValue, row: number, col: number | undefined) => {
        let r = Math.trunc(row)
        let c = col === undefined ? undefined : Math.trunc(col)
        if (c === undefined) {
          if (range.height() === 1 && range.width() > 1) [r, c] = [1, r]
          else c = 1
        }
        if (r < 0 || c < 0) return valueError()
        if (r > range.height() || c > range.width()) return new CellError(ErrorType.REF)
        const data = range.data
        if (r === 0 && c === 0) return range
        if (r === 0) return SimpleRangeValue.onlyValues(data.map((line) => [line[c - 1]]) as never)
        if (c === 0) return SimpleRangeValue.onlyValues([data[r - 1] as never])
        return (data[r - 1] as unknown[])[c - 1]
      },
    )
  }
}
