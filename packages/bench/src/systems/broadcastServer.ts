/**
 * Entry point of the plain-broadcast peer: a Socket.IO server that keeps one table (array of
 * rows) per room, applies every message by index and forwards it to the rest of the room.
 * Run as its own process by `broadcastSystem.ts`; `PORT` and `HOST` come from the environment.
 */
import http from 'node:http'
import { Server } from 'socket.io'
import {
  BROADCAST_DEFAULT_ROWS,
  BROADCAST_EVENTS,
  applyEdit,
  applyInsertRow,
  applyPaste,
  type CellEditMessage,
  type InsertRowMessage,
  type PasteMessage,
} from './broadcastProtocol.js'

type Ack = (body: unknown) => void

const tables = new Map<string, string[][]>()

const httpServer = http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404).end()
})
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 * 1024 })

io.on('connection', (socket) => {
  let room: string | null = null
  let table: string[][] = []
  const ack = (fn: unknown): Ack => (typeof fn === 'function' ? (fn as Ack) : () => {})

  socket.on(BROADCAST_EVENTS.join, (msg: { room: string }, done: unknown) => {
    room = String(msg.room)
    let t = tables.get(room)
    if (!t) {
      t = Array.from({ length: BROADCAST_DEFAULT_ROWS }, () => [])
      tables.set(room, t)
    }
    table = t
    void socket.join(room)
    ack(done)({ rows: table })
  })
  socket.on(BROADCAST_EVENTS.edit, (msg: CellEditMessage, done: unknown) => {
    if (room === null) return
    applyEdit(table, msg)
    socket.to(room).emit(BROADCAST_EVENTS.edit, msg)
    ack(done)({ ok: true })
  })
  socket.on(BROADCAST_EVENTS.insertRow, (msg: InsertRowMessage, done: unknown) => {
    if (room === null) return
    applyInsertRow(table, msg)
    socket.to(room).emit(BROADCAST_EVENTS.insertRow, msg)
    ack(done)({ ok: true })
  })
  socket.on(BROADCAST_EVENTS.paste, (msg: PasteMessage, done: unknown) => {
    if (room === null) return
    applyPaste(table, msg)
    socket.to(room).emit(BROADCAST_EVENTS.paste, msg)
    ack(done)({ ok: true })
  })
})

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1')
process.on('SIGTERM', () => {
  void io.close(() => process.exit(0))
})
