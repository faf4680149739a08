import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { RestError } from '@cellmate/client'
import {
  SHEET_ROOTS,
  SheetLayout,
  WORKBOOK_ROOTS,
  deleteRows,
  insertRows,
  moveRows,
  renameSheet,
  setColWidths,
  setFormat,
  workbookTypes,
} from '@cellmate/model'
import { waitUntil } from '../support/testServer.js'
import {
  deleteSetUpdate,
  describeAck,
  isRefusal,
  randomClientId,
  sheetDoc,
  stateOf,
  workbookDoc,
  type Ack,
  type RawClient,
} from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import type { Victim } from './victim.js'
import { mutate, mutationArb, type MutationContext } from './mutations.js'

/**
 * Fuzz target (issue 13 acceptance): real updates recorded from a session (cell edits, row
 * inserts, deletes and moves, formats, widths, a sheet rename) are mutated — truncated, bytes
 * flipped, inserted and deleted, varints bloated, client ids swapped, clocks shifted, merged
 * with other users' updates, duplicated, reordered — and sent to a live document while its
 * users keep editing. Properties: every update is answered within the update checker's budget
 * (no hang), never INTERNAL, REST never answers 500, and afterwards the server holds exactly
 * what it acknowledged: a replica built from the join plus every acknowledged update equals
 * the server's copy, a fresh reader's and REST's, and every update the users had acknowledged
 * is contained in it.
 *
 * `FC_RUNS` (default 200) sets the number of runs, `FC_SEED` replays one; the seed is printed.
 */

const NUM_RUNS = Number(process.env.FC_RUNS ?? 200)
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 0x7fffffff))
/** The update checker's budget (2 s, then 8 s on a fresh worker) with room for queueing. */
const ANSWER_BUDGET_MS = 15_000

/** Every update `doc` makes locally (not those `synced` applies from the server). */
function recordLocal(doc: Y.Doc, exceptOrigin: unknown): Uint8Array[] {
  const out: Uint8Array[] = []
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== exceptOrigin) out.push(update)
  })
  return out
}

/** True when applying `update` to a copy of `doc` changes nothing: `doc` already has all of it. */
function contains(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateAsUpdate(copy)
  Y.applyUpdate(copy, update)
  const after = Y.encodeStateAsUpdate(copy)
  copy.destroy()
  return Buffer.from(before).equals(Buffer.from(after))
}

/** The content of every root a document of `kind` has, as plain data. */
function contentOf(doc: Y.Doc, kind: 'sheet' | 'workbook'): Record<string, unknown> {
  const arrays: readonly string[] =
    kind === 'sheet'
      ? [SHEET_ROOTS.rows, SHEET_ROOTS.cols, SHEET_ROOTS.cells]
      : [WORKBOOK_ROOTS.sheets]
  const roots = Object.values(kind === 'sheet' ? SHEET_ROOTS : WORKBOOK_ROOTS)
  return Object.fromEntries(
    roots.map((name) => [
      name,
      arrays.includes(name) ? doc.getArray(name).toJSON() : doc.getMap(name).toJSON(),
    ]),
  )
}

function hasPending(doc: Y.Doc): boolean {
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
  return store.pendingStructs !== null || store.pendingDs !== null
}

/** A REST call that may be refused (4xx) but never fails with 5xx. */
async function no500(what: string, call: Promise<unknown>): Promise<void> {
  try {
    await call
  } catch (err) {
    if (err instanceof RestError && err.status < 500) return
    throw new Error(`${what}: ${err instanceof RestError ? err.status : String(err)}`)
  }
}

