import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ERROR_CODES, LIMITS, type ErrorCode } from '@cellmate/protocol'
import { SHEET_ROOTS, SheetLayout, cellKey, formatA1, parseA1, sheetTypes } from '@cellmate/model'
import { SLICE_LENGTH } from '../../src/sync/stateSlices.js'
import { waitUntil } from '../support/testServer.js'
import {
  craft,
  describeAck,
  pendingStructs,
  randomClientId,
  sheetDoc,
  stateOf,
  type Ack,
  type RawClient,
} from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'
import { sheetRead } from './sheetRead.js'

/**
 * A newcomer joins a sheet while an attacker's updates are being refused. Refused updates must
 * leave no trace in what a joiner is sent: not in the whole state, not in the slices the server
 * keeps for newcomers across small changes, not in the changes merged into their first slice
 * (`joinState`). Each refused update writes a cell value starting `refused: `, so a leak shows
 * up as a cell; the roots, state vectors and pending structs of every copy show the rest.
 */

/** Columns and rows of the content the sheet holds before anyone joins. */
const COLS = 10
/** More cell entries than one join slice holds, so a newcomer's state comes in several. */
const ROWS = Math.ceil((SLICE_LENGTH + 500) / COLS)

/** Writes `value` at `address` of `doc`, as any client does. */
function setCell(doc: Y.Doc, address: string, value: string): void {
  const layout = new SheetLayout(doc)
  const pos = parseA1(address)!
  const key = cellKey(layout.rowId(pos.row)!, layout.colId(pos.col)!)
  layout.destroy()
  sheetTypes(doc).cells.set(key, value)
}

const SHEET_ROOT_NAMES = new Set<string>(Object.values(SHEET_ROOTS))

/** How every cell value of a refused update starts. */
const REFUSED = 'refused: '

/** An update the server must refuse, and the code it must refuse it with. */
interface Refused {
  code: ErrorCode
  update: Uint8Array
}

