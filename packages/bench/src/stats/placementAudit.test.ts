import { describe, expect, it } from 'vitest'
import { auditPlacement, type EditIntent } from './placementAudit.js'

const edit = (value: string, rowLabel: string, col: number, acked = true): EditIntent => ({
  value,
  rowLabel,
  col,
  acked,
})

describe('auditPlacement', () => {
  it('counts an edit found in the intended column of its labelled row as landed, wherever that row moved', () => {
    const rows = [['new'], ['r0', 'a'], ['r1', '', 'b']]
    const audit = auditPlacement(
      rows,
      [edit('a', 'r0', 1), edit('b', 'r1', 2)],
      [{ label: 'new', acked: true }],
    )
    expect(audit).toMatchObject({ edits: 2, landed: 2, misplaced: 0, lost: 0, insertsMissing: 0 })
    expect(audit.lostOrMisplacedPct).toBe(0)
  })

  it('counts an edit that an index-based insert pushed onto the neighbouring row as misplaced', () => {
    // Client 1 meant row r1; a concurrent insert shifted indexes, so its value sits on r0.
    const rows = [['r0', 'x'], ['ins'], ['r1', '']]
    const audit = auditPlacement(rows, [edit('x', 'r1', 1)], [{ label: 'ins', acked: true }])
    expect(audit).toMatchObject({ landed: 0, misplaced: 1, lost: 0, ackedLostOrMisplaced: 1 })
    expect(audit.lostOrMisplacedPct).toBe(100)
  })

  it('counts an overwritten edit and a row whose label was overwritten as lost', () => {
    const rows = [['r0', 'second']]
    const audit = auditPlacement(
      rows,
      [edit('first', 'r0', 1, false), edit('second', 'r0', 1)],
      [{ label: 'ins', acked: true }],
    )
    expect(audit).toMatchObject({ landed: 1, lost: 1, ackedLostOrMisplaced: 0, insertsMissing: 1 })
    expect(audit.lostOrMisplacedPct).toBe(50)
  })

  it('counts a value in the right row but the wrong column as misplaced', () => {
    const audit = auditPlacement([['r0', '', 'v']], [edit('v', 'r0', 1)], [])
    expect(audit.misplaced).toBe(1)
  })
})
