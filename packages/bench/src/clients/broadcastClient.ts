import { io, type Socket } from 'socket.io-client'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import {
  BROADCAST_EVENTS,
  applyEdit,
  applyInsertRow,
  applyPaste,
  type CellEditMessage,
  type InsertRowMessage,
  type PasteMessage,
} from '../systems/broadcastProtocol.js'
import type { CellWrite, SheetClient } from './sheetClient.js'

/**
 * A user of the naive broadcast table: keeps the table as an array of rows, applies its own
 * edits at once and everyone else's as they arrive, and sends `{row, col, value}` and
 * `{at}` by index.
 */
export class BroadcastClient implements SheetClient {
  private readonly listeners: Array<(value: string) => void> = []
  private unacked = 0
  private ackWaiters: Array<() => void> = []

  private constructor(
    private readonly socket: Socket,
    private readonly table: string[][],
  ) {
    socket.on(BROADCAST_EVENTS.edit, (msg: CellEditMessage) => {
      applyEdit(this.table, msg)
      for (const l of this.listeners) l(msg.value)
    })
    socket.on(BROADCAST_EVENTS.insertRow, (msg: InsertRowMessage) =>
      applyInsertRow(this.table, msg),
    )
    socket.on(BROADCAST_EVENTS.paste, (msg: PasteMessage) => applyPaste(this.table, msg))
  }

  static async open(
    room: Extract<RoomRef, { system: 'broadcast' }>,
    timeoutMs: number,
  ): Promise<BroadcastClient> {
    const socket = io(room.url, { transports: ['websocket'], forceNew: true })
    try {
      const joined = (await withTimeout(
        socket.emitWithAck(BROADCAST_EVENTS.join, { room: room.room }),
        timeoutMs,
        'broadcast join',
      )) as { rows: string[][] }
      return new BroadcastClient(socket, joined.rows)
    } catch (err) {
      socket.disconnect()
      throw err
    }
  }

  get rowCount(): number {
    return this.table.length
  }

  setCellAt(row: number, col: number, value: string): void {
    const msg = { row, col, value }
    applyEdit(this.table, msg)
    this.send(BROADCAST_EVENTS.edit, msg)
  }

  insertRowAt(row: number, label: string): void {
    applyInsertRow(this.table, { at: row })
    this.send(BROADCAST_EVENTS.insertRow, { at: row })
    this.setCellAt(row, 0, label)
  }

  paste(cells: readonly CellWrite[]): void {
    const msg: PasteMessage = { cells: cells.map((c) => [c.row, c.col, c.value]) }
    applyPaste(this.table, msg)
    this.send(BROADCAST_EVENTS.paste, msg)
  }

  ensureRows(rows: number): void {
    // The table grows when a write lands past its end; nothing to send.
    while (this.table.length < rows) this.table.push([])
  }

  onRemoteValue(listener: (value: string) => void): void {
    this.listeners.push(listener)
  }

  acked(): Promise<void> {
    if (this.unacked === 0) return Promise.resolve()
    return new Promise((resolve) => this.ackWaiters.push(resolve))
  }

  view(cols: number, rows: number): string[][] {
    return this.table
      .slice(0, rows)
      .map((row) => Array.from({ length: cols }, (_, c) => row[c] ?? ''))
  }

  encodedSize(): null {
    return null
  }

  close(): void {
    this.socket.disconnect()
  }

  private send(event: string, msg: unknown): void {
    this.unacked++
    this.socket.emit(event, msg, () => {
      this.unacked--
      if (this.unacked === 0) for (const w of this.ackWaiters.splice(0)) w()
    })
  }
}
