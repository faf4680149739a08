import * as Y from 'yjs'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { SheetLayout, setCell } from '@cellmate/model'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import type { LightClient } from './lightClient.js'
import { findTimedValues, type TimedValue } from './timedValue.js'

const MESSAGE_SYNC = 0
const FROM_SERVER = Symbol('from server')

/**
 * The y-websocket protocol spoken directly over `ws`: asks for the room's state with a sync
 * step 1, then sends its edits as sync updates and scans incoming ones for timed values.
 */
export class YWebsocketLightClient implements LightClient {
  private readonly layout: SheetLayout
  private readonly listeners: Array<(value: TimedValue) => void> = []

  private constructor(
    private readonly ws: WebSocket,
    private readonly doc: Y.Doc,
  ) {
    this.layout = new SheetLayout(doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.writeUpdate(encoder, update)
      ws.send(encoding.toUint8Array(encoder))
    })
    ws.on('message', (data: Buffer) => {
      if (data[0] !== MESSAGE_SYNC || data[1] !== syncProtocol.messageYjsUpdate) return
      for (const v of findTimedValues(data)) for (const l of this.listeners) l(v)
    })
  }

  static async open(
    room: Extract<RoomRef, { system: 'y-websocket' }>,
    timeoutMs: number,
  ): Promise<YWebsocketLightClient> {
    const ws = new WebSocket(`${room.url.replace(/^http/, 'ws')}/${room.room}`)
    const doc = new Y.Doc()
    const synced = new Promise<void>((resolve, reject) => {
      ws.once('error', reject)
      ws.once('open', () => {
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MESSAGE_SYNC)
        syncProtocol.writeSyncStep1(encoder, doc)
        ws.send(encoding.toUint8Array(encoder))
      })
      const onMessage = (data: Buffer): void => {
        const decoder = decoding.createDecoder(data)
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return
        if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), FROM_SERVER)
        ws.off('message', onMessage)
        resolve()
      }
      ws.on('message', onMessage)
    })
    try {
      await withTimeout(synced, timeoutMs, 'y-websocket sync')
    } catch (err) {
      ws.terminate()
      throw err
    }
    return new YWebsocketLightClient(ws, doc)
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
    this.ws.close()
    this.doc.destroy()
  }
}
