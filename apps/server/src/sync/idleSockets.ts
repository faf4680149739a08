import type { Namespace, Socket } from 'socket.io'
import { ERROR_CODES, parseDocName } from '@cellmate/protocol'

/**
 * Disconnects the sockets of `nsp` that have had no document open for `idleMs` (counting from
 * their connection, or from leaving their last document): a connection that opens nothing
 * only holds resources. A sweep every quarter of `idleMs` finds them, so none is dropped
 * early and none lingers more than half as long again. Returns the function that stops it.
 *
 * Clients reconnect after a server-side disconnect (their open documents would rejoin); an
 * idle one is told why first.
 */
export function dropIdleSockets(nsp: Namespace, idleMs: number): () => void {
  if (idleMs === 0) return () => {}
  const idleSince = new Map<string, number>()
  const timer = setInterval(
    () => {
      const now = performance.now()
      for (const [id, socket] of nsp.sockets) {
        if (hasOpenDocument(socket)) {
          idleSince.delete(id)
          continue
        }
        const since = idleSince.get(id)
        if (since === undefined) idleSince.set(id, now)
        else if (now - since >= idleMs) {
          idleSince.delete(id)
          socket.emit('error-message', {
            error: {
              code: ERROR_CODES.NOT_JOINED,
              message: `closed: no document was open on this connection for ${idleMs / 1000} s`,
            },
          })
          socket.disconnect(true)
        }
      }
      for (const id of idleSince.keys()) if (!nsp.sockets.has(id)) idleSince.delete(id)
    },
    Math.max(10, idleMs / 4),
  )
  timer.unref()
  return () => clearInterval(timer)
}

/** A socket is in one room per document it has open (see `syncNamespace`). */
function hasOpenDocument(socket: Socket): boolean {
  for (const room of socket.rooms) if (parseDocName(room) !== null) return true
  return false
}
