import type { Namespace } from 'socket.io'
import { PacketType } from '@cellmate/client/wire'

/** `WebSocket.OPEN` of the ws library. */
const WS_OPEN = 1

/**
 * What the direct write reads of an engine.io connection (engine.io 6's `Socket` and its
 * `WebSocket` transport); every field is checked before it is trusted, so a connection of
 * another shape is written to through Socket.IO.
 */
interface EngineConnection {
  readyState?: unknown
  upgrading?: unknown
  writeBuffer?: unknown
  transport?: {
    name?: unknown
    supportsBinary?: unknown
    perMessageDeflate?: unknown
    socket?: { readyState?: unknown; send?: unknown }
  }
}

type RawSocket = { send(data: Uint8Array): void }

/**
 * The WebSocket under an engine.io connection, when a frame written to it now goes out
 * exactly as engine.io would write it, after everything engine.io was given before: the
 * connection is open on the WebSocket transport (not upgrading), sends binary frames
 * uncompressed, and holds nothing back (its write buffer is empty: a packet engine.io keeps
 * while its last write is under way would otherwise come after this one).
 */
function rawSocketOf(conn: EngineConnection): RawSocket | null {
  const t = conn.transport
  if (conn.readyState !== 'open' || conn.upgrading !== false || !t) return null
  if (t.name !== 'websocket' || t.supportsBinary !== true || t.perMessageDeflate) return null
  if (!Array.isArray(conn.writeBuffer) || conn.writeBuffer.length > 0) return null
  const ws = t.socket
  if (!ws || ws.readyState !== WS_OPEN || typeof ws.send !== 'function') return null
  return ws as RawSocket
}

/**
 * Sends `event` with `body` to this node's sockets in `room` but `except`; returns how many it
 * sent to. Socket.IO's room emit writes each socket's copy through engine.io's per-packet
 * machinery (a packet object, events, its write buffer, then the WebSocket), ~15–20 µs a
 * socket on an idle machine; the room's updates are the one message written to every editor
 * of a sheet, so they are encoded once (the namespace's own encoder, `wireParser`: one binary
 * frame) and that frame is handed straight to each socket's WebSocket, which is what engine.io
 * would end up doing. A socket that cannot take it so (long polling, an upgrade under way,
 * packets waiting) gets the event through Socket.IO, in one emit for all of them.
 */
export function writeToRoom(
  nsp: Namespace,
  room: string,
  event: string,
  body: unknown,
  except: readonly string[] = [],
): number {
  const ids = nsp.adapter.rooms.get(room)
  if (!ids) return 0
  const rest: string[] = []
  let frame: Uint8Array | null | undefined
  let sent = 0
  for (const id of ids) {
    if (except.includes(id)) continue
    const socket = nsp.sockets.get(id)
    if (!socket) continue
    const ws = rawSocketOf(socket.conn as unknown as EngineConnection)
    if (frame === undefined) {
      const parts = nsp.server.encoder.encode({
        type: PacketType.EVENT,
        nsp: nsp.name,
        data: [event, body],
      })
      const only: unknown = parts.length === 1 ? parts[0] : null
      frame = only instanceof Uint8Array ? only : null
    }
    if (ws && frame) {
      ws.send(frame)
      sent++
    } else {
      rest.push(id)
    }
  }
  if (rest.length > 0) nsp.local.to(rest).emit(event, body)
  return sent + rest.length
}
