import type { Namespace, Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { EVENTS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { SheetService } from '../sheetService.js'
import type { ShareLinkService } from '../shareLinkService.js'
import type { UpdateInspector } from './updateInspector.js'
import type { JoinDownloads } from './joinDownloads.js'
import type { RedisCluster } from '../cluster/redisCluster.js'
import type { SocketRateLimiter } from './socketRateLimiter.js'
import { JoinedDocs } from './joinedDocs.js'
import { linkRoom, watchLinkRevocations } from './linkRevocation.js'
import { syncHandshake, type SocketState } from './syncHandshake.js'
import {
  handleAwareness,
  handleJoin,
  handleLeave,
  handleSheetOp,
  handleUpdate,
  type SyncHandlerDeps,
} from './syncHandlers.js'
import { runRequest } from './syncRequest.js'

/**
 * The `/sync` namespace: the handshake (`syncHandshake`), one handler per event
 * (`syncHandlers`: join = sync step 1+2 in one round trip; update = checked, stored, acked,
 * broadcast; sheet operations; awareness relay; leave), and link revocation
 * (`linkRevocation`).
 */
export function attachSyncNamespace(
  nsp: Namespace,
  deps: {
    registry: DocumentRegistry
    /** Sheet records (which sheets this workbook has) and the sheet operations. */
    sheets: SheetService
    workbooks: WorkbookService
    links: ShareLinkService
    inspector: UpdateInspector
    /** The rest of big join answers, downloaded over HTTP (`JoinOk.download`). */
    downloads: JoinDownloads
    log: FastifyBaseLogger
    /** The other server processes (`REDIS_URL`): revocations reach their sockets too. */
    cluster?: RedisCluster
    /** The message budget of a new socket: its own, and its client address's. */
    messageLimiter: (socket: Socket) => SocketRateLimiter
  },
): void {
  const { log } = deps
  nsp.use(syncHandshake(deps))
  const joined = new JoinedDocs(deps.registry, deps.sheets, log)
  const handlers: SyncHandlerDeps = { ...deps, joined }

  nsp.on('connection', (socket: Socket) => {
    const state = socket.data as SocketState
    socket.on('error', (err) => log.warn({ err, socket: socket.id }, 'socket error'))
    if (state.linkId !== null) void socket.join(linkRoom(state.linkId))

    socket.on(EVENTS.join, (raw: unknown, ack: unknown) =>
      runRequest(socket, log, ack, () => handleJoin(handlers, socket, raw)),
    )
    socket.on(EVENTS.update, (raw: unknown, ack: unknown) =>
      runRequest(socket, log, ack, () => handleUpdate(handlers, socket, raw)),
    )
    socket.on(EVENTS.sheetOp, (raw: unknown, ack: unknown) =>
      runRequest(socket, log, ack, () => handleSheetOp(handlers, socket, raw)),
    )
    socket.on(EVENTS.awareness, (raw: unknown) => handleAwareness(handlers, socket, raw))
    socket.on(EVENTS.leave, (raw: unknown) => handleLeave(handlers, socket, raw))
    socket.on('disconnect', () => {
      deps.downloads.dropOwner(socket.id)
      for (const name of [...state.docs.keys()]) joined.leave(socket, state, name)
    })
  })

  watchLinkRevocations(nsp, deps)
}
