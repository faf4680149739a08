import {
  ArraySize,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, naError, valueError, type Call } from './excelFunctionPlugin.js'
import { literalArgs, sizeOf, type LiteralAst } from './literalSpill.js'
import { RE2JS, type Matcher } from 're2js'
import { measureUnknownSizes, UNKNOWN_SIZE } from './measuredSpill.js'

/**
 * REGEXTEST, REGEXEXTRACT and REGEXREPLACE (Excel 365). Excel uses PCRE2; these run on RE2
 * (`re2js`, a pure-JavaScript port), which matches in time linear in the text. A backtracking
 * engine (JavaScript's RegExp, PCRE2) takes exponential time on patterns such as `^(a+)+$`
 * (2.7 s for 28 characters here, hours for 40), and patterns come from cells that anyone with
 * edit rights writes and that the server evaluates, so one formula could stall it. RE2 reads
 * the same classes, groups (named too), anchors, quantifiers, inline flags `(?i)` and
 * captureless lookbehinds; lookaheads, backreferences and possessive quantifiers cannot be
 * matched in linear time and are `#VALUE!` with the reason, as in Google Sheets (also RE2).
 * REGEXEXTRACT returns the first match (return_mode 0); modes 1 (all matches) and 2 (capture
 * groups) spill an array whose size depends on the text, which HyperFormula must know before
 * it evaluates, so they spill only when their arguments are literals.
 */

/** Patterns come from cells; keep compiled ones, but not without bound. */
const MAX_MEMO = 500
const memo = new Map<string, RE2JS | string>()

/** The compiled pattern, or why it cannot be run. */
function compile(pattern: string, ignoreCase: boolean): RE2JS | string {
  const key = `${ignoreCase ? 'i' : '-'}/${pattern}`
  let re = memo.get(key)
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern, RE2JS.LOOKBEHINDS | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0))
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : ''
      re = `Not a regular expression Cellmate can run (${reason}); lookaheads and backreferences are not supported.`
    }
    if (memo.size >= MAX_MEMO) memo.clear()
    memo.set(key, re)
  }
  return re
}

/** Every match of `re` in `text`, in order. */
function allMatches(re: RE2JS, text: string): string[] {
  const m = re.matcher(text)
  const out: string[] = []
  while (m.find()) out.push(m.group() ?? '')
  return out
}

/** REGEXEXTRACT: the first match (mode 0), every match (1) or the first match's groups (2). */
function extract(text: string, pattern: string, mode: number, ci: number): unknown {
  const re = compile(pattern, ci === 1)
  if (typeof re === 'string') return valueError(re)
  if (mode === 0 || mode === 2) {
    const m = re.exec(text)
    if (!m) return naError('No match.')
    if (mode === 0) return m[0]
    return m.length > 1 ? m.slice(1).map((g) => g ?? '') : [m[0]]
  }
  if (mode === 1) {
    const all = allMatches(re, text)
    return all.length > 0 ? all : naError('No match.')
  }
  return valueError('return_mode is 0, 1 or 2.')
}

/**
 * Excel's replacement text for one match: `$0` or `$&` the match, `$1`…`$99` and `${1}` a
 * group (two digits only when there are that many groups), `${name}` and `$<name>` a named
 * group, `$$` a dollar sign; anything else is literal.
 */
function substitute(replacement: string, m: Matcher): string {
  const group = (g: number | string): string | undefined => {
    try {
      return m.group(g) ?? ''
    } catch {
      return undefined
    }
  }
  return replacement.replace(
    /\$(\$|&|\d{1,2}|\{(\w+)\}|<(\w+)>)/g,
    (whole: string, token: string, braced?: string, angled?: string) => {
      if (token === '$') return '$'
      if (token === '&') return m.group(0) ?? ''
      const name = braced ?? angled
      if (name !== undefined) return group(/^\d+$/.test(name) ? Number(name) : name) ?? whole
      const two = Number(token)
      if (token.length === 2 && two > m.groupCount()) {
        return (group(Number(token[0])) ?? `$${token[0]}`) + token[1]
      }
      return group(two) ?? whole
    },
  )
}

/** `text` with the `occurrence`-th match replaced (0: every match; negative: from the end). */
function replaceMatches(re: RE2JS, text: string, replacement: string, occurrence: number): string {
  let at = occurrence
  if (at < 0) {
    const count = re.matcher(text)
    let total = 0
    while (count.find()) total++
    at = total + at + 1
    if (at < 1) return text
  }
  const m = re.matcher(text)
  let out = ''
  let last = 0
  for (let k = 1; m.find(); k++) {
    if (at !== 0 && k !== at) continue
    out += text.slice(last, m.start()) + substitute(replacement, m)
    last = m.end()
    if (at !== 0) break
  }
  return out + text.slice(last)
}

const TEXT = { argumentType: FunctionArgumentType.STRING }
const CASE = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0, emptyAsDefault: true }

export class RegexPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    REGEXTEST: { method: 'regextest', parameters: [TEXT, TEXT, CASE] },
    REGEXEXTRACT: {
      method: 'regexextract',
      sizeOfResultArrayMethod: 'regexextractSize',
      parameters: [TEXT, TEXT, CASE, CASE],
    },
    REGEXREPLACE: {
      method: 'regexreplace',
      parameters: [TEXT, TEXT, TEXT, CASE, CASE],
    },
  }

  regextest(ast: Call, state: unknown): unknown {
    return this.call('REGEXTEST', ast, state, (text: string, pattern: string, ci: number) => {
      const re = compile(pattern, ci === 1)
      return typeof re === 'string' ? valueError(re) : re.test(text)
    })
  }

  regexextract(ast: Call, state: unknown): unknown {
    return this.call(
      'REGEXEXTRACT',
      ast,
      state,
      (text: string, pattern: string, mode: number, ci: number) => {
        const result = extract(text, pattern, mode, ci)
        if (!Array.isArray(result)) return result
        if (result.length === 1) return result[0]
        return SimpleRangeValue.onlyValues([result] as never)
      },
    )
  }

  regexextractSize(ast: { args: LiteralAst[] }): ArraySize {
    const args = literalArgs(ast)
    if (!args || typeof args[0] !== 'string' || typeof args[1] !== 'string') {
      return UNKNOWN_SIZE
    }
    const mode = typeof args[2] === 'number' ? args[2] : 0
    const result = extract(args[0], args[1], mode, typeof args[3] === 'number' ? args[3] : 0)
    return Array.isArray(result) ? sizeOf([result]) : ArraySize.scalar()
  }

  /**
   * REGEXREPLACE: every match (occurrence 0), or only the n-th (negative: from the end);
   * `$1`, `${name}` and `$0`/`$&` in the replacement refer to the match's groups.
   */
  regexreplace(ast: Call, state: unknown): unknown {
    return this.call(
      'REGEXREPLACE',
      ast,
      state,
      (text: string, pattern: string, replacement: string, occurrence: number, ci: number) => {
        const re = compile(pattern, ci === 1)
        if (typeof re === 'string') return valueError(re)
        return replaceMatches(re, text, replacement, Math.trunc(occurrence))
      },
    )
  }
}

// A size the formula's text does not give (text from a cell) is measured.
measureUnknownSizes(RegexPlugin, ['REGEXEXTRACT'])