describe('fuzz: mutated real updates against a live document', () => {
  let bed: HostileBed
  let wb: Workbook
  let victim: Victim
  let colleague: Victim
  let wbDoc: Y.Doc
  /** Updates recorded from the session, per document. */
  const recorded = { sheet: [] as Uint8Array[], workbook: [] as Uint8Array[] }
  /** Every local update of the users; all acknowledged once they flushed without refusals. */
  let userUpdates: Uint8Array[][] = []

  beforeAll(async () => {
    bed = await HostileBed.start()
    wb = await bed.workbook('fuzz target', { A1: 'seed', B2: '=A1' })
    victim = await bed.victim(wb)
    colleague = await bed.victim(wb)
    colleague.label = 'the colleague'
    wbDoc = new Y.Doc()
    const wbSynced = victim.provider.open(workbookDoc(wb.id), wbDoc)
    await wbSynced.whenSynced()
    const sheetUpdates = recordLocal(victim.doc, victim.sheet)
    const colleagueUpdates = recordLocal(colleague.doc, colleague.sheet)
    const workbookUpdates = recordLocal(wbDoc, wbSynced)
    userUpdates = [sheetUpdates, colleagueUpdates, workbookUpdates]

    // The session: what a user does in a few minutes, one model function per edit.
    const d = victim.doc
    victim.edit({ A1: 'alpha', B1: '12', C1: '=B1*2', A2: 'beta' })
    insertRows(d, 1, 3)
    victim.edit({ A2: 'inserted', D5: 'delta' })
    const layout = new SheetLayout(d)
    setFormat(d, [{ rowId: layout.rowId(0)!, colId: layout.colId(0)! }], 'bold', true)
    setFormat(d, [{ rowId: layout.rowId(0)!, colId: layout.colId(1)! }], 'numFmt', 'percent')
    setColWidths(d, [layout.colId(2)!], 180)
    layout.destroy()
    moveRows(d, 5, 2, 0)
    deleteRows(d, 10, 2)
    victim.edit({ E6: 'epsilon', A1: '' })
    renameSheet(wbDoc, wb.sheetId, 'Fuzzed')
    workbookTypes(wbDoc).meta.set('title', 'fuzz target, renamed')
    colleague.edit({ F1: 'colleague', F2: 'was here' })
    insertRows(colleague.doc, 0, 1)
    await victim.flushed()
    await colleague.flushed()
    recorded.sheet.push(...sheetUpdates, ...colleagueUpdates)
    recorded.workbook.push(...workbookUpdates)
    expect(recorded.sheet.length).toBeGreaterThan(8)
    expect(recorded.workbook.length).toBeGreaterThan(1)
  }, 60_000)

  afterAll(async () => {
    await bed.close()
  })

  /** Sends one update as a client would: waits out RATE_LIMITED, never longer than the budget. */
  async function send(attacker: RawClient, doc: string, update: Uint8Array): Promise<Ack> {
    const deadline = Date.now() + ANSWER_BUDGET_MS
    for (;;) {
      let ack: Ack
      try {
        ack = await attacker.send(doc, update, Math.max(1, deadline - Date.now()))
      } catch {
        throw new Error(`no answer within ${ANSWER_BUDGET_MS} ms (the server hangs on it)`)
      }
      if (ack.error?.code !== 'RATE_LIMITED') return ack
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  it('no crash, no hang, no INTERNAL or 500, and the server holds exactly what it acknowledged', async () => {
    process.stdout.write(`fuzz: seed ${SEED}, ${NUM_RUNS} runs (replay with FC_SEED=${SEED})\n`)
    const attacker = await bed.attacker(wb)
    const names = { sheet: sheetDoc(wb.id, wb.sheetId), workbook: workbookDoc(wb.id) }
    // Replicas of what the server acknowledged: its state at the join, every update it relays
    // since (the users'), and every update of the attacker it answered ok.
    const replicas = {
      sheet: await attacker.mirror(names.sheet),
      workbook: await attacker.mirror(names.workbook),
    }
    const ctx: MutationContext = {
      victim: victim.clientId,
      colleague: colleague.clientId,
      fresh: randomClientId,
      others: [],
    }
    const answers = new Map<string, number>()
    let run = 0

    await fc.assert(
      fc.asyncProperty(
        fc.record({
          target: fc.constantFrom<'sheet' | 'workbook'>('sheet', 'sheet', 'sheet', 'workbook'),
          picks: fc.array(
            fc.record({
              base: fc.nat(),
              mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          duplicate: fc.boolean(),
          reverse: fc.boolean(),
        }),
        async (plan) => {
          run++
          const pool = recorded[plan.target]
          const local = { ...ctx, others: pool }
          const updates = plan.picks.map((p) =>
            p.mutations.reduce((u, m) => mutate(u, m, local), pool[p.base % pool.length]!),
          )
          if (plan.duplicate) updates.push(updates[0]!)
          if (plan.reverse) updates.reverse()
          for (const update of updates) {
            const ack = await send(attacker, names[plan.target], update)
            const outcome = ack.ok === true ? 'ok' : (ack.error?.code ?? 'no code')
            answers.set(outcome, (answers.get(outcome) ?? 0) + 1)
            if (ack.ok === true) Y.applyUpdate(replicas[plan.target], update)
            else if (!isRefusal(ack)) {
              const bytes = Buffer.from(update).toString('base64')
              throw new Error(
                `${plan.target} update answered ${describeAck(ack)}; update (base64, ${update.byteLength} bytes): ${bytes.slice(0, 4000)}`,
              )
            }
          }
          // The users keep working, and every REST reader keeps answering.
          if (run % 20 === 0) {
            victim.edit({ [`H${1 + run / 20}`]: `victim during run ${run}` })
            colleague.edit({ [`I${1 + run / 20}`]: `colleague during run ${run}` })
            const rest = bed.rest(wb.token)
            await no500('GET cells', rest.readCells(wb.id, wb.sheetId, 'A1:Z60'))
            await no500('GET workbook', rest.getWorkbook(wb.id))
            await no500('export.csv', rest.exportCsv(wb.id, wb.sheetId))
          }
          if (run % 50 === 0) await no500('export.xlsx', bed.rest(wb.token).exportXlsx(wb.id))
        },
      ),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: process.env.FC_SHRINK !== '1' },
    )
    process.stdout.write(`fuzz: answers ${JSON.stringify(Object.fromEntries(answers))}\n`)

    // Offline edits and a reconnect after the storm.
    await victim.keepsWorking('after the fuzz', { online: 'J1', offline: 'J2' })
    await colleague.flushed()
    expect(victim.refusals).toEqual([])
    expect(colleague.refusals).toEqual([])

    // Nothing acknowledged is pending or missing; nothing unacknowledged is there.
    for (const kind of ['sheet', 'workbook'] as const) {
      const replica = replicas[kind]
      expect(hasPending(replica), `an acknowledged ${kind} update never integrated`).toBe(false)
      const server = () =>
        bed.server.registry.use(names[kind], (entry) => ({
          sv: stateOf(entry.doc),
          state: Y.encodeStateAsUpdate(entry.doc),
        }))
      await waitUntil(async () => {
        const held = await server()
        return JSON.stringify([...held.sv]) === JSON.stringify([...stateOf(replica)])
      }, 10_000).catch(() => undefined)
      const held = await server()
      expect(stateOf(replica), `${kind}: the server's state vector`).toEqual(held.sv)
      const heldDoc = new Y.Doc()
      Y.applyUpdate(heldDoc, held.state)
      expect(contentOf(replica, kind), `${kind}: the server's content`).toEqual(
        contentOf(heldDoc, kind),
      )
      // A fresh reader gets the same.
      const fresh = await bed.readDoc(wb, names[kind])
      expect(stateOf(fresh), `${kind}: a fresh reader's state vector`).toEqual(held.sv)
      expect(contentOf(fresh, kind), `${kind}: a fresh reader's content`).toEqual(
        contentOf(heldDoc, kind),
      )
      // Every update the users had acknowledged is in it.
      const uncovered = userUpdates.flat().filter((u) => {
        const sameDoc =
          kind === 'workbook' ? userUpdates[2]!.includes(u) : !userUpdates[2]!.includes(u)
        return sameDoc && !contains(fresh, u)
      })
      expect(uncovered.length, `${kind}: acknowledged user updates missing`).toBe(0)
      fresh.destroy()
      heldDoc.destroy()
    }
    await bed.expectConverged(wb, [victim, colleague])
    await bed.expectReadable(wb)
    await bed.expectHealthy()
  }, 600_000)

  // Shrunk failures of the property above, kept as fixed cases.
  const regressions: Array<[string, 'sheet' | 'workbook', (victimId: number) => Uint8Array]> = [
    [
      // Seed 494097316: "Unexpected case" from Yjs' delete-set encoder, answered INTERNAL.
      'a delete range of length 0 for an existing client (workbook)',
      'workbook',
      (id) => deleteSetUpdate([{ client: id, clock: 0, len: 0 }]),
    ],
    [
      'a delete range of length 0 for an existing client (sheet)',
      'sheet',
      (id) => deleteSetUpdate([{ client: id, clock: 0, len: 0 }]),
    ],
    [
      'a delete range of length 0 for an unknown client (workbook)',
      'workbook',
      () => deleteSetUpdate([{ client: randomClientId(), clock: 5, len: 0 }]),
    ],
  ]
  for (const [name, kind, build] of regressions) {
    it(`regression: ${name} is refused or harmless, never INTERNAL`, async () => {
      const attacker = await bed.attacker(wb)
      const doc = kind === 'sheet' ? sheetDoc(wb.id, wb.sheetId) : workbookDoc(wb.id)
      const before = stateOf(await attacker.mirror(doc))
      const ack = await attacker.send(doc, build(victim.clientId))
      expect(ack.ok === true || isRefusal(ack), describeAck(ack)).toBe(true)
      const after = stateOf(await bed.readDoc(wb, doc))
      expect(after).toEqual(before)
      await bed.expectReadable(wb)
    })
  }
})
