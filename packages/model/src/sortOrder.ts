/**
 * The order Excel sorts cell values in. Ascending: numbers, then text (case-insensitive,
 * by the locale's collation), then logical values (FALSE before TRUE), then errors (all
 * equal, so they keep their order); empty cells always last, in either direction. Descending
 * reverses everything but the empty cells.
 */

/** A cell's value as a sort sees it; the formula engine's computed values have this shape. */
export type SortValue = number | string | boolean | null | { readonly error: string }

const RANK_NUMBER = 0
const RANK_TEXT = 1
const RANK_BOOL = 2
const RANK_ERROR = 3
const RANK_EMPTY = 4

/**
 * One sort key over `n` rows, stored column-wise (a kind, a number and a text per row) so a
 * sort of 100,000 rows reads each cell once and allocates no object per cell.
 */
export class SortColumn {
  private readonly ranks: Uint8Array
  private readonly nums: Float64Array
  private readonly texts: string[]
  private readonly sign: number
  private readonly collate: (a: string, b: string) => number

  constructor(n: number, desc: boolean, locale?: string) {
    this.ranks = new Uint8Array(n).fill(RANK_EMPTY)
    this.nums = new Float64Array(n)
    this.texts = new Array<string>(n)
    this.sign = desc ? -1 : 1
    this.collate = new Intl.Collator(locale, { sensitivity: 'accent', numeric: false }).compare
  }

  /** Records row `i`'s value. */
  set(i: number, value: SortValue): void {
    if (value === null || value === '') return
    switch (typeof value) {
      case 'number':
        if (Number.isNaN(value)) return
        this.ranks[i] = RANK_NUMBER
        this.nums[i] = value
        return
      case 'string':
        this.ranks[i] = RANK_TEXT
        this.texts[i] = value
        return
      case 'boolean':
        this.ranks[i] = RANK_BOOL
        this.nums[i] = value ? 1 : 0
        return
      default:
        this.ranks[i] = RANK_ERROR
    }
  }

  /** Negative when row `a` goes before row `b`, 0 when they tie on this key. */
  compare(a: number, b: number): number {
    const ra = this.ranks[a] as number
    const rb = this.ranks[b] as number
    if (ra !== rb) {
      if (ra === RANK_EMPTY) return 1
      if (rb === RANK_EMPTY) return -1
      return this.sign * (ra - rb)
    }
    if (ra === RANK_TEXT)
      return this.sign * this.collate(this.texts[a] as string, this.texts[b] as string)
    if (ra === RANK_ERROR || ra === RANK_EMPTY) return 0
    const na = this.nums[a] as number
    const nb = this.nums[b] as number
    if (na === nb) return 0
    return na < nb ? -this.sign : this.sign
  }
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
const ERROR_RE = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!)$/i

/**
 * The value of a raw input without a formula engine: plain numbers, `TRUE`/`FALSE`, error
 * literals; anything else (formulas included) is its text. Callers that can evaluate
 * (the web app, the server) pass computed values instead.
 */
export function rawSortValue(raw: string): SortValue {
  const text = raw.trim()
  if (text === '') return null
  if (NUMBER_RE.test(text)) return Number(text)
  const upper = text.toUpperCase()
  if (upper === 'TRUE') return true
  if (upper === 'FALSE') return false
  if (ERROR_RE.test(text)) return { error: upper }
  return raw
}
