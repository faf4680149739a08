import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'

describe('the engine keeps the digits Excel keeps', () => {
  it('shows results to 15 significant digits', () => {
    expect(evaluate('=1/3')).toBe(0.333333333333333)
    expect(evaluate('=1/300000')).toBe(3.33333333333333e-6)
    expect(evaluate('=34/9')).toBe(3.77777777777778)
  })

  it('hides binary noise past them, as Excel shows it', () => {
    expect(evaluate('=0.1+0.2')).toBe(0.3)
    expect(evaluate('=1-0.9')).toBe(0.1)
  })
})
