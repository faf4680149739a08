import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CellKeyTable } from './cellKeyTable.js'

/** A table over a list of entries (`key:value`), refs being their index in the list. */
function bed() {
  const entries: string[] = []
  const table = new CellKeyTable((ref) => entries[ref] as string)
  const put = (key: string, value = 'x'): number | undefined => {
    entries.push(`${key}:${value}`)
    return table.set(key, key.length, entries.length - 1)
  }
  return { entries, table, put }
}

describe('CellKeyTable', () => {
  it('finds a key by itself or by an entry that starts with it', () => {
    const { table, put } = bed()
    put('r1:c1', 'a')
    put('r1:c10', 'b')
    expect(table.get('r1:c1')).toBe(0)
    expect(table.get('r1:c10:b', 'r1:c10'.length)).toBe(1)
    expect(table.get('r1:c')).toBeUndefined()
    expect(table.get('r1:c100')).toBeUndefined()
  })

  it('replaces a key in place and says what it held', () => {
    const { table, put } = bed()
    expect(put('r1:c1', 'a')).toBeUndefined()
    expect(put('r1:c1', 'b')).toBe(0)
    expect(table.size).toBe(1)
    expect([...table.values()]).toEqual([1])
  })

  it('keeps the keys it holds when room is reserved for more', () => {
    const { table, put } = bed()
    for (let i = 0; i < 20; i++) put(`r${i}:c1`)
    table.reserve(5000)
    table.reserve(10)
    for (let i = 20; i < 5000; i++) put(`r${i}:c1`)
    expect(table.size).toBe(5000)
    for (let i = 0; i < 5000; i++) expect(table.get(`r${i}:c1`)).toBe(i)
  })

  it('keeps every key reachable through growth and deletions in crowded runs', () => {
    const seed = Date.now()
    console.log(`CellKeyTable seed ${seed}`)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 2000 }),
        (ops) => {
          const { table, put } = bed()
          const model = new Map<string, number>()
          for (const [add, n] of ops) {
            const key = `r${n}:c${n % 7}`
            if (add) {
              put(key)
              model.set(key, table.get(key) as number)
            } else {
              expect(table.delete(key)).toBe(model.get(key))
              model.delete(key)
            }
          }
          expect(table.size).toBe(model.size)
          for (let n = 0; n <= 300; n++) {
            const key = `r${n}:c${n % 7}`
            expect(table.get(key)).toBe(model.get(key))
          }
          expect([...table.values()].sort((a, b) => a - b)).toEqual(
            [...model.values()].sort((a, b) => a - b),
          )
        },
      ),
      { seed, numRuns: 200 },
    )
  })
})
