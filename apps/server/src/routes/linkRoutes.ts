import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { ShareLinkService } from '../shareLinkService.js'
import type { WorkbookSettings } from '../store/historyRecords.js'
import { accessErrors, authHeader, workbookParams } from './routeSchemas.js'
import { bearerToken } from './workbookAccess.js'
import { isPlainHost } from './securityHeaders.js'

export interface LinkRoutesOptions {
  links: ShareLinkService
  /** `PUBLIC_URL`: the origin share links point at; null to take it from each request. */
  publicUrl: string | null
  /** The workbook's owner settings (whether editors may make view links). */
  settings: (workbookId: string) => Promise<WorkbookSettings>
}

const linkKind = z
  .enum(['edit', 'comment', 'view'])
  .describe('`edit`: can edit; `comment`: can view and comment; `view`: can only view')
const shareLink = z.object({
  id: z.string(),
  role: linkKind,
  createdAt: z.string().describe('ISO 8601'),
  copyable: z.boolean().describe('Whether the caller made it and can copy its URL again'),
})
const linkParams = workbookParams.extend({ linkId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })

/**
 * The origin a share link points at: `PUBLIC_URL` when set, else the scheme and host this
 * request came to (a TLS-terminating proxy says `X-Forwarded-Proto: https`).
 */
export function linkOrigin(request: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '')
  const forwarded = request.headers['x-forwarded-proto']
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  const scheme = proto === 'https' || proto === 'http' ? proto : request.protocol
  if (!isPlainHost(request.host)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'cannot build a link for this Host header')
  }
  return `${scheme}://${request.host}`
}

/**
 * REST for share links: the owner creates (the token only in the URL fragment of `url`, which
 * browsers never send to a server), lists, copies again and revokes; an editor may create view
 * links when the owner's `editorsShareViewLinks` setting allows it, checked on every request.
 */
export const linkRoutes: FastifyPluginAsync<LinkRoutesOptions> = async (app, opts) => {
  const { links, publicUrl, settings } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()
  const linkUrl = (request: FastifyRequest, id: string, token: string): string =>
    `${linkOrigin(request, publicUrl)}/w/${encodeURIComponent(id)}#token=${token}`
  /** The caller's own token: the access check already accepted it. */
  const callerToken = (request: FastifyRequest): string => {
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) throw new CellmateError(ERROR_CODES.UNAUTHORIZED, 'no token')
    return token
  }

  api.post(
    '/api/workbooks/:id/links',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Create a share link (owner; an editor may create view links when the owner allows it)',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        body: z.object({ role: linkKind }),
        response: {
          201: shareLink.extend({
            token: z.string().describe('Capability token of the link; shown once'),
            url: z.string().describe('`<origin>/w/<workbookId>#token=<token>`'),
          }),
          ...accessErrors,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const { role } = request.body
      if (request.workbookRole === 'editor') {
        if (role !== 'view') {
          throw new CellmateError(ERROR_CODES.FORBIDDEN, 'an editor may only make view links')
        }
        if (!(await settings(id)).editorsShareViewLinks) {
          throw new CellmateError(
            ERROR_CODES.FORBIDDEN,
            'the owner has not let editors share view links of this workbook',
          )
        }
      }
      const created = await links.create(id, role, callerToken(request))
      request.log.info(
        { workbookId: id, linkId: created.id, role: created.role, by: request.workbookRole },
        'link created',
      )
      return reply.status(201).send({ ...created, url: linkUrl(request, id, created.token) })
    },
  )

  api.get(
    '/api/workbooks/:id/links',
    {
      config: { access: 'share' },
      schema: {
        summary: 'List the share links that still work (owner only), without their tokens',
        params: workbookParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: z.array(shareLink), ...accessErrors },
      },
    },
    (request) => links.list(request.params.id, callerToken(request)),
  )

  api.post(
    '/api/workbooks/:id/links/:linkId/copy',
    {
      config: { access: 'share' },
      schema: {
        summary: 'The URL of a link the caller made, again (owner only)',
        params: linkParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 200: z.object({ url: z.string() }), ...accessErrors },
      },
    },
    async (request) => {
      const { id, linkId } = request.params
      const token = await links.token(id, linkId, callerToken(request))
      if (token === null) {
        throw new CellmateError(
          ERROR_CODES.NOT_FOUND,
          `no working link ${linkId} made with this token in workbook ${id}`,
        )
      }
      return { url: linkUrl(request, id, token) }
    },
  )

  api.delete(
    '/api/workbooks/:id/links/:linkId',
    {
      config: { access: 'share' },
      schema: {
        summary: 'Revoke a share link (owner only): it stops working at once, sockets included',
        params: linkParams,
        headers: authHeader,
        security: [{ bearer: [] }],
        response: { 204: z.null(), ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, linkId } = request.params
      if (!(await links.revoke(id, linkId))) {
        throw new CellmateError(
          ERROR_CODES.NOT_FOUND,
          `no working link ${linkId} in workbook ${id}`,
        )
      }
      return reply.status(204).send(null)
    },
  )
}
