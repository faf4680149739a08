import type * as Y from 'yjs'
import type WebSocket from 'ws'
import { SheetLayout, setCell } from '@cellmate/model'
import type { LightClient } from './lightClient.js'
import { MESSAGE, SYNC_UPDATE, readMessage, updateMessage } from './hocuspocusProtocol.js'
import { FROM_SERVER, openSyncedHocuspocus, type HocuspocusRoom } from './hocuspocusConnect.js'
import { findTimedValues, type TimedValue } from './timedValue.js'

/**
 * Hocuspocus' protocol spoken directly over `ws`: syncs once, then sends its edits as sync
 * updates and scans incoming ones for timed values (see `LightClient`).
 */
export class HocuspocusLightClient implements LightClient {
  private readonly layout: SheetLayout
  private readonly listeners: Array<(value: TimedValue) => void> = []

  private constructor(
    private readonly ws: WebSocket,
    private readonly doc: Y.Doc,
    name: string,
  ) {
    this.layout = new SheetLayout(doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER) ws.send(updateMessage(name, update))
    })
    ws.on('message', (data: Buffer) => {
      if (this.listeners.length === 0) return
      const msg = readMessage(data)
      if (msg.type !== MESSAGE.sync || msg.sync?.type !== SYNC_UPDATE) return
      for (const v of findTimedValues(msg.sync.payload)) for (const l of this.listeners) l(v)
    })
  }

  static async open(room: HocuspocusRoom, timeoutMs: number): Promise<HocuspocusLightClient> {
    const { ws, doc } = await openSyncedHocuspocus(room, timeoutMs)
    return new HocuspocusLightClient(ws, doc, room.room)
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
