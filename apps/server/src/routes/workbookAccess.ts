import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CellmateError, ERROR_CODES, type Role } from '@cellmate/protocol'
import type { WorkbookService } from '../workbookService.js'

/**
 * What a workbook route needs: any role (read), a commenter, editor or owner (comment), editor
 * or owner (write), owner (share).
 */
export type AccessNeed = 'read' | 'comment' | 'write' | 'share'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every `/api/workbooks/:id…` route; checked before the body is read. */
    access?: AccessNeed
  }
  interface FastifyRequest {
    /** The caller's role in the route's workbook, set once the access check passed. */
    workbookRole: Role | null
    /** The share link whose token the caller used; null for the owner's token. */
    workbookLinkId: string | null
  }
}

const ALLOWED: Record<AccessNeed, readonly Role[]> = {
  read: ['owner', 'editor', 'commenter', 'viewer'],
  comment: ['owner', 'editor', 'commenter'],
  write: ['owner', 'editor'],
  share: ['owner'],
}

const REFUSALS = {
  NOT_FOUND: 'no such workbook',
  UNAUTHORIZED: 'this workbook needs a token: send "Authorization: Bearer <token>"',
  FORBIDDEN: 'this token does not give access to this workbook (wrong or revoked link)',
} as const

const NEED_TEXT: Record<AccessNeed, string> = {
  read: 'read',
  comment: 'comment on',
  write: 'edit',
  share: 'manage the share links of',
}

/** Routes under this prefix are a workbook's and must declare `config.access`. */
const WORKBOOK_ROUTE = /^\/api\/workbooks\/:id(\/|$)/

/** The token of an `Authorization: Bearer <token>` header, if that is what was sent. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(header ?? '')
  return match?.[1]
}

/**
 * Installs the access check of every workbook route: an `onRequest` hook (so a caller without
 * access is refused before its body is even parsed) that answers 404 for an unknown workbook,
 * 401 without a token, 403 for a token that grants nothing here or too little. A workbook
 * route registered without `config.access` fails at start-up, so none can be forgotten.
 */
export function installWorkbookAccess(app: FastifyInstance, workbooks: WorkbookService): void {
  app.decorateRequest('workbookRole', null)
  app.decorateRequest('workbookLinkId', null)
  app.addHook('onRoute', (route) => {
    if (!WORKBOOK_ROUTE.test(route.url)) return
    const need = route.config?.access
    if (!need) throw new Error(`${route.method} ${route.url} must declare config.access`)
    const check = async (request: FastifyRequest): Promise<void> => {
      const { id } = request.params as { id: string }
      const access = await workbooks.authorize(id, bearerToken(request.headers.authorization))
      if (!access.granted) throw new CellmateError(access.code, REFUSALS[access.code])
      if (!ALLOWED[need].includes(access.role)) {
        request.log.info({ workbookId: id, role: access.role, need }, 'refused: role too low')
        throw new CellmateError(
          ERROR_CODES.FORBIDDEN,
          `a ${access.role} may not ${NEED_TEXT[need]} this workbook`,
        )
      }
      request.workbookRole = access.role
      request.workbookLinkId = access.linkId
    }
    const existing = route.onRequest
    route.onRequest = existing === undefined ? [check] : [existing, check].flat()
  })
}
