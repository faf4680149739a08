import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ERROR_CODES, type ErrorCode } from '@cellmate/protocol'
import { APPLY_AFTER_ACKS_BYTES } from '../../src/docWrites.js'
import { waitUntil } from '../support/testServer.js'
import { pasteBlock } from '../support/pastedBlock.js'
import { craft, describeAck, pendingStructs, sheetDoc, stateOf } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'
import { sheetRead } from './sheetRead.js'

/**
 * Updates of 128 KiB and more (`APPLY_AFTER_ACKS_BYTES`) are applied to the server's copy after
 * their acks, and joiners wait for them. Crafted ones against the live document must be refused
 * as small ones are, and an accepted one must reach a newcomer who joins meanwhile, with the
 * victim's acknowledged edits made beside it.
 */

/** How every cell value of a refused paste starts. */
const REFUSED = 'refused: '
/** Cells of each pasted block (25 a row): ~360 KB of update. */
const BLOCK = 6000

describe('hostile: big updates, applied after their acks', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it("big pastes spoofing the victim's id, pending, or with a foreign root are refused; a big accepted paste and the victim's edits beside it reach a newcomer who joined during it; every acknowledged edit stays", async () => {
    const wb = await bed.workbook('big batches', { A1: 'content', Z1: 'z content' })
    const doc = sheetDoc(wb.id, wb.sheetId)
    const a = await bed.victim(wb)
    a.label = 'editor A'
    a.edit({ Z2: 'A: before the attack' })
    await a.flushed()

    const attacker = await bed.attacker(wb)
    const mirror = await attacker.mirror(doc)
    await waitUntil(() => stateOf(mirror).get(a.clientId) === Y.getState(a.doc.store, a.clientId))
    const refusedBlock = (tag: string) => (d: Y.Doc) =>
      void pasteBlock(d, `${REFUSED}${tag} `, BLOCK)
    const refused: Array<[string, ErrorCode, Uint8Array]> = [
      // At A's next clock, under A's client id.
      ['spoof of A', ERROR_CODES.CLIENT_ID_TAKEN, craft(mirror, refusedBlock('spoof'), a.clientId)],
      // A new client's clocks starting at 5: they could only ever wait.
      [
        'pending',
        ERROR_CODES.OUT_OF_ORDER,
        pendingStructs(mirror, refusedBlock('pending'), undefined, 5),
      ],
      [
        'foreign root',
        ERROR_CODES.INVALID_UPDATE,
        craft(mirror, (d) => {
          refusedBlock('foreign')(d)
          d.getMap('evil').set('x', 1)
        }),
      ],
    ]
    for (const [name, code, update] of refused) {
      expect(update.byteLength, name).toBeGreaterThanOrEqual(APPLY_AFTER_ACKS_BYTES)
      const ack = attacker.send(doc, update)
      a.edit({ Z3: `A: beside ${name}` })
      await a.flushed()
      const answer = await ack
      expect(answer.error?.code, `${name} was answered ${describeAck(answer)}`).toBe(code)
    }

    // An accepted big paste (the attacker writes as an editor may), with A's edit beside it
    // and a newcomer joining meanwhile.
    const accepted = craft(mirror, (d) => void pasteBlock(d, 'pasted ', BLOCK))
    expect(accepted.byteLength).toBeGreaterThanOrEqual(APPLY_AFTER_ACKS_BYTES)
    const joiningB = bed.victim(wb)
    const sent = attacker.send(doc, accepted)
    a.edit({ Z4: 'A: beside the big paste' })
    await a.flushed()
    expect(await sent).toMatchObject({ ok: true })
    const b = await joiningB
    b.label = 'newcomer B'
    a.edit({ Z5: 'A: after the big paste' })
    await a.flushed()

    // Everyone converges on the server's copy, which holds A's acknowledged edits and the
    // accepted paste, and nothing refused.
    const read = await bed.expectConverged(wb, [a, b])
    expect(read.grid.get('A1')).toBe('pasted 0')
    expect(read.grid.get('Y240')).toBe(`pasted ${BLOCK - 1}`)
    expect(read.grid.get('Z1')).toBe('z content')
    expect(read.grid.get('Z5')).toBe('A: after the big paste')
    for (const copy of [a.doc, b.doc]) {
      const leaked = Object.values(sheetRead(copy).cells).filter((v) =>
        String(v).startsWith(REFUSED),
      )
      expect(leaked.length, 'refused values a copy holds').toBe(0)
    }
    expect(a.acknowledged.size, 'cells A saw acknowledged').toBe(4)
    await bed.expectUnharmed(wb, [a, b])
  }, 60_000)
})
