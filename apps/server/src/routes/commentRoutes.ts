import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import * as z from 'zod'
import type * as Y from 'yjs'
import {
  MAX_COMMENT_CHARS,
  MAX_COMMENT_NAME_CHARS,
  SheetLayout,
  addComment,
  commentInfo,
  commentThread,
  commentThreads,
  deleteComment,
  editComment,
  formatA1,
  parseA1,
  replyToComment,
  setCommentResolved,
  sheetDocName,
  type CellComment,
  type CommentThread,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import { clientKeySession } from '../sync/syncHandshake.js'
import { accessErrors, authHeader, sheetParams } from './routeSchemas.js'

export interface CommentRoutesOptions {
  registry: DocumentRegistry
  sheets: SheetService
}

const comment = z.object({
  id: z.string(),
  author: z.string().describe('Display name the author gave'),
  mine: z.boolean().describe("Written by the caller's session: the caller may edit or delete it"),
  text: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  editedAt: z.string().nullable(),
})
const thread = comment.extend({
  cell: z.string().describe('A1 address of the cell it is on, now'),
  resolved: z.boolean(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  replies: z.array(comment),
})
const commentParams = sheetParams.extend({ commentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) })
const text = z.string().min(1).max(MAX_COMMENT_CHARS)
const authorName = z
  .string()
  .max(MAX_COMMENT_NAME_CHARS)
  .optional()
  .describe('Display name to show as the author (default "Anonymous")')
const headers = authHeader.extend({
  'x-cellmate-client-key': z
    .string()
    .min(16)
    .max(128)
    .optional()
    .describe(
      "A browser's sync client key: comments are then the same session's as that browser's. Without it, the caller's session is its link",
    ),
})

/**
 * REST for a sheet's threaded comments: list, start a thread on a cell, reply, edit or
 * resolve/reopen, delete. Commenters, editors and the owner may write; the author of a
 * comment is the caller's session (its client key, else its link), so editing and deleting
 * one's own is enforced here exactly as sync enforces it (`checkCommentWrites`).
 */
export const commentRoutes: FastifyPluginAsync<CommentRoutesOptions> = async (app, opts) => {
  const { registry, sheets } = opts
  const api = app.withTypeProvider<ZodTypeProvider>()

  /** Runs `fn` on the sheet document as one server change (stored and broadcast). */
  const change = async <T>(
    id: string,
    sheetId: string,
    fn: (doc: Y.Doc, layout: SheetLayout) => T,
  ): Promise<T> => {
    await sheets.require(id, sheetId)
    return registry.use(sheetDocName(id, sheetId), (entry) =>
      registry.change(entry, (doc) => {
        const layout = new SheetLayout(doc)
        try {
          return fn(doc, layout)
        } finally {
          layout.destroy()
        }
      }),
    )
  }
  const read = async <T>(
    id: string,
    sheetId: string,
    fn: (doc: Y.Doc, layout: SheetLayout) => T,
  ): Promise<T> => {
    await sheets.require(id, sheetId)
    return registry.use(sheetDocName(id, sheetId), (entry) => {
      const layout = new SheetLayout(entry.doc)
      try {
        return fn(entry.doc, layout)
      } finally {
        layout.destroy()
      }
    })
  }

  api.get(
    '/api/workbooks/:id/sheets/:sheetId/comments',
    {
      config: { access: 'read' },
      schema: {
        summary: "A sheet's comment threads in sheet order (open ones unless resolved=true)",
        params: sheetParams,
        headers,
        security: [{ bearer: [] }],
        querystring: z.object({
          resolved: z.enum(['true', 'false']).optional().describe('`true`: resolved threads too'),
        }),
        response: { 200: z.object({ threads: z.array(thread) }), ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId } = request.params
      const me = session(request)
      return read(id, sheetId, (doc, layout) => ({
        threads: commentThreads(doc, {
          resolved: request.query.resolved === 'true',
          layout,
        }).map((th) => threadView(th, layout, me)),
      }))
    },
  )

  api.post(
    '/api/workbooks/:id/sheets/:sheetId/comments',
    {
      config: { access: 'comment' },
      schema: {
        summary: 'Start a comment thread on a cell',
        params: sheetParams,
        headers,
        security: [{ bearer: [] }],
        body: z.object({
          cell: z.string().max(16).describe('A1 address, e.g. `B3`'),
          text,
          author: authorName,
        }),
        response: { 201: thread, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, sheetId } = request.params
      const pos = parseA1(request.body.cell)
      if (!pos) throw badRequest(`"${request.body.cell}" is not a cell address`)
      const me = session(request)
      const view = await change(id, sheetId, (doc, layout) => {
        const rowId = layout.rowId(pos.row)
        const colId = layout.colId(pos.col)
        if (rowId === undefined || colId === undefined) {
          throw badRequest(`${request.body.cell} is outside the sheet`)
        }
        const author = { id: me, name: request.body.author ?? 'Anonymous' }
        const threadId = addComment(doc, { rowId, colId }, { text: request.body.text, author })
        return threadView(commentThread(doc, threadId) as CommentThread, layout, me)
      })
      return reply.code(201).send(view)
    },
  )

  api.post(
    '/api/workbooks/:id/sheets/:sheetId/comments/:commentId/replies',
    {
      config: { access: 'comment' },
      schema: {
        summary: 'Reply to a comment thread',
        params: commentParams,
        headers,
        security: [{ bearer: [] }],
        body: z.object({ text, author: authorName }),
        response: { 201: thread, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, sheetId, commentId } = request.params
      const me = session(request)
      const view = await change(id, sheetId, (doc, layout) => {
        const author = { id: me, name: request.body.author ?? 'Anonymous' }
        replyToComment(doc, commentId, { text: request.body.text, author })
        return threadView(commentThread(doc, commentId) as CommentThread, layout, me)
      })
      return reply.code(201).send(view)
    },
  )

  api.patch(
    '/api/workbooks/:id/sheets/:sheetId/comments/:commentId',
    {
      config: { access: 'comment' },
      schema: {
        summary: "Resolve or reopen a thread (anyone who may comment), or edit one's own text",
        params: commentParams,
        headers,
        security: [{ bearer: [] }],
        body: z
          .object({ resolved: z.boolean().optional(), text: text.optional(), author: authorName })
          .refine((b) => b.resolved !== undefined || b.text !== undefined, 'give resolved or text'),
        response: { 200: thread, ...accessErrors },
      },
    },
    async (request) => {
      const { id, sheetId, commentId } = request.params
      const me = session(request)
      return change(id, sheetId, (doc, layout) => {
        const info = commentInfo(doc, commentId)
        if (!info) throw notFound(commentId)
        const { resolved, text: newText } = request.body
        if (resolved !== undefined && !info.isThread) {
          throw badRequest('only a thread (its first comment) is resolved')
        }
        if (newText !== undefined) editComment(doc, commentId, { text: newText, authorId: me })
        if (resolved !== undefined) {
          setCommentResolved(doc, commentId, resolved, { name: request.body.author ?? 'Anonymous' })
        }
        return threadView(commentThread(doc, info.threadId) as CommentThread, layout, me)
      })
    },
  )

  api.delete(
    '/api/workbooks/:id/sheets/:sheetId/comments/:commentId',
    {
      config: { access: 'comment' },
      schema: {
        summary: "Delete one's own comment (a thread with its replies); the owner may delete any",
        params: commentParams,
        headers,
        security: [{ bearer: [] }],
        response: { 204: z.null(), ...accessErrors },
      },
    },
    async (request, reply) => {
      const { id, sheetId, commentId } = request.params
      const me = session(request)
      await change(id, sheetId, (doc) =>
        deleteComment(doc, commentId, {
          authorId: me,
          asOwner: request.workbookRole === 'owner',
        }),
      )
      return reply.code(204).send(null)
    },
  )
}

/** The caller's session: its client key's (as in sync), else its link's, else the owner's. */
function session(request: FastifyRequest): string {
  const key = request.headers['x-cellmate-client-key']
  if (typeof key === 'string' && key.length >= 16 && key.length <= 128) {
    return clientKeySession(key)
  }
  return request.workbookLinkId === null ? 'link:owner' : `link:${request.workbookLinkId}`
}

function commentView(c: CellComment, me: string): z.infer<typeof comment> {
  return {
    id: c.id,
    author: c.name || 'Anonymous',
    mine: c.by === me,
    text: c.text,
    createdAt: new Date(c.at).toISOString(),
    editedAt: c.edited === null ? null : new Date(c.edited).toISOString(),
  }
}

function threadView(th: CommentThread, layout: SheetLayout, me: string): z.infer<typeof thread> {
  const row = layout.rowIndexOf(th.rowId)
  const col = layout.colIndexOf(th.colId)
  return {
    ...commentView(th, me),
    cell: row < 0 || col < 0 ? '' : formatA1({ row, col }),
    resolved: th.resolved,
    resolvedBy: th.resolvedBy,
    resolvedAt: th.resolvedAt === null ? null : new Date(th.resolvedAt).toISOString(),
    replies: th.replies.map((r) => commentView(r, me)),
  }
}

function badRequest(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.BAD_REQUEST, message)
}

function notFound(id: string): CellmateError {
  return new CellmateError(ERROR_CODES.NOT_FOUND, `no comment ${id}`)
}
