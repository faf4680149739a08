import {
  ArraySize,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, naError, valueError, type Call } from './excelFunctionPlugin.js'
import { literalArgs, sizeOf, type LiteralAst } from './literalSpill.js'

/**
 * REGEXTEST, REGEXEXTRACT and REGEXREPLACE (Excel 365). Excel uses PCRE2; these run on
 * JavaScript's RegExp (Unicode mode), which reads the same classes, groups, anchors,
 * quantifiers and lookarounds; PCRE2-only syntax (inline `(?i)`, possessive `a++`, `\A`/`\Z`)
 * is `#VALUE!`. REGEXEXTRACT returns the first match (return_mode 0); modes 1 (all matches)
 * and 2 (capture groups) spill an array whose size depends on the text, which HyperFormula
 * must know before it evaluates, so they are `#VALUE!`.
 */

/** Patterns come from cells; keep compiled ones, but not without bound. */
const MAX_MEMO = 500
const memo = new Map<string, RegExp | null>()

function compile(pattern: string, ignoreCase: boolean, global: boolean): RegExp | null {
  const flags = `u${ignoreCase ? 'i' : ''}${global ? 'g' : ''}`
  const key = `${flags}/${pattern}`
  let re = memo.get(key)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, flags)
    } catch {
      re = null
    }
    if (memo.size >= MAX_MEMO) memo.clear()
    memo.set(key, re)
  }
  if (re) re.lastIndex = 0
  return re
}

/** REGEXEXTRACT: the first match (mode 0), every match (1) or the first match's groups (2). */
function extract(text: string, pattern: string, mode: number, ci: number): unknown {
  const re = compile(pattern, ci === 1, mode === 1)
  if (!re) return valueError('Not a valid regular expression.')
  if (mode === 0) {
    const m = re.exec(text)
    return m ? m[0] : naError('No match.')
  }
  if (mode === 1) {
    const all = [...text.matchAll(re)].map((m) => m[0])
    return all.length > 0 ? all : naError('No match.')
  }
  if (mode === 2) {
    const m = re.exec(text)
    if (!m) return naError('No match.')
    return m.length > 1 ? m.slice(1).map((g) => g ?? '') : [m[0]]
  }
  return valueError('return_mode is 0, 1 or 2.')
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
      const re = compile(pattern, ci === 1, false)
      return re ? re.test(text) : valueError('Not a valid regular expression.')
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
      return ArraySize.scalar()
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
        const re = compile(pattern, ci === 1, true)
        if (!re) return valueError('Not a valid regular expression.')
        const with0 = replacement.replace(/\$0/g, '$$&')
        const n = Math.trunc(occurrence)
        if (n === 0) return text.replace(re, with0)
        const matches = [...text.matchAll(re)]
        const target = matches[n > 0 ? n - 1 : matches.length + n]
        if (!target || target.index === undefined) return text
        const one = compile(pattern, ci === 1, false) as RegExp
        const replaced = target[0].replace(one, with0)
        return text.slice(0, target.index) + replaced + text.slice(target.index + target[0].length)
      },
    )
  }
}
