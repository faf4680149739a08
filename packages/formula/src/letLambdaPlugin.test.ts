import { describe, expect, it } from 'vitest'
import { evaluate, evaluateArea } from './__tests__/engineBed.js'
import { Replica } from './__tests__/workbookTestBed.js'

const err = (error: string) => expect.objectContaining({ error })

describe('LET and LAMBDA', () => {
  it.each([
    ['=LET(x,2,y,x+1,x*y)', 6],
    ['=LET(x,A1:A3,SUM(x))', 6],
    ['=LET(x,1,LET(x,2,x)+x)', 3],
    ['=LET(f,LAMBDA(n,n*10),f(4)+f(1))', 50],
    ['=LET(k,3,f,LAMBDA(n,n*k),LET(k,100,f(2)))', 6],
    ['=LAMBDA(x,LAMBDA(y,x+y)(10))(1)', 11],
    ['=LAMBDA(x,x)(1,2)', err('#VALUE!')],
    ['=LAMBDA(x,x+1)', err('#VALUE!')],
    ['=LET(1,2,3)', err('#VALUE!')],
    ['=REDUCE(0,A1:A3,LAMBDA(acc,v,IF(v>1,acc+v,acc)))', 5],
    ['=MAP(A1:A3,5)', err('#VALUE!')],
  ])('%s', (formula, expected) => {
    expect(evaluate(formula, [[1], [2], [3]])).toEqual(expected)
  })

  it('spills what its calculation spills', () => {
    expect(evaluateArea('=LET(s,SEQUENCE(3),s*2)', [], 3, 1)).toEqual([[2], [4], [6]])
    expect(evaluateArea('=LET(r,A1:A2,r)', [[1], [2]], 2, 1)).toEqual([[1], [2]])
  })

  it('recomputes when a cell its body reads changes', () => {
    const book = Replica.create()
    book.type('A1', '2')
    book.type('B1', '=LET(x,A1,LAMBDA(y,x*y)(A1))')
    expect(book.value('B1')).toBe(4)
    book.type('A1', '5')
    expect(book.value('B1')).toBe(25)
  })

  it('keeps a LET name apart from the same name in another formula', () => {
    const book = Replica.create()
    book.type('A1', '=LET(rate,0.5,rate*10)')
    book.type('A2', '=rate')
    expect(book.value('A1')).toBe(5)
    expect(book.value('A2')).toEqual(err('#NAME?'))
  })
})
