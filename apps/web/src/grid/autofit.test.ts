import { describe, expect, it } from 'vitest'
import { autofitWidth } from './autofit'

describe('autofitWidth', () => {
  it('fits the widest text with its padding, and an empty column gets the default', () => {
    const widths = [10, 151.2, 40]
    expect(autofitWidth(3, (r) => widths[r] ?? 0)).toBe(162)
    expect(autofitWidth(3, () => 0)).toBeNull()
    expect(autofitWidth(3, () => 2)).toBe(20)
  })

  it('reads only the first rows of a huge column', () => {
    let read = 0
    autofitWidth(1_000_000, () => (read++, 5), 100)
    expect(read).toBe(100)
  })
})
