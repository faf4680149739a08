import type { Token } from './formulaTokens.js'

/**
 * A LAMBDA called where it is written, `LAMBDA(x,y,x+y)(1,2)`, which HyperFormula's parser
 * cannot read (a call of a call), as the LET that means the same: `LET(x,1,y,2,x+y)`.
 * Works on the engine spelling of each token (`out[i]` is token i converted), innermost call
 * first; a call with more arguments than parameters is #VALUE!, as in Excel, and a left-out
 * trailing argument binds an omitted parameter (`ISOMITTED`).
 */

const isLambda = (t: Token | undefined): boolean =>
  t?.type === 'func' && /^(?:_xlfn\.)?lambda$/i.test(t.text)

/** Index of the parenthesis closing the one at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token
    if (t.type !== 'paren') continue
    depth += t.text === '(' ? 1 : -1
    if (depth === 0) return i
  }
  return -1
}

/** The engine text of each top-level argument between `open` and `close`. */
function argumentsOf(
  tokens: readonly Token[],
  out: readonly string[],
  open: number,
  close: number,
): string[] {
  const args: string[] = []
  let current = ''
  let depth = 0
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i] as Token
    if (t.type === 'paren' || t.type === 'brace') depth += /[({]/.test(t.text) ? 1 : -1
    if (depth === 0 && t.type === 'sep' && t.text === ',') {
      args.push(current)
      current = ''
    } else current += out[i] ?? ''
  }
  if (args.length > 0 || current.trim() !== '') args.push(current)
  return args
}

/** Rewrites every inline LAMBDA call in place (`tokens` and `out` stay aligned). */
export function rewriteLambdaCalls(tokens: Token[], out: string[]): void {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (!isLambda(tokens[i]) || tokens[i + 1]?.text !== '(') continue
    const close = closing(tokens, i + 1)
    if (close < 0 || tokens[close + 1]?.text !== '(' || tokens[close + 1]?.type !== 'paren') {
      continue
    }
    const callClose = closing(tokens, close + 1)
    if (callClose < 0) continue
    const lambdaArgs = argumentsOf(tokens, out, i + 1, close)
    const callArgs = argumentsOf(tokens, out, close + 1, callClose)
    const params = lambdaArgs.slice(0, -1)
    const body = lambdaArgs.at(-1) ?? ''
    let text: string
    if (callArgs.length > params.length) text = '#VALUE!'
    else if (params.length === 0) text = `(${body})`
    else {
      // A parameter left out binds to an empty argument, which LET reads as omitted.
      const pairs = params.map((p, k) => `${p},${callArgs[k] ?? ''}`)
      text = `LET(${pairs.join(',')},${body})`
    }
    const span = callClose - i + 1
    tokens.splice(i, span, { type: 'other', text })
    out.splice(i, span, text)
  }
}
