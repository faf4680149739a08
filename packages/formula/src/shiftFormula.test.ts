import { describe, expect, it } from 'vitest'
import { shiftFormula } from './shiftFormula.js'

describe('copy and fill shift references like Excel', () => {
  it.each([
    ['=A1+B2', 1, 0, '=A2+B3'],
    ['=A1+B2', 0, 2, '=C1+D2'],
    ['=$A$1+$A1+A$1', 3, 3, '=$A$1+$A4+D$1'],
    ['=SUM(A1:B3)', 2, 1, '=SUM(B3:C5)'],
    ['=SUM($A1:B$3)', 2, 1, '=SUM($A3:C$3)'],
    ['=SUM(A:B)', 5, 1, '=SUM(B:C)'],
    ['=SUM($A:B)', 0, 1, '=SUM($A:C)'],
    ['=SUM(2:3)', 2, 4, '=SUM(4:5)'],
    ["='My sheet'!B4*2", 1, 1, "='My sheet'!C5*2"],
    ['=A2', -1, 0, '=A1'],
    ['=A1', -1, 0, '=#REF!'],
    ['=SUM(A1:A3)+B1', 0, -1, '=SUM(#REF!)+A1'],
    ['=Sheet2!A1', -1, 0, '=#REF!'],
    ['=XFD1', 0, 1, '=#REF!'],
    ['="A1"&A1', 1, 0, '="A1"&A2'],
    ['=A1', 0, 0, '=A1'],
    ['plain A1', 1, 1, 'plain A1'],
  ])('%s moved by (%i, %i) reads %s', (text, dr, dc, expected) => {
    expect(shiftFormula(text, dr, dc)).toBe(expected)
  })
})
