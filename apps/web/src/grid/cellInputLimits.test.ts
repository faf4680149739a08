import { describe, expect, it } from 'vitest'
import { LIMITS } from '@cellmate/protocol'
import { cellInputError } from './cellInputLimits'

describe('cell input', () => {
  it('accepts up to the server limit and explains anything longer', () => {
    expect(cellInputError('x'.repeat(LIMITS.maxCellChars))).toBeNull()
    expect(cellInputError('x'.repeat(LIMITS.maxCellChars + 1))).toBe(
      'A cell can hold at most 50,000 characters; this one has 50,001.',
    )
  })
})
