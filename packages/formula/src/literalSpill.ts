import { ArraySize } from 'hyperformula'

/**
 * HyperFormula sizes a formula's spill when it parses the formula, before any value is known.
 * A function whose result size follows from its data (TEXTSPLIT, REGEXEXTRACT's array modes,
 * TAKE/DROP counts) can still be sized then when its arguments are typed in the formula as
 * literals: these helpers read such arguments from the syntax tree.
 */

export interface LiteralAst {
  type: string
  value?: unknown
  args?: LiteralAst[][] | LiteralAst[]
  procedureName?: string
  expressionName?: string
}

/** A literal argument's value: text, a number, a boolean, an array constant; else undefined. */
export function literalOf(ast: LiteralAst | undefined): unknown {
  if (ast === undefined || ast.type === 'EMPTY') return null
  switch (ast.type) {
    case 'STRING':
    case 'NUMBER':
      return ast.value
    case 'MINUS_UNARY_OP':
      return typeof literalOf(ast.value as LiteralAst) === 'number'
        ? -(literalOf(ast.value as LiteralAst) as number)
        : undefined
    case 'FUNCTION_CALL':
      if (ast.procedureName === 'TRUE' || ast.procedureName === 'FALSE') {
        return ast.procedureName === 'TRUE'
      }
      return undefined
    case 'NAMED_EXPRESSION': {
      // Cellmate defines the bare TRUE and FALSE as names (`createExcelEngine`).
      const name = ast.expressionName?.toUpperCase()
      return name === 'TRUE' || name === 'FALSE' ? name === 'TRUE' : undefined
    }
    case 'ARRAY': {
      const rows = (ast.args ?? []) as LiteralAst[][]
      const out = rows.map((row) => row.map((cell) => literalOf(cell)))
      return out.some((row) => row.some((v) => v === undefined)) ? undefined : out
    }
    default:
      return undefined
  }
}

/** Every argument's literal value, or undefined when one is not a literal. */
export function literalArgs(ast: { args: LiteralAst[] }): unknown[] | undefined {
  const out = ast.args.map((a) => literalOf(a))
  return out.some((v) => v === undefined) ? undefined : out
}

/** The size of a 2-D result, or a 1×1 size for a scalar. */
export function sizeOf(result: unknown): ArraySize {
  if (Array.isArray(result)) {
    const rows = result as unknown[][]
    return new ArraySize(Math.max(1, ...rows.map((r) => r.length)), Math.max(1, rows.length))
  }
  return ArraySize.scalar()
}
