import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { EVENTS, LIMITS } from '@cellmate/protocol'
import { waitUntil } from '../support/testServer.js'
import { describeAck, randomClientId, sheetDoc } from './attacks.js'
import { HostileBed } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Presence (awareness) is relayed to everyone in the sheet and kept for newcomers, and any
 * participant may send it, a viewer too. Each update is parsed on the server's main thread:
 * one of ~2 MB (the frame limit) a few hundred times a second from a single view link slowed
 * every workbook of the process (edits acked in ~0.5 s instead of ~10 ms) and sent each user
 * of the sheet ~80 MB a second.
 */
describe('hostile: presence', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it("a viewer's presence over the limit is dropped unread; its ordinary presence still reaches the room", async () => {
    const wb = await bed.workbook('oversized presence')
    const doc = sheetDoc(wb.id, wb.sheetId)
    const watcher = await bed.attacker(wb)
    await watcher.mirror(doc)
    const viewLink = await bed.rest(wb.token).createLink(wb.id, 'view')
    const viewer = await bed.attacker(wb, viewLink.token)
    const clientId = randomClientId()
    const join = await viewer.request(EVENTS.join, {
      doc,
      stateVector: new Uint8Array([0]),
      clientId,
    })
    expect(join.ok, describeAck(join)).toBe(true)

    // The viewer's own client id, so the size is the only thing wrong with the big one.
    const presenceDoc = new Y.Doc()
    presenceDoc.clientID = clientId
    const presence = new Awareness(presenceDoc)
    const stateOf = (name: string): Uint8Array => {
      presence.setLocalState({ user: { id: 'viewer', name } })
      return encodeAwarenessUpdate(presence, [clientId])
    }
    const big = stateOf('x'.repeat(LIMITS.maxAwarenessBytes))
    expect(big.byteLength).toBeGreaterThan(LIMITS.maxAwarenessBytes)
    for (let i = 0; i < 5; i++) viewer.socket.emit(EVENTS.awareness, { doc, update: big })
    viewer.socket.emit(EVENTS.awareness, { doc, update: stateOf('Vera') })
    presence.destroy()
    presenceDoc.destroy()

    // A socket's messages are handled in order: once the small one is relayed, any big one
    // would have been relayed before it.
    await waitUntil(() => watcher.clientsInAwareness(doc).includes(clientId))
    expect(Math.max(...watcher.awarenessBytes)).toBeLessThanOrEqual(LIMITS.maxAwarenessBytes)
    await bed.expectHealthy()
  })
})
