import { describe, expect, it } from 'vitest'
import { singleAsAt } from './implicitIntersection.js'

// Microsoft Support, "Implicit intersection operator: @": Excel 365 shows the SINGLE function
// a file holds as `@`.
describe('singleAsAt', () => {
  it('shows SINGLE(x) as @x for one operand', () => {
    expect(singleAsAt('SINGLE(A1:A10)')).toBe('@A1:A10')
    expect(singleAsAt('SINGLE(INDEX(A:B,0,2))*2')).toBe('@INDEX(A:B,0,2)*2')
    expect(singleAsAt("SUM(single('My sheet'!A1:A4),1)")).toBe("SUM(@'My sheet'!A1:A4,1)")
  })

  it('keeps the parentheses around an expression', () => {
    expect(singleAsAt('SINGLE(A1:A3*2)+1')).toBe('@(A1:A3*2)+1')
  })

  it('leaves other text alone', () => {
    expect(singleAsAt('"SINGLE(A1)"&A1')).toBe('"SINGLE(A1)"&A1')
    expect(singleAsAt('SINGLE(A1,B1)')).toBe('SINGLE(A1,B1)')
    expect(singleAsAt('SUM(A1:A3)')).toBe('SUM(A1:A3)')
  })
})
