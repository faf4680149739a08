import { describe, expect, it } from 'vitest'
import { looksNumeric } from './cellDisplay'

describe('cell display', () => {
  it('right-aligns what reads as a number', () => {
    for (const n of ['1', '-2.5', '+.5', '1e6', '12%', ' 42 ']) expect(looksNumeric(n)).toBe(true)
    for (const s of ['', 'abc', '1.2.3', '=A1', '1 2', '--1']) expect(looksNumeric(s)).toBe(false)
  })
})
