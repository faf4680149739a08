import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyAxisOps, planAxisSync } from './axisSync.js'

let fresh = 0
const make = (n: number) => Array.from({ length: n }, () => `new${fresh++}`)

/** Replays a plan with the engine's semantics, filling inserts with the target's ids. */
function replay(before: string[], after: string[]): string[] {
  const plan = planAxisSync(before, after)
  const inserted = [...plan.inserted]
  return applyAxisOps(before, plan.ops, (n) => inserted.splice(0, n))
}

describe('structural sync plan', () => {
  it('turns any list of ids into any other', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 })
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        const before = a.map((n) => `r${n}`)
        const after = b.map((n) => `r${n}`)
        expect(replay(before, after)).toEqual(after)
      }),
      { numRuns: 1000 },
    )
  })

  it('makes one operation of a user move, insert or delete', () => {
    const rows = make(10)
    const moved = [...rows.slice(0, 2), ...rows.slice(5, 8), ...rows.slice(2, 5), ...rows.slice(8)]
    expect(planAxisSync(rows, moved).ops).toHaveLength(1)
    const down = [...rows.slice(1, 9), rows[0]!, rows[9]!]
    expect(planAxisSync(rows, down)).toMatchObject({
      ops: [{ type: 'move', from: 0, count: 1, to: 9 }],
      moved: [rows[0]],
    })
    const inserted = [...rows.slice(0, 3), ...make(2), ...rows.slice(3)]
    expect(planAxisSync(rows, inserted).ops).toEqual([{ type: 'insert', at: 3, count: 2 }])
    const deleted = [...rows.slice(0, 3), ...rows.slice(6)]
    expect(planAxisSync(rows, deleted).ops).toEqual([{ type: 'remove', at: 3, count: 3 }])
    expect(planAxisSync(rows, rows).ops).toEqual([])
  })
})
