import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WildcardMatcher } from './wildcardMatch.js'
import { evaluate } from './__tests__/engineBed.js'

/** The backtracking RegExp the matcher replaces: right answers, exponential time. */
function reference(pattern: string, anchored: boolean): RegExp {
  let body = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    const next = pattern[i + 1]
    if (c === '~' && next !== undefined && '*?~'.includes(next)) {
      body += `\\${next}`
      i++
    } else if (c === '*') body += '[\\s\\S]*'
    else if (c === '?') body += '[\\s\\S]'
    else body += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(anchored ? `^(?:${body})$` : body)
}

const patterns = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '~', '\n'), maxLength: 8 })
const texts = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '~', '\n'), maxLength: 12 })

describe('WildcardMatcher', () => {
  it('answers as the regular expression would, anchored and not, with the same index', () => {
    fc.assert(
      fc.property(patterns, texts, fc.boolean(), (pattern, text, anchored) => {
        const re = reference(pattern, anchored)
        const mine = new WildcardMatcher(pattern, anchored)
        expect(mine.test(text)).toBe(re.test(text))
        expect(mine.exec(text)?.index ?? -1).toBe(re.exec(text)?.index ?? -1)
      }),
      { numRuns: 3000 },
    )
  })

  it.each([
    ['a*c', 'abc', true, true],
    ['a?c', 'abbc', true, false],
    ['*~*', 'x*', true, true],
    ['~?', 'a', true, false],
    ['?????es', 'apples', true, false],
    ['b*d', 'abcde', false, true],
  ])('%s on %s (anchored %s) is %s', (pattern, text, anchored, expected) => {
    expect(new WildcardMatcher(pattern, anchored).test(text)).toBe(expected)
  })

  it('matches patterns that make a backtracking RegExp run for hours, in one pass per run', () => {
    // `[\s\S]*a` repeated twelve times over 20,000 characters: about 20,000^12 steps for a
    // backtracking engine. Here each literal run is one indexOf.
    const text = 'a'.repeat(20_000)
    const evil = '*a*a*a*a*a*a*a*a*a*a*a*a*c'
    expect(new WildcardMatcher(evil, true).test(text)).toBe(false)
    expect(new WildcardMatcher(evil, false).exec(text)).toBeNull()
    expect(new WildcardMatcher(evil.replace('c', 'a'), true).test(text)).toBe(true)
    expect(new WildcardMatcher('*a?a?a?a?a?a?a?c', false).test(text)).toBe(false)
  })

  it('a run holding `?` longer than 255 characters matches nothing, so a match stays linear', () => {
    const text = 'a'.repeat(50_000)
    expect(new WildcardMatcher(`*${'?'.repeat(255)}*`, true).test(text)).toBe(true)
    expect(new WildcardMatcher(`*${'?'.repeat(25_000)}b*`, true).test(text)).toBe(false)
    expect(new WildcardMatcher(`*${'?'.repeat(256)}*`, false).exec(text)).toBeNull()
    // Runs without `?` have no such limit (one indexOf each).
    expect(new WildcardMatcher(`*${'a'.repeat(30_000)}*`, true).test(text)).toBe(true)
  })
})

describe('wildcards in formulas stay fast on hostile patterns', () => {
  const evil = '"*a*a*a*a*a*a*a*a*a*a*a*a*c"'
  it.each([
    [`=COUNTIF(A1:A3,${evil})`, 0],
    [`=COUNTIF(A1:A3,"<>"&${evil})`, 3],
    [`=SUMIF(A1:A3,${evil},B1:B3)`, 0],
    [`=ISERROR(SEARCH(${evil},A1))`, true],
    [`=ISNA(MATCH(${evil},A1:A3,0))`, true],
    [`=ISNA(XMATCH(${evil},A1:A3,2))`, true],
    [`=COUNTIF(A1:A3,"*a*a*a*a*a*a*a*a*a*a*a*a*a")`, 2],
  ])('%s', (formula, expected) => {
    const long = 'a'.repeat(3000)
    const data = [
      [long, 1],
      [long + 'b', 2],
      ['b' + long, 3],
    ]
    expect(evaluate(formula, data)).toEqual(expected)
  })
})
