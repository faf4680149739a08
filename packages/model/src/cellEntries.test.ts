import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { LIMITS, isValidId } from '@cellmate/protocol'
import { isCellEntry, parseCellEntry } from './cellEntries.js'

/** What `parseCellEntry` read before it checked ids in place: ids cut out, then matched. */
function reference(entry: unknown): { key: string; value: string } | null {
  if (typeof entry !== 'string') return null
  const a = entry.indexOf(':')
  if (a <= 0) return null
  const b = entry.indexOf(':', a + 1)
  if (b <= a + 1) return null
  if (!isValidId(entry.slice(0, a)) || !isValidId(entry.slice(a + 1, b))) return null
  if (entry.length - b - 1 > LIMITS.maxCellChars) return null
  return { key: entry.slice(0, b), value: entry.slice(b + 1) }
}

/** Texts made of pieces that sit near the edges: ids, colons, characters just outside the set. */
const piece = fc.oneof(
  fc.constantFrom(
    ':',
    'a',
    'Z',
    '0',
    '9',
    '_',
    '.',
    '-',
    '/',
    '@',
    '[',
    '`',
    '{',
    ' ',
    'é',
    '\u0000',
  ),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,70}$/),
  fc.string({ maxLength: 6 }),
)
const entryLike = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''))

describe('cell entries', () => {
  it('isCellEntry and parseCellEntry read what the cut-out check read', () => {
    fc.assert(
      fc.property(entryLike, (entry) => {
        const expected = reference(entry)
        expect(parseCellEntry(entry)).toEqual(expected)
        expect(isCellEntry(entry)).toBe(expected !== null)
      }),
      { numRuns: 5_000 },
    )
    for (const value of [null, undefined, 7, {}, ['r:c:v']]) {
      expect(isCellEntry(value)).toBe(false)
      expect(parseCellEntry(value)).toBeNull()
    }
    const long = 'x'.repeat(LIMITS.maxCellChars)
    expect(isCellEntry(`r1:c1:${long}`)).toBe(true)
    expect(isCellEntry(`r1:c1:${long}x`)).toBe(false)
    expect(parseCellEntry('r1:c1:a:b')).toEqual({ key: 'r1:c1', value: 'a:b' })
    expect(isCellEntry(`${'r'.repeat(65)}:c1:v`)).toBe(false)
    expect(isCellEntry('r 1:c1:v')).toBe(false)
  })
})
