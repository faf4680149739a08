import { roundHalfAway } from './excelRounding.js'

/**
 * BAHTTEXT's Thai words for an amount of baht, as Excel writes them (Microsoft's example:
 * 1234 is หนึ่งพันสองร้อยสามสิบสี่บาทถ้วน): the amount rounded to the satang, baht in blocks of
 * six digits joined by ล้าน (million), then บาทถ้วน ("baht exactly") or the satang and
 * สตางค์; a negative amount starts with ลบ. The tens follow Thai usage: 10 is สิบ, 20 ยี่สิบ,
 * and a 1 after a ten is เอ็ด (21 is ยี่สิบเอ็ด).
 */

const DIGITS = ['ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'] as const
/** Hundred, thousand, ten thousand, hundred thousand. */
const POWERS = [
  [100, 'ร้อย'],
  [1000, 'พัน'],
  [10_000, 'หมื่น'],
  [100_000, 'แสน'],
] as const
const TEN = 'สิบ'
const TWENTY = 'ยี่'
const ONE_AFTER_TEN = 'เอ็ด'
const MILLION = 'ล้าน'
const BAHT = 'บาท'
const EXACTLY = 'ถ้วน'
const SATANG = 'สตางค์'
const MINUS = 'ลบ'

const digit = (d: number): string => DIGITS[d] ?? ''

/** Words for 1–999,999 (0 is no words). */
function block(value: number): string {
  let out = ''
  let rest = value
  for (let i = POWERS.length - 1; i >= 0; i--) {
    const [size, word] = POWERS[i] as (typeof POWERS)[number]
    if (rest >= size) {
      out += digit(Math.floor(rest / size)) + word
      rest %= size
    }
  }
  const tens = Math.floor(rest / 10)
  const ones = rest % 10
  if (tens >= 3) out += digit(tens) + TEN
  else if (tens === 2) out += TWENTY + TEN
  else if (tens === 1) out += TEN
  if (tens > 0 && ones === 1) out += ONE_AFTER_TEN
  else if (ones > 0) out += digit(ones)
  return out
}

/** Words for a whole number of baht > 0: millions first, each block of six digits after. */
function bahtWords(baht: number): string {
  let out = ''
  let rest = baht
  while (rest > 0) {
    const low = rest % 1_000_000
    rest = Math.floor(rest / 1_000_000)
    out = (rest > 0 ? MILLION : '') + block(low) + out
  }
  return out
}

/** BAHTTEXT(number). */
export function bahtText(value: number): string {
  const amount = Math.abs(roundHalfAway(value, 2))
  const baht = Math.floor(amount)
  const satang = Math.round((amount - baht) * 100)
  let text = baht > 0 ? bahtWords(baht) + BAHT : satang === 0 ? DIGITS[0] + BAHT : ''
  text += satang === 0 ? EXACTLY : block(satang) + SATANG
  return amount > 0 && value < 0 ? MINUS + text : text
}
