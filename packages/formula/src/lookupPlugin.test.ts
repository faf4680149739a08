import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('XMATCH', () => {
  const FRUIT = [['Apple'], ['Grape'], ['Banana'], ['Cherry']]
  it.each([
    ['=XMATCH(4,{5,4,3,2,1})', [], 2],
    ['=XMATCH(4.5,{5,4,3,2,1},1)', [], 1],
    ['=XMATCH(4.5,{5,4,3,2,1},-1)', [], 2],
    ['=XMATCH("Gra?e",A1:A4,2)', FRUIT, 2],
    ['=XMATCH("*rr*",A1:A4,2)', FRUIT, 4],
    ['=XMATCH("cherry",A1:A4)', FRUIT, 4],
    ['=XMATCH("Kiwi",A1:A4)', FRUIT, err('#N/A')],
    ['=XMATCH(2,{1,2,3,2},0,-1)', [], 4],
    ['=XMATCH(2,{1,2,3,2},0,2)', [], 2],
    ['=XMATCH("1",{1,2})', [], err('#N/A')],
    ['=XMATCH(1,{1,2},3)', [], err('#VALUE!')],
  ])('%s', (formula, data, expected) => {
    expect(evaluate(formula, data)).toEqual(expected)
  })

  it('spills one position per lookup value', () => {
    expect(evaluateArea('=XMATCH({3,1},{1,2,3})', [], 1, 2)).toEqual([[3, 1]])
  })
})

describe('TYPE (Microsoft Support examples)', () => {
  it.each([
    ['=TYPE(A1)', 2],
    ['=TYPE("MR. "&A1)', 2],
    ['=TYPE(2+A1)', 16],
    ['=TYPE({1,2;3,4})', 64],
    ['=TYPE(1)', 1],
    ['=TYPE(B1)', 1],
    ['=TYPE(TRUE)', 4],
    ['=TYPE(A1:A2)', 64],
  ])('%s is %d', (formula, expected) => {
    expect(evaluate(formula, [['Smith'], ['x']])).toBe(expected)
  })
})
