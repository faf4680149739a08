import * as Y from 'yjs'
import { EVENTS, PROTOCOL_VERSION, SYNC_NAMESPACE, joinAck } from '@cellmate/protocol'
import { SheetLayout, setCell, sheetDocName } from '@cellmate/model'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import type { LightClient } from './lightClient.js'
import { SocketIoWire } from './socketIoWire.js'
import { findTimedValues, type TimedValue } from './timedValue.js'

const FROM_SERVER = Symbol('from server')

/**
 * Cellmate's `/sync` protocol spoken directly (handshake auth, `join` with a state vector,
 * acked `update`s) over Socket.IO's wire protocol (`SocketIoWire`, not socket.io-client, as the
 * y-websocket and Hocuspocus light clients speak theirs over `ws`), keeping only the joined
 * sheet's state to address cells by position.
 */
export class CellmateLightClient implements LightClient {
  private readonly layout: SheetLayout
  private readonly listeners: Array<(value: TimedValue) => void> = []

  private constructor(
    private readonly socket: SocketIoWire,
    private readonly doc: Y.Doc,
    docName: string,
  ) {
    this.layout = new SheetLayout(doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return
      // The server acks once the update is stored; the latency workload times receipts instead.
      socket.emitWithAck(EVENTS.update, { doc: docName, update }).catch(() => {})
    })
    socket.on(EVENTS.update, (raw) => {
      const msg = raw as { update: Uint8Array }
      for (const v of findTimedValues(msg.update)) for (const l of this.listeners) l(v)
    })
  }

  static async open(
    room: Extract<RoomRef, { system: 'cellmate' }>,
    timeoutMs: number,
  ): Promise<CellmateLightClient> {
    const socket = await SocketIoWire.connect(
      room.url,
      SYNC_NAMESPACE,
      { workbookId: room.workbookId, token: room.token, protocol: PROTOCOL_VERSION },
      timeoutMs,
    )
    const doc = new Y.Doc()
    const name = sheetDocName(room.workbookId, room.sheetId)
    try {
      const raw: unknown = await withTimeout(
        // With its client id, as the app's client joins (`SyncedDoc`): the join binds it, so
        // the first edit does not wait for the binding to be stored.
        socket.emitWithAck(EVENTS.join, {
          doc: name,
          stateVector: Y.encodeStateVector(doc),
          clientId: doc.clientID,
        }),
        timeoutMs,
        'Cellmate join',
      )
      const ack = joinAck.parse(raw)
      if ('error' in ack) throw new Error(`join refused: ${ack.error.message}`)
      Y.applyUpdate(doc, ack.update, FROM_SERVER)
    } catch (err) {
      socket.close()
      throw err
    }
    return new CellmateLightClient(socket, doc, name)
  }

  setCellAt(row: number, col: number, value: string): void {
    const rowId = this.layout.rowId(row)
    const colId = this.layout.colId(col)
    if (rowId === undefined || colId === undefined) throw new Error(`no cell at ${row},${col}`)
    setCell(this.doc, rowId, colId, value)
  }

  onTimedValue(listener: (value: TimedValue) => void): void {
    this.listeners.push(listener)
  }

  close(): void {
    this.layout.destroy()
    this.socket.close()
    this.doc.destroy()
  }
}
