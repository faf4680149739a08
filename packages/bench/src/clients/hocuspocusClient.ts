import * as Y from 'yjs'
import WebSocket from 'ws'
import {
  MESSAGE,
  SYNC_STEP2,
  SYNC_UPDATE,
  readMessage,
  updateMessage,
} from './hocuspocusProtocol.js'
import { FROM_SERVER, openSyncedHocuspocus, type HocuspocusRoom } from './hocuspocusConnect.js'
import { YSheetClient } from './ySheetClient.js'

/**
 * A Hocuspocus user: Cellmate's sheet schema on a Y.Doc, synced with Hocuspocus' protocol over
 * `ws` the way `HocuspocusProvider` does it (token, sync step 1, updates), without presence.
 * Hocuspocus answers every update with a sync status once it has applied it (in memory): that
 * is the acknowledgement `acked()` waits for.
 */
export class HocuspocusClient extends YSheetClient {
  private unacked = 0
  private readonly ackWaiters: Array<() => void> = []

  private constructor(
    doc: Y.Doc,
    private readonly ws: WebSocket,
    private readonly name: string,
  ) {
    super(doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return
      this.unacked++
      ws.send(updateMessage(name, update))
    })
    ws.on('message', (data: Buffer) => this.receive(data))
  }

  static async open(room: HocuspocusRoom, timeoutMs: number): Promise<HocuspocusClient> {
    const { ws, doc } = await openSyncedHocuspocus(room, timeoutMs)
    return new HocuspocusClient(doc, ws, room.room)
  }

  acked(): Promise<void> {
    if (this.ws.readyState !== WebSocket.OPEN)
      return Promise.reject(new Error('Hocuspocus is offline'))
    if (this.unacked === 0) return Promise.resolve()
    return new Promise((resolve) => this.ackWaiters.push(resolve))
  }

  close(): void {
    this.layout.destroy()
    this.ws.close()
    this.doc.destroy()
  }

  private receive(data: Buffer): void {
    const msg = readMessage(data)
    if (msg.type === MESSAGE.syncStatus) {
      this.unacked = Math.max(0, this.unacked - 1)
      if (this.unacked === 0) for (const resolve of this.ackWaiters.splice(0)) resolve()
      return
    }
    if (msg.sync && (msg.sync.type === SYNC_UPDATE || msg.sync.type === SYNC_STEP2)) {
      Y.applyUpdate(this.doc, msg.sync.payload, FROM_SERVER)
    }
  }
}
