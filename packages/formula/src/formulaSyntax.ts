import { isFormula, tokenize, type Token } from './formulaTokens.js'

/** What an open bracket holds: a function's arguments, a grouped expression, an array. */
type Bracket = 'call' | 'group' | 'array'

/** The kind of the last token read: what may follow it. */
type Last = 'start' | 'open' | 'sep' | 'op' | 'operand'

const OPERANDS: ReadonlySet<Token['type']> = new Set([
  'number',
  'string',
  'bool',
  'error',
  'name',
  'ref',
  'anchored',
  'nameRef',
  'sheetName',
  'structured',
])
const PREFIX = new Set(['+', '-', '@'])
const CLOSED_STRING = /^"(?:[^"]|"")*"$/

/**
 * Why a formula in A1 form (`=SUM(A1:A3)`) could not be read, or null when its shape is
 * sound: every bracket closed in order, no two values or two operators side by side, no
 * trailing operator, no unterminated string, no character a formula cannot hold. A shape
 * check only — unknown function names and wrong argument counts are the engine's to report,
 * as values (`#NAME?`). Replace refuses a rewrite this rejects, where typing would store it
 * (it reads `#ERROR!`); XLSX export writes such a formula as its text, which Excel would refuse.
 */
export function formulaSyntaxError(formula: string): string | null {
  if (!isFormula(formula)) return null
  const stack: Bracket[] = []
  let last: Last = 'start'
  let call = false
  for (const token of tokenize(formula.slice(1), 'a1')) {
    if (token.type === 'space') continue
    const expectsValue = last !== 'operand'
    const top = stack[stack.length - 1]
    if (OPERANDS.has(token.type) || token.type === 'func') {
      if (!expectsValue) return `“${token.text}” follows a value without an operator`
      if (token.type === 'string' && !CLOSED_STRING.test(token.text)) return 'a text is not closed'
      call = token.type === 'func'
      last = call ? 'op' : 'operand'
      continue
    }
    const opened = call
    call = false
    switch (token.type) {
      case 'paren':
        if (token.text === '(') {
          if (!expectsValue) return '“(” follows a value without an operator'
          stack.push(opened ? 'call' : 'group')
          last = 'open'
        } else {
          if (top !== 'call' && top !== 'group') return 'a “)” has no “(”'
          // `NOW()` and `IF(A1,)` leave arguments empty; `(` `)` and `1+)` are unfinished.
          if (last === 'op' || (expectsValue && top === 'group')) return 'something is missing'
          stack.pop()
          last = 'operand'
        }
        break
      case 'brace':
        if (token.text === '{') {
          if (!expectsValue) return '“{” follows a value without an operator'
          stack.push('array')
          last = 'open'
        } else {
          if (top !== 'array') return 'a “}” has no “{”'
          if (expectsValue) return 'an array has an empty item'
          stack.pop()
          last = 'operand'
        }
        break
      case 'sep':
        if (top !== 'call' && top !== 'array') return `“${token.text}” is outside a function`
        if (last === 'op' || (expectsValue && top === 'array')) return 'something is missing'
        last = 'sep'
        break
      case 'op':
        if (expectsValue) {
          if (!PREFIX.has(token.text)) return `“${token.text}” has nothing before it`
          last = 'op'
        } else if (token.text !== '%') {
          last = 'op'
        }
        break
      default:
        return `“${token.text}” cannot be read here`
    }
  }
  if (stack.includes('array')) return 'a “{” is not closed'
  if (stack.length > 0) return 'a “(” is not closed'
  if (last !== 'operand') return 'the formula ends early'
  return null
}

/** What a formula that does not parse is called, as in Google Sheets (Excel refuses the entry). */
const PARSE_ERROR = 'Formula parse error'

/**
 * The tooltip of a formula HyperFormula's parser refused (`#ERROR!`): "Formula parse error"
 * and, when its parser's message (token names, `-->` arrows, a list of expected tokens)
 * says where it stopped, that in words: `=SUM(A1` "a “(” is not closed", `=A1+` "the formula
 * ends early", `=1+*2` "“*” cannot be read here".
 */
export function parseErrorMessage(engineMessage: string): string {
  const reason = parseErrorReason(engineMessage.replace(/^Parsing error\.\s*/, ''))
  return reason ? `${PARSE_ERROR}: ${reason}.` : `${PARSE_ERROR}.`
}

function parseErrorReason(detail: string): string | null {
  const unexpected = /^unexpected character: ->(.)<-/.exec(detail)
  if (unexpected) {
    const char = unexpected[1] as string
    return char === '"' ? 'a text is not closed' : `“${char}” cannot be read here`
  }
  const extra = /^Redundant input, expecting EOF but found: (.+)$/.exec(detail)
  if (extra) return `“${extra[1] as string}” cannot be read here`
  const found = /but found:? (?:--> )?'(.*)'(?: <--)?\s*$/.exec(detail)
  if (!found) return null
  const text = found[1] as string
  if (text !== '') return `“${text}” cannot be read here`
  return /-->\s*RParen\s*<--/.test(detail) ? 'a “(” is not closed' : 'the formula ends early'
}
