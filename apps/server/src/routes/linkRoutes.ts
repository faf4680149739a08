import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { ShareLinkService } from '../shareLinkService.js'
import { accessErrors, authHeader, workbookParams } from './routeSchemas.js'
import { isPlainHost } from './securityHeaders.js'

export interface LinkRoutesOptions {
  links: ShareLinkService
  /** `PUBLIC_URL`: the origin share links point at; null to take it from each request. */
  publicUrl: string | null
}

const linkKind = z
  .enum(['edit', 'comment', 'view'])
  .describe('`edit`: can edit; `comment`: can view and comment; `view`: can only view')
const shareLink = z.object({
  id: z.string(),
  role: linkKind,
  createdAt: z.string().describe('ISO 8601'),
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
 * REST for share links (owner only): create one (its token is in the answer once, and only in
 * the URL fragment of its `url`, which browsers never send to a server), list, revoke.
 */
export const linkRoutes: FastifyPluginAsync<LinkRoutesOptions> = async (app, opts) => {
  const { links, publicUrl } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/workbooks/:id/links',
    {
      config: { access: 'share' },
      schema: {
        summary: 'Create a share link (owner only); its token is shown once',
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
      const origin = linkOrigin(request, publicUrl)
      const created = await links.create(id, request.body.role)
      request.log.info({ workbookId: id, linkId: created.id, role: created.role }, 'link created')
      const url = `${origin}/w/${encodeURIComponent(id)}#token=${created.token}`
      return reply.status(201).send({ ...created, url })
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
    (request) => links.list(request.params.id),
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
