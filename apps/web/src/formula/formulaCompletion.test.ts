import { describe, expect, it } from 'vitest'
import { callAt, closeParens, nameAt } from './formulaCompletion'

describe('formula completion', () => {
  it('finds the function name being typed at the caret', () => {
    expect(nameAt('=VLO', 4)).toEqual({ start: 1, prefix: 'VLO' })
    expect(nameAt('=A1+su', 6)).toEqual({ start: 4, prefix: 'su' })
    expect(nameAt('=SUM(A1, ro', 11)).toEqual({ start: 9, prefix: 'ro' })
    expect(nameAt('=SUM(', 5)).toBeNull()
    expect(nameAt('="VLO', 5)).toBeNull()
    expect(nameAt('VLO', 3)).toBeNull()
    expect(nameAt('=12', 3)).toBeNull()
  })

  it('says which argument of which call the caret is in', () => {
    expect(callAt('=VLOOKUP(A1, B:C, ', 17)).toEqual({ name: 'VLOOKUP', arg: 2 })
    expect(callAt('=IF(SUM(A1,B1)>2, "a,b", ', 25)).toEqual({ name: 'IF', arg: 2 })
    expect(callAt('=SUM(A1)', 8)).toBeNull()
    expect(callAt('=(1+', 4)).toBeNull()
  })

  it('closes the parentheses left open, not those inside text', () => {
    expect(closeParens('=SUM(A1:A3')).toBe('=SUM(A1:A3)')
    expect(closeParens('=IF(A1>0, ROUND(A1')).toBe('=IF(A1>0, ROUND(A1))')
    expect(closeParens('=LEN("(")')).toBe('=LEN("(")')
    expect(closeParens('(plain')).toBe('(plain')
  })
})
