import type { Namespace } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { ERROR_CODES, EVENTS } from '@cellmate/protocol'
import type { ShareLinkService } from '../shareLinkService.js'
import type { RedisCluster } from '../cluster/redisCluster.js'
import type { SocketState } from './syncHandshake.js'

/** Room of every socket opened with one share link, so revoking it reaches them all. */
export const linkRoom = (linkId: string): string => `link:${linkId}`

export const REVOKED_MESSAGE = 'the link this workbook was opened with has been revoked'

/**
 * Closes every connection opened with a link the moment it is revoked, here (REST) or on
 * another node (over Redis): refuse what they still have in flight, tell them why (so they
 * stop reconnecting), then disconnect them. Each node does this for its own sockets.
 */
export function watchLinkRevocations(
  nsp: Namespace,
  deps: { links: ShareLinkService; log: FastifyBaseLogger; cluster?: RedisCluster },
): void {
  const { links, log, cluster } = deps
  links.onRevoked((link) => {
    disconnectLink(nsp, link.id)
    cluster?.publishRevocation(link.id)
    log.info({ workbookId: link.workbookId, linkId: link.id }, 'link revoked; its sockets closed')
  })
  cluster?.onRevocation((linkId) => {
    disconnectLink(nsp, linkId)
    log.info({ linkId }, 'link revoked on another node; its sockets here closed')
  })
}

function disconnectLink(nsp: Namespace, linkId: string): void {
  for (const socket of nsp.sockets.values()) {
    const state = socket.data as SocketState | undefined
    if (state?.linkId === linkId) state.revoked = true
  }
  const room = linkRoom(linkId)
  const body = { error: { code: ERROR_CODES.FORBIDDEN, message: REVOKED_MESSAGE } }
  nsp.local.to(room).emit(EVENTS.accessRevoked, body)
  nsp.local.in(room).disconnectSockets()
}
