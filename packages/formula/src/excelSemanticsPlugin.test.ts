import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })
const FRUIT = [
  ['apples', 1],
  ['oranges', 'x'],
  ['cherry', true],
  ['pe?ch', 4],
]

describe('functions that read their arguments as Excel does', () => {
  it.each([
    ['=AND(A1:B4)', FRUIT, true],
    ['=AND(B1,"x")', FRUIT, err('#VALUE!')],
    ['=AND(A1)', FRUIT, err('#VALUE!')],
    ['=OR(A1:A4)', FRUIT, err('#VALUE!')],
    ['=OR(0,"TRUE")', [], true],
    ['=INDEX(A1:D1,3)', [['a', 'b', 'c', 'd']], 'c'],
    ['=INDEX(A1:B2,3,1)', FRUIT, err('#REF!')],
    [
      '=SUM(INDEX(B1:B4,0,1))',
      [
        [0, 1],
        [0, 2],
      ],
      3,
    ],
    ['=VALUE("$1,200.50")', [], 1200.5],
    ['=VALUE("12%")', [], 0.12],
    ['=VALUE("abc")', [], err('#VALUE!')],
    ['=ISREF(OFFSET(A1,1,1))', [], true],
    ['=ISREF("A1")', [], false],
    ['=AREAS(A1:C3)', [], 1],
    ['=AREAS(OFFSET(A1,1,1,2,2))', [], 1],
    ['=AREAS(1)', [], err('#VALUE!')],
    ['=CHAR(150)', [], '\u2013'],
    ['=CHAR(233)', [], 'é'],
    ['=CHAR(256)', [], err('#VALUE!')],
    ['=COUNTIF(A1:A4,"pe~?ch")', FRUIT, 1],
    ['=COUNTIF(A1:A4,"?????")', FRUIT, 1],
    ['=MATCH("o*s",A1:A4,0)', FRUIT, 2],
    ['=MATCH("*?",A1:A4,0)', FRUIT, 1],
    ['=A1*2', [['=""']], err('#VALUE!')],
    ['=CEILING.MATH(24.3,5)', [], 25],
    ['=FLOOR.MATH(-8.1,2)', [], -10],
  ])('%s', (formula, data, expected) => {
    expect(evaluate(formula, data as never)).toEqual(expected)
  })
})

describe('TEXTSPLIT', () => {
  it('spills columns and rows, padding short rows with #N/A', () => {
    expect(evaluateArea('=TEXTSPLIT("a,b;c",",",";")', [], 2, 2)).toEqual([
      ['a', 'b'],
      ['c', err('#N/A')],
    ])
  })

  it('skips empty pieces when asked, and matches delimiters ignoring case', () => {
    expect(evaluateArea('=TEXTSPLIT("aXbxxc","x",,TRUE,1)', [], 1, 3)).toEqual([['a', 'b', 'c']])
  })

  it('spills text that comes from a cell (its size measured)', () => {
    expect(evaluateArea('=TEXTSPLIT(A1," ")', [['a b c']], 1, 3)).toEqual([['a', 'b', 'c']])
    expect(evaluate('=TEXTSPLIT(A1," ")', [['ab']])).toBe('ab')
  })
})
