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

describe('a function given by its name where a LAMBDA is wanted (eta-reduced LAMBDA)', () => {
  const data = [
    [1, 2, 3],
    [4, 5, 6],
  ]

  it('BYROW, BYCOL, MAP, REDUCE, SCAN and MAKEARRAY call it with their arguments', () => {
    expect(evaluateArea('=BYROW(A1:C2,SUM)', data, 2, 1)).toEqual([[6], [15]])
    expect(evaluateArea('=BYCOL(A1:C2,MAX)', data, 1, 3)).toEqual([[4, 5, 6]])
    expect(evaluateArea('=MAP(A1:B1,SQRT)', [[4, 9]], 1, 2)).toEqual([[2, 3]])
    expect(evaluate('=REDUCE(0,A1:C2,SUM)', data)).toBe(21)
    expect(evaluateArea('=SCAN(0,A1:C1,SUM)', data, 1, 3)).toEqual([[1, 3, 6]])
    expect(evaluateArea('=MAKEARRAY(2,2,PRODUCT)', [], 2, 2)).toEqual([
      [1, 2],
      [2, 4],
    ])
  })

  it('a LET name bound to a LAMBDA wins over the function of that name; an unknown name is #NAME?', () => {
    expect(evaluate('=LET(SUM,LAMBDA(x,x*10),BYROW(A1:A1,SUM))', data)).toBe(10)
    expect(evaluate('=BYROW(A1:C2,NOPE)', data)).toEqual(err('#NAME?'))
  })
})

describe('a LET-bound LAMBDA with several engines alive (a server holds one per workbook)', () => {
  it("is called in its own engine and reads its own workbook's cells, never the engine made last", () => {
    const mine = Replica.create()
    mine.type('A1', '100')
    mine.type('B1', '=LET(f,LAMBDA(x,x+A1),f(2))')
    const other = Replica.create()
    other.type('A1', '5')
    other.type('B1', '=LET(f,LAMBDA(x,x+A1),f(2))')
    mine.type('A1', '200')
    expect(mine.value('B1')).toBe(202)
    expect(other.value('B1')).toBe(7)
  })
})
