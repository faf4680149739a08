import { tokenize, type Token } from './formulaTokens.js'

/**
 * Excel 365's implicit intersection operator `@` (`=@A1:A10`, `=@INDEX(A:B,0,1)`): what a
 * formula from a workbook older than dynamic arrays computed where it reads a range in a
 * single cell. Cellmate keeps `@` in the formula as typed; HyperFormula has no such operator,
 * so the engine is given Excel's own spelling of it, `SINGLE(…)` (`legacyArrayPlugin.ts`), and
 * an XLSX file gets `_xlfn.SINGLE(…)`, as Excel saves it.
 */

/** True for the `@` operator (a `[@Col]` structured reference is a token of its own). */
export const isAtOperator = (t: Token | undefined): boolean => t?.type === 'op' && t.text === '@'

/** Index of the bracket closing the one at `open` (parentheses and array braces), or the end. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token
    if (t.type !== 'paren' && t.type !== 'brace') continue
    depth += t.text === '(' || t.text === '{' ? 1 : -1
    if (depth === 0) return i
  }
  return tokens.length - 1
}

/**
 * The index of the last token of the operand `@` at `at` applies to: a reference, name or
 * value, a function call with its arguments, or a parenthesised expression (as Excel, `@`
 * binds tighter than every other operator). -1 when nothing follows.
 */
export function operandEnd(tokens: readonly Token[], at: number): number {
  let i = at + 1
  while (tokens[i]?.type === 'space') i++
  const t = tokens[i]
  if (!t) return -1
  if (isAtOperator(t)) return operandEnd(tokens, i)
  if (t.type === 'func' && tokens[i + 1]?.text === '(') return closing(tokens, i + 1)
  if (t.type === 'paren' && t.text === '(') return closing(tokens, i)
  if (t.type === 'brace' && t.text === '{') return closing(tokens, i)
  if (t.type === 'op' || t.type === 'sep' || t.type === 'paren') return -1
  return i
}

/**
 * Rewrites each `@x` of `tokens` as `SINGLE(x)` in `out` (the converted text of each token,
 * aligned with `tokens`); `name` is the function's spelling (`_xlfn.SINGLE` in a file). A `@`
 * with nothing after it is left for the engine to refuse.
 */
export function rewriteAtOperators(tokens: readonly Token[], out: string[], name = 'SINGLE'): void {
  tokens.forEach((t, i) => {
    if (!isAtOperator(t)) return
    const end = operandEnd(tokens, i)
    if (end < 0) return
    out[i] = `${name}(`
    out[end] = `${out[end] ?? ''})`
  })
}

/**
 * A formula body with Excel's saved `SINGLE(x)` (its `_xlfn.` prefix already gone) shown as
 * Excel 365 shows it: `@x`, or `@(x)` when x is more than one operand.
 */
export function singleAsAt(body: string): string {
  if (!/single\s*\(/i.test(body)) return body
  const tokens = tokenize(body, 'a1')
  const out = tokens.map((t) => t.text)
  tokens.forEach((t, i) => {
    if (t.type !== 'func' || t.text.toUpperCase() !== 'SINGLE' || tokens[i + 1]?.text !== '(') {
      return
    }
    const close = closing(tokens, i + 1)
    const inner = tokens.slice(i + 2, close).filter((x) => x.type !== 'space')
    const probe: Token[] = [{ type: 'op', text: '@' }, ...inner]
    const primary = inner.length > 0 && operandEnd(probe, 0) === probe.length - 1
    let depth = 0
    const several = inner.some((x) => {
      if (x.type === 'paren' || x.type === 'brace') depth += /[({]/.test(x.text) ? 1 : -1
      return depth === 0 && x.type === 'sep'
    })
    if (several || inner.length === 0) return
    out[i] = '@'
    if (primary) {
      out[i + 1] = ''
      out[close] = ''
    }
  })
  return out.join('')
}