describe('hostile: a newcomer joins while an attacker is refused', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it('newcomers joining mid-attack and after it see every acknowledged edit and nothing refused; the attacker is told why', async () => {
    const content: Record<string, string> = {}
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLS; c++) content[formatA1({ row: r, col: c })] = `r${r}c${c}`
    }
    const wb = await bed.workbook('newcomer during refusals', content)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const a = await bed.victim(wb)
    a.label = 'editor A'
    a.edit({ L1: 'A: before the attack' })
    await a.flushed()

    const attacker = await bed.attacker(wb)
    const mirror = await attacker.mirror(doc)
    /** Client ids the attacker made up: none may appear in any copy. */
    const madeUp = new Set<number>()
    const madeUpId = (): number => {
      const id = randomClientId()
      madeUp.add(id)
      return id
    }
    const refusals: Array<{ name: string; expected: ErrorCode; ack: Ack }> = []
    const send = (name: string, refused: Refused): Promise<void> => {
      return attacker.send(doc, refused.update).then((ack) => {
        refusals.push({ name, expected: refused.code, ack })
        expect.soft(ack.error?.code, `${name} was answered ${describeAck(ack)}`).toBe(refused.code)
      })
    }

    const attacks = {
      /** Structs at A's next clock under A's client id (taken from the document). */
      spoof: (): Refused => {
        const value = `${REFUSED}written as A`
        return {
          code: ERROR_CODES.CLIENT_ID_TAKEN,
          update: craft(mirror, (d) => setCell(d, 'M1', value), a.clientId),
        }
      },
      /** A cell written together with a root the sheet document may not hold. */
      foreignRoot: (): Refused => {
        const value = `${REFUSED}with a foreign root`
        return {
          code: ERROR_CODES.INVALID_UPDATE,
          update: craft(
            mirror,
            (d) => {
              setCell(d, 'M2', value)
              d.getMap('evil').set('x', value)
            },
            madeUpId(),
          ),
        }
      },
      /** A cell written together with a number inserted between rows 3 and 4. */
      rowInsert: (): Refused => {
        const value = `${REFUSED}with a row insert`
        return {
          code: ERROR_CODES.INVALID_UPDATE,
          update: craft(
            mirror,
            (d) => {
              setCell(d, 'M3', value)
              ;(sheetTypes(d).rows as Y.Array<unknown>).insert(3, [42])
            },
            madeUpId(),
          ),
        }
      },
      /** A cell of a new client whose clocks start at 5: it could only ever wait, pending. */
      pending: (): Refused => {
        const value = `${REFUSED}pending`
        return {
          code: ERROR_CODES.OUT_OF_ORDER,
          update: pendingStructs(mirror, (d) => setCell(d, 'M4', value), madeUpId(), 5),
        }
      },
      /** A cell value over the update size limit. */
      oversized: (): Refused => {
        const value = `${REFUSED}oversized ${'y'.repeat(LIMITS.maxUpdateBytes)}`
        return {
          code: ERROR_CODES.UPDATE_TOO_LARGE,
          update: craft(mirror, (d) => setCell(d, 'M5', value), madeUpId()),
        }
      },
    }

    /** The spoof writes at A's next clock: the mirror must hold every edit of A first. */
    const mirrorHasA = (): Promise<void> =>
      waitUntil(
        () => stateOf(mirror).get(a.clientId) === Y.getState(a.doc.store, a.clientId),
      ).catch(() => {
        expect(stateOf(mirror).get(a.clientId), "the attacker's copy of A's clock").toBe(
          Y.getState(a.doc.store, a.clientId),
        )
      })

    // 1. A spoof of A's id, then A's own edit at the clock it tried to take.
    await mirrorHasA()
    await send('spoof of A', attacks.spoof())
    a.edit({ L2: 'A: after the spoof' })
    await a.flushed()

    // 2. A foreign root in flight while A edits (they may meet in one group commit).
    const root = send('foreign root', attacks.foreignRoot())
    a.edit({ L3: 'A: beside a foreign root' })
    await a.flushed()
    await root

    // 3. Newcomer B joins (in slices, as the web app does) while a row insert and A's edit are
    //    in flight.
    const joiningB = bed.victim(wb, { open: { slices: true } })
    const insert = send('row insert', attacks.rowInsert())
    a.edit({ L4: 'A: beside a row insert', A1: 'A: over the content' })
    await a.flushed()
    await insert
    const b = await joiningB
    b.label = 'newcomer B'

    // 4. Pending structs and an oversized update, each beside an edit of A.
    const pending = send('pending structs', attacks.pending())
    a.edit({ L5: 'A: beside pending structs' })
    await a.flushed()
    await pending
    const oversized = send('oversized', attacks.oversized())
    a.edit({ L6: 'A: beside an oversized update', L1: 'A: L1 again' })
    await a.flushed()
    await oversized

    // 5. A second spoof, then A's last edit; newcomer C joins while a last refusal is in flight.
    await mirrorHasA()
    await send('second spoof of A', attacks.spoof())
    a.edit({ L7: 'A: last edit' })
    await a.flushed()
    const joiningC = bed.victim(wb, { open: { slices: true } })
    const last = send('second foreign root', attacks.foreignRoot())
    const c = await joiningC
    c.label = 'newcomer C'
    await last

    // Each answer was checked as it came (`send`); all of them came.
    expect(refusals).toHaveLength(7)

    const expected = new Map(Object.entries(content))
    for (const [address, value] of Object.entries({
      A1: 'A: over the content',
      L1: 'A: L1 again',
      L2: 'A: after the spoof',
      L3: 'A: beside a foreign root',
      L4: 'A: beside a row insert',
      L5: 'A: beside pending structs',
      L6: 'A: beside an oversized update',
      L7: 'A: last edit',
    })) {
      expected.set(address, value)
    }
    expect(a.acknowledged.size, 'cells A saw acknowledged').toBe(8)

    const server = await serverState(bed, wb)
    expect(server.pending, 'the server holds pending structs').toBe(false)
    // Edits of A made after a newcomer joined reach it as broadcasts: wait for them (a copy
    // that never gets there fails on its state vector below, with the difference shown).
    for (const v of [a, b, c]) {
      await waitUntil(() => equalVectors(stateOf(v.doc), server.stateVector), 10_000).catch(() => {
        expect(stateOf(v.doc), `${v.label}'s state vector`).toEqual(server.stateVector)
      })
    }
    const fresh = await bed.readDoc(wb, doc)
    const copies: Array<[string, Y.Doc]> = [
      [a.label, a.doc],
      [b.label, b.doc],
      [c.label, c.doc],
      ['a fresh reader', fresh],
    ]
    for (const [who, copy] of copies) {
      expect(copy.store.pendingStructs, `${who} holds pending structs`).toBeNull()
      expect(copy.store.pendingDs, `${who} holds a pending delete set`).toBeNull()
      const read = sheetRead(copy)
      expect(Object.fromEntries(read.grid), `what ${who} shows`).toEqual(
        Object.fromEntries(expected),
      )
      for (const [key, value] of a.acknowledged) {
        expect(read.cells[key], `${who}: acknowledged ${key}`).toBe(value)
      }
      const leaked = Object.values(read.cells)
        .map(String)
        .filter((value) => value.startsWith(REFUSED))
        .map((value) => value.slice(0, 60))
      expect(leaked, `refused values ${who} holds`).toEqual([])
      expect(
        [...copy.share.keys()].filter((name) => !SHEET_ROOT_NAMES.has(name)),
        `roots ${who} holds that a sheet has not`,
      ).toEqual([])
      expect([...read.stateVector.keys()].filter((id) => madeUp.has(id))).toEqual([])
      expect(read.stateVector, `${who}'s state vector`).toEqual(server.stateVector)
    }
    fresh.destroy()
    expect(server.roots.filter((name) => !SHEET_ROOT_NAMES.has(name))).toEqual([])

    // Over REST, in the stored document, and nothing the victims sent was refused.
    await bed.expectUnharmed(wb, [a, b, c])
    expect(await attackerStillAnswered(attacker, doc), "the attacker's connection").toBe(true)
  }, 60_000)
})

/** The server's loaded copy of the sheet: its state vector, roots, and anything pending. */
async function serverState(
  bed: HostileBed,
  wb: Workbook,
): Promise<{ stateVector: Map<number, number>; roots: string[]; pending: boolean }> {
  return bed.server.registry.use(sheetDoc(wb.id, wb.sheetId), (entry) => ({
    stateVector: stateOf(entry.doc),
    roots: [...entry.doc.share.keys()],
    pending: entry.doc.store.pendingStructs !== null || entry.doc.store.pendingDs !== null,
  }))
}

function equalVectors(x: Map<number, number>, y: Map<number, number>): boolean {
  if (x.size !== y.size) return false
  for (const [client, clock] of x) if (y.get(client) !== clock) return false
  return true
}

/** The attacker's connection was refused updates, not dropped: an empty update still answers. */
async function attackerStillAnswered(attacker: RawClient, doc: string): Promise<boolean> {
  const ack = await attacker.send(doc, new Uint8Array([0, 0]))
  return ack.ok === true
}
