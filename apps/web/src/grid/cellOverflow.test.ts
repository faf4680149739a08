import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CellFormat } from '@cellmate/model'
import { fitGeneralNumber, measureCellText } from './cellOverflow'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('measureCellText', () => {
  it('measures a text once per font variant, however often the grid draws it', () => {
    let font = ''
    const measureText = vi.fn((text: string) => ({
      width: text.length * (font.includes('700') ? 8 : 7),
    }))
    const fake = {
      set font(value: string) {
        font = value
      },
      get font() {
        return font
      },
      measureText,
    }
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      fake as unknown as CanvasRenderingContext2D,
    )
    const plain: CellFormat = {}
    const bold: CellFormat = { bold: true }
    expect(measureCellText('Open', plain)).toBe(28)
    expect(measureCellText('Open', plain)).toBe(28)
    expect(measureCellText('Open', bold)).toBe(32)
    expect(measureCellText('Open', bold)).toBe(32)
    expect(measureCellText('Done', plain)).toBe(28)
    expect(measureText).toHaveBeenCalledTimes(3)
    expect(measureCellText('', plain)).toBe(0)
  })
})

describe('fitGeneralNumber', () => {
  /** Fits when at most `chars` characters long. */
  const within = (chars: number) => (text: string) => text.length <= chars

  it('shows a General number whole when it fits', () => {
    expect(fitGeneralNumber('1234.5', within(6))).toBe('1234.5')
  })

  it('drops decimals first, as Excel does, and never rounds a number to 0', () => {
    expect(fitGeneralNumber('3.141592654', within(6))).toBe('3.1416')
    expect(fitGeneralNumber('3.141592654', within(1))).toBe('3')
    expect(fitGeneralNumber('-0.123456789', within(5))).toBe('-0.12')
    expect(fitGeneralNumber('0.25', within(3))).toBe('0.3')
    expect(fitGeneralNumber('0.25', within(1))).toBe('###')
  })

  it('turns big and tiny numbers into scientific notation with fewer digits', () => {
    expect(fitGeneralNumber('1.23457E+11', within(9))).toBe('1.235E+11')
    expect(fitGeneralNumber('1.23457E+11', within(5))).toBe('1E+11')
    expect(fitGeneralNumber('1234567890', within(9))).toBe('1.235E+09')
    expect(fitGeneralNumber('0.000012345678', within(11))).toBe('1.23457E-05')
    expect(fitGeneralNumber('-98765432101', within(8))).toBe('-9.9E+10')
  })

  it('shows ### when not even the shortest form fits, or the text is not a General number', () => {
    expect(fitGeneralNumber('123456789', within(4))).toBe('###')
    expect(fitGeneralNumber('$1,234.00', within(4))).toBe('###')
  })
})
