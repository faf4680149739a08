import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  colToLetters,
  deleteCols,
  deleteRows,
  insertCols,
  insertRows,
  moveCols,
  moveRows,
  renameSheet,
  SheetLayout,
} from '@cellmate/model'
import { WorkbookEngine } from './workbookEngine.js'
import { Replica, TEST_SHEET_SIZE } from './__tests__/workbookTestBed.js'
import type { CellValue } from './cellValue.js'

const RUNS = Number(process.env.FC_RUNS ?? 60)

const addr = fc
  .record({ r: fc.integer({ min: 1, max: 12 }), c: fc.integer({ min: 0, max: 5 }) })
  .map(({ r, c }) => `${colToLetters(c)}${r}`)
const formula = fc.oneof(
  fc.tuple(addr, addr).map(([a, b]) => `=SUM(${a}:${b})`),
  fc.tuple(addr, fc.integer({ min: 1, max: 9 })).map(([a, n]) => `=${a}*${n}`),
  fc.tuple(addr, addr).map(([a, b]) => `=Other!${a}+COUNT(Other!${a}:${b})`),
  fc.integer({ min: 0, max: 5 }).map((c) => `=SUM(${colToLetters(c)}:${colToLetters(c)})`),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
    .map(([a, b]) => `=SUM(${a}:${b})`),
  fc.tuple(addr, addr).map(([a, b]) => `=INDEX(${a}:${b},1,1)&"|"&ROWS(${a}:${b})`),
  fc.tuple(addr).map(([a]) => `=$${a}+1`),
)
const sheetName = fc.constantFrom('Sheet1', 'Other')
const step = fc.oneof(
  fc.record({
    kind: fc.constant('type' as const),
    sheet: sheetName,
    at: addr,
    input: fc.oneof(formula, fc.integer({ min: -50, max: 50 }).map(String)),
  }),
  fc.record({
    kind: fc.constantFrom('insertRows' as const, 'insertCols' as const),
    sheet: sheetName,
    at: fc.integer({ min: 0, max: 12 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom('deleteRows' as const, 'deleteCols' as const),
    sheet: sheetName,
    at: fc.integer({ min: 0, max: 10 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom('moveRows' as const, 'moveCols' as const),
    sheet: sheetName,
    from: fc.integer({ min: 0, max: 10 }),
    count: fc.integer({ min: 1, max: 3 }),
    to: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({ kind: fc.constant('rename' as const), name: fc.constantFrom('Other', 'Renamed') }),
)
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function apply(r: Replica, s: Step): void {
  if (s.kind === 'rename') {
    const id = r.sheetDocs.size > 1 ? [...r.sheetDocs.keys()][1]! : r.firstSheetId()
    try {
      renameSheet(r.workbook, id, s.name)
    } catch {
      // same name: nothing to do
    }
    return
  }
  const name = s.sheet === 'Other' ? [...r.sheetDocs.keys()][1]! : r.firstSheetId()
  const doc = r.sheetDocs.get(name)!
  if (s.kind === 'type') {
    const sheet = [...r.sheetDocs.keys()].indexOf(name) === 0 ? '' : `${nameOf(r, name)}!`
    r.type(`${sheet}${s.at}`, s.input)
    return
  }
  const layout = new SheetLayout(doc)
  const n = s.kind.endsWith('Rows') ? layout.rowCount : layout.colCount
  layout.destroy()
  if (s.kind === 'insertRows') insertRows(doc, Math.min(s.at, n), s.count)
  else if (s.kind === 'insertCols') insertCols(doc, Math.min(s.at, n), s.count)
  else if (s.kind === 'deleteRows' || s.kind === 'deleteCols') {
    const count = Math.min(s.count, n - 1 - Math.min(s.at, n - 2))
    if (count < 1) return
    ;(s.kind === 'deleteRows' ? deleteRows : deleteCols)(doc, Math.min(s.at, n - 2), count)
  } else if ('from' in s) {
    const count = Math.min(s.count, n)
    const max = n - count
    ;(s.kind === 'moveRows' ? moveRows : moveCols)(
      doc,
      Math.min(s.from, max),
      count,
      Math.min(s.to, max),
    )
  }
}

function nameOf(r: Replica, id: string): string {
  return r.context(id).sheetName(id)!
}

function snapshot(engine: WorkbookEngine, r: Replica): Record<string, CellValue> {
  const out: Record<string, CellValue> = {}
  for (const id of r.sheetDocs.keys()) {
    for (let row = 0; row < TEST_SHEET_SIZE.rows + 10; row++) {
      for (let col = 0; col < TEST_SHEET_SIZE.cols + 4; col++) {
        const v = engine.getValue(id, row, col)
        if (v !== null) out[`${id}!${row},${col}`] = v
      }
    }
  }
  return out
}

describe('the incremental engine (eager or lazy) equals a fresh one built from the same documents', () => {
  it('after any sequence of edits and structural operations', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000)
    console.log(`engine consistency seed: ${seed} (FC_SEED=${seed} to replay)`)
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const r = Replica.create()
        r.addSheet('Other')
        // A lazy engine (the server's) on the same documents, read only every third step: it
        // catches up with several steps at once and must land where the others are.
        const lazy = new WorkbookEngine(r.workbook, {
          lazy: true,
          onError: (e) => r.errors.push(e),
        })
        for (const [id, doc] of r.sheetDocs) lazy.addSheet(id, doc)
        steps.forEach((s, i) => {
          apply(r, s)
          const fresh = new WorkbookEngine(r.workbook)
          for (const [id, doc] of r.sheetDocs) fresh.addSheet(id, doc)
          const expected = snapshot(fresh, r)
          expect(snapshot(r.engine, r)).toEqual(expected)
          if (i % 3 === 2 || i === steps.length - 1) expect(snapshot(lazy, r)).toEqual(expected)
          fresh.destroy()
        })
        lazy.destroy()
        expect(r.errors).toEqual([])
      }),
      { numRuns: RUNS, seed },
    )
  })
})
