import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea, type Input } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })
const column = (...xs: Input[]): Input[][] => xs.map((x) => [x])

describe('AVERAGEIFS (Microsoft Support example)', () => {
  const GRADES: Input[][] = [
    ['Student', 'First', 'Second', 'Final'],
    ['Emilio', 75, 85, 87],
    ['Julie', 94, 80, 88],
    ['Hans', 86, 93, 'Incomplete'],
    ['Frederique', 'Incomplete', 75, 75],
  ]
  it.each([
    ['=AVERAGEIFS(B2:B5,B2:B5,">70",B2:B5,"<90")', 80.5],
    ['=AVERAGEIFS(C2:C5,C2:C5,">95")', err('#DIV/0!')],
    ['=AVERAGEIFS(D2:D5,D2:D5,"<>Incomplete",D2:D5,">80")', 87.5],
    ['=AVERAGEIFS(B2:B5,A2:A5,"?u*")', 94],
    ['=AVERAGEIFS(B2:B5,A2:A4,"Hans")', err('#VALUE!')],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, GRADES)).toEqual(expected)
  })
})

describe('percent ranks', () => {
  const INC = column(13, 12, 11, 8, 4, 3, 2, 1, 1, 1)
  const EXC = column(1, 2, 3, 6, 6, 6, 7, 8, 9)
  it.each([
    ['=PERCENTRANK.INC(A1:A10,2)', INC, 0.333],
    ['=PERCENTRANK.INC(A1:A10,4)', INC, 0.555],
    ['=PERCENTRANK.INC(A1:A10,8)', INC, 0.666],
    ['=PERCENTRANK.INC(A1:A10,5)', INC, 0.583],
    ['=PERCENTRANK(A1:A10,13)', INC, 1],
    ['=PERCENTRANK.INC(A1:A10,14)', INC, err('#N/A')],
    ['=PERCENTRANK.EXC(A1:A9,7)', EXC, 0.7],
    ['=PERCENTRANK.EXC(A1:A9,5.43)', EXC, 0.381],
    ['=PERCENTRANK.EXC(A1:A9,5.43,1)', EXC, 0.3],
    ['=PERCENTRANK.EXC(A1:A9,5,0)', EXC, err('#NUM!')],
  ])('%s', (formula, data, expected) => {
    expect(evaluate(formula, data)).toEqual(expected)
  })
})

describe('ranks, trimmed means, permutations, probabilities', () => {
  it.each([
    ['=RANK.AVG(94,A1:A7)', column(89, 88, 92, 101, 94, 97, 95), 4],
    ['=RANK.AVG(2,A1:A4,1)', column(1, 2, 2, 3), 2.5],
    ['=RANK.AVG(5,A1:A4)', column(1, 2, 2, 3), err('#N/A')],
    ['=TRIMMEAN(A1:A11,0.2)', column(4, 5, 6, 7, 2, 3, 4, 5, 1, 2, 3), 34 / 9],
    ['=TRIMMEAN(A1:A3,1)', column(1, 2, 3), err('#NUM!')],
    ['=PERMUT(100,3)', [], 970200],
    ['=PERMUT(3,2)', [], 6],
    ['=PERMUT(2,3)', [], err('#NUM!')],
    ['=PERMUTATIONA(3,2)', [], 9],
    ['=PERMUTATIONA(2,2)', [], 4],
    ['=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},2)', [], 0.1],
    ['=PROB({0,1,2,3},{0.2,0.3,0.1,0.4},1,3)', [], 0.8],
    ['=PROB({0,1},{0.2,0.3},1)', [], err('#NUM!')],
  ])('%s', (formula, data, expected) => {
    const actual = evaluate(formula, data)
    if (typeof expected === 'number') expect(actual).toBeCloseTo(expected, 12)
    else expect(actual).toEqual(expected)
  })
})

describe('array results', () => {
  it('FREQUENCY counts per bin and above the last (Microsoft Support example)', () => {
    const scores = [79, 85, 78, 85, 50, 81, 95, 88, 97]
    const data = scores.map((s, i) => [s, [70, 79, 89][i] ?? ''])
    expect(evaluateArea('=FREQUENCY(A1:A9,B1:B3)', data, 4, 1)).toEqual([[1], [2], [4], [2]])
  })

  it('FREQUENCY takes unsorted bins', () => {
    expect(evaluateArea('=FREQUENCY({1,5,9},{6,2})', [], 3, 1)).toEqual([[1], [1], [1]])
  })

  it('MODE.MULT lists every most repeated value (Microsoft Support example)', () => {
    const data = column(1, 2, 3, 4, 3, 2, 1, 2, 3, 5, 6, 1)
    expect(evaluateArea('=MODE.MULT(A1:A12)', data, 3, 1)).toEqual([[1], [2], [3]])
  })
})
