import { describe, expect, it } from 'vitest'
import { evaluate } from './__tests__/engineBed.js'
import { bahtText } from './bahtText.js'

describe('BAHTTEXT', () => {
  it("spells Microsoft's example", () => {
    expect(evaluate('=BAHTTEXT(A1)', [[1234]])).toBe('หนึ่งพันสองร้อยสามสิบสี่บาทถ้วน')
  })

  it.each([
    [0, 'ศูนย์บาทถ้วน'],
    [1, 'หนึ่งบาทถ้วน'],
    [10, 'สิบบาทถ้วน'],
    [11, 'สิบเอ็ดบาทถ้วน'],
    [21, 'ยี่สิบเอ็ดบาทถ้วน'],
    [42, 'สี่สิบสองบาทถ้วน'],
    [100, 'หนึ่งร้อยบาทถ้วน'],
    [1887, 'หนึ่งพันแปดร้อยแปดสิบเจ็ดบาทถ้วน'],
    [250_000, 'สองแสนห้าหมื่นบาทถ้วน'],
    [1_000_000, 'หนึ่งล้านบาทถ้วน'],
    [21_000_011, 'ยี่สิบเอ็ดล้านสิบเอ็ดบาทถ้วน'],
    [0.5, 'ห้าสิบสตางค์'],
    [1.25, 'หนึ่งบาทยี่สิบห้าสตางค์'],
    [1234.56, 'หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์'],
    [-42.999, 'ลบสี่สิบสามบาทถ้วน'],
    [-123.452, 'ลบหนึ่งร้อยยี่สิบสามบาทสี่สิบห้าสตางค์'],
    [-0.001, 'ศูนย์บาทถ้วน'],
  ])('%d is %s', (n, words) => {
    expect(bahtText(n)).toBe(words)
  })

  it('reads numbers as Excel does and refuses other text', () => {
    expect(evaluate('=BAHTTEXT(TRUE)')).toBe('หนึ่งบาทถ้วน')
    expect(evaluate('=BAHTTEXT("12")')).toBe('สิบสองบาทถ้วน')
    expect(evaluate('=BAHTTEXT("abc")')).toEqual(expect.objectContaining({ error: '#VALUE!' }))
  })
})
