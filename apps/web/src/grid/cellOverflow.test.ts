import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CellFormat } from '@cellmate/model'
import { measureCellText } from './cellOverflow'

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
