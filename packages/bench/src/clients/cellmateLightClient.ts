import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { EVENTS, PROTOCOL_VERSION, SYNC_NAMESPACE, joinAck } from '@cellmate/protocol'
import { SheetLayout, setCell, sheetDocName } from '@cellmate/model'
import { wireParser } from '@cellmate/client/wire'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import type { LightClient } from './lightClient.js'
import { findTimedValues, type TimedValue } from './timedValue.js'

const FROM_SERVER = Symbol('from server')

/**
 * Cellmate's `/sync` protocol spoken directly (handshake auth, `join` with a state vector,
 * acked `update`s), keeping only the joined sheet's state to address cells by position.
 */
export class CellmateLightClient implements LightClient {
  private readonly layout: SheetLayout
  private readonly listeners: Array<(value: TimedValue) => void> = []

  private constructor(
    private readonly socket: Socket,
    private readonly doc: Y.Doc,
    docName: string,
  ) {
    this.layout = new SheetLayout(doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return
      // The server acks once the update is stored; the latency workload times receipts instead.
      socket.emit(EVENTS.update, { doc: docName, update }, () => {})
    })
    socket.on(EVENTS.update, (msg: { update: Uint8Array }) => {
      for (const v of findTimedValues(msg.update)) for (const l of this.listeners) l(v)
    })
  }

  static async open(
    room: Extract<RoomRef, { system: 'cellmate' }>,
    timeoutMs: number,
  ): Promise<CellmateLightClient> {
    const socket = io(`${room.url}${SYNC_NAMESPACE}`, {
      auth: { workbookId: room.workbookId, token: room.token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      parser: wireParser,
    })
    const doc = new Y.Doc()
    const name = sheetDocName(room.workbookId, room.sheetId)
    try {
      const raw: unknown = await withTimeout(
        socket.emitWithAck(EVENTS.join, { doc: name, stateVector: Y.encodeStateVector(doc) }),
        timeoutMs,
        'Cellmate join',
      )
      const ack = joinAck.parse(raw)
      if ('error' in ack) throw new Error(`join refused: ${ack.error.message}`)
      Y.applyUpdate(doc, ack.update, FROM_SERVER)
    } catch (err) {
      socket.disconnect()
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
    this.socket.disconnect()
    this.doc.destroy()
  }
}
