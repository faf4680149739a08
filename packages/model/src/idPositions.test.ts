import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { IdPositions } from './idPositions.js'

/** What readers must see: the first occurrence of each string id not skipped, in order. */
function reference(source: readonly unknown[], skip: ReadonlySet<string>) {
  const positions = new Map<string, number>()
  const ids: string[] = []
  for (const id of source) {
    if (typeof id !== 'string' || positions.has(id) || skip.has(id)) continue
    positions.set(id, ids.length)
    ids.push(id)
  }
  return { ids, positions }
}

describe('IdPositions', () => {
  it('keeps first occurrences in order and answers every position, as a map would', () => {
    // Few distinct ids, so repeats, skipped ones and hash collisions in a small table abound.
    const id = fc.oneof(
      fc.constantFrom('a', 'b', 'c', 'k3.1', 'k3.2', ''),
      fc.string({ maxLength: 4 }),
    )
    fc.assert(
      fc.property(
        fc.array(fc.oneof(id, fc.integer(), fc.constant(null)), { maxLength: 200 }),
        fc.array(id, { maxLength: 5 }),
        fc.array(id, { maxLength: 20 }),
        (source, skipped, probes) => {
          const skip = new Set(skipped)
          const table = new IdPositions(source, (s) => skip.has(s))
          const want = reference(source, skip)
          expect(table.ids).toEqual(want.ids)
          for (const probe of [...want.ids, ...probes, ...skipped]) {
            expect(table.indexOf(probe)).toBe(want.positions.get(probe) ?? -1)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('holds a million-row axis: every id at its place, a repeat kept once', () => {
    const source = Array.from({ length: 1_000_000 }, (_, i) => `r.${i.toString(36)}`)
    source.splice(500_000, 0, 'r.0')
    const table = new IdPositions(source)
    expect(table.ids).toHaveLength(1_000_000)
    expect(table.indexOf('r.0')).toBe(0)
    expect(table.indexOf(`r.${(999_999).toString(36)}`)).toBe(999_999)
    expect(table.indexOf('r.unknown')).toBe(-1)
  })
})
