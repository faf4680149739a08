import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CELL_ENTRIES_ROOT, SheetLayout, setCells } from '@cellmate/model'
import { describeAck, forkAs, isRefusal, sheetDoc, updateOf } from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Updates that split one long run of cell entries again and again. Yjs copies a run's entries
 * after a split at every split, so a run of a million entries (one paste) and a 20 KB update of
 * items whose origins lie ever further into it held a server 13.5 s; a 4 KB delete set
 * scattered over it, 58 s. The patched Yjs keeps no run longer than 2,048 entries (a longer one
 * is read in pieces) and deletes a delete set's ranges from the end of each run: what a
 * crafted update can make the server copy is bounded by the update, not by the document.
 * Crafted here without that bound, as an attacker's own Yjs would make them.
 */

const ROWS = 1000
const COLS = 20

/** The longest run of cell entries in the sheet as the server holds it in memory. */
async function longestRun(bed: HostileBed, wb: Workbook): Promise<number> {
  return bed.server.registry.use(sheetDoc(wb.id, wb.sheetId), (entry) => {
    let longest = 0
    const entries = entry.doc.getArray(CELL_ENTRIES_ROOT)
    for (let item = entries._start; item !== null; item = item.right) {
      if (item.content instanceof Y.ContentAny) longest = Math.max(longest, item.length)
    }
    return longest
  })
}

/** `f` with runs kept whole in this process, as an unpatched Yjs keeps them. */
function unbounded<T>(f: () => T): T {
  const previous = Y.setMaxRunLength(1_000_000_000)
  try {
    return f()
  } finally {
    Y.setMaxRunLength(previous)
  }
}

describe('hostile: updates that split a long run again and again', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it('a 20,000-entry run, split by 2,000 items and a scattered delete set, is read in pieces and stays right', async () => {
    const wb = await bed.workbook('long runs')
    const victim = await bed.victim(wb)
    victim.edit({ Y1: 'alpha', Z999: 'omega' })
    await victim.flushed()

    const attacker = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = forkAs(await attacker.mirror(doc))
    const layout = new SheetLayout(mirror)
    const cell = (i: number) => ({
      rowId: layout.rowId(Math.floor(i / COLS))!,
      colId: layout.colId(i % COLS)!,
    })
    // One item of 20,000 entries: A1:T1000.
    const paste = unbounded(() =>
      updateOf(mirror, (d) =>
        setCells(
          d,
          Array.from({ length: ROWS * COLS }, (_, i) => ({ ...cell(i), value: `p${i}` })),
        ),
      ),
    )
    const pasted = await attacker.send(doc, paste)
    expect(isRefusal(pasted), `the paste was answered ${describeAck(pasted)}`).toBe(false)
    expect(await longestRun(bed, wb)).toBeLessThanOrEqual(2048)

    // 2,000 items, each entry's origin further into the run than the one before.
    const entries = mirror.getArray<string>(CELL_ENTRIES_ROOT)
    const start = entries.length - ROWS * COLS
    const inserts = unbounded(() =>
      updateOf(mirror, () => {
        for (let k = 0; k < 2000; k++) {
          const { rowId } = cell(k * 10)
          entries.insert(start + k * 11 + 1, [`${rowId}:${layout.colId(22)!}:i${k}`])
        }
      }),
    )
    const inserted = await attacker.send(doc, inserts)
    // Every 7th pasted cell cleared (0, 7, 14, …), one range each.
    const deletes = unbounded(() =>
      updateOf(mirror, () => {
        for (let i = ROWS * COLS - 1; i >= 0; i -= 7) {
          setCells(mirror, [{ ...cell(i), value: '' }])
        }
      }),
    )
    const deleted = await attacker.send(doc, deletes)
    await victim.keepsWorking('long runs')

    for (const ack of [inserted, deleted]) {
      expect.soft(isRefusal(ack), `answered ${describeAck(ack)}`).toBe(false)
    }
    expect(await longestRun(bed, wb)).toBeLessThanOrEqual(2048)
    const read = await bed.read(wb)
    expect(read.grid.get('A1')).toBe(undefined)
    expect(read.grid.get('B1')).toBe('p1')
    expect(read.grid.get('H1')).toBe(undefined)
    expect(read.grid.get('A1000')).toBe('p19980')
    expect(read.grid.get('Y1')).toBe('alpha')
    expect(read.grid.get('Z999')).toBe('omega')
    await bed.expectUnharmed(wb, [victim])
  })
})
