import { enc, sheetPath } from './restHttp.js'
import { SheetRest } from './sheetRest.js'

/** One comment of a thread, as the REST API returns it. */
export interface CommentJson {
  id: string
  /** The display name the author gave. */
  author: string
  /** Written by the caller's session: the caller may edit and delete it. */
  mine: boolean
  text: string
  /** ISO 8601. */
  createdAt: string
  editedAt: string | null
}

/** A comment thread on a cell: its first comment, its state and its replies, oldest first. */
export interface CommentThreadJson extends CommentJson {
  /** A1 address of its cell now (it follows the cell through inserts and moves). */
  cell: string
  resolved: boolean
  resolvedBy: string | null
  resolvedAt: string | null
  replies: CommentJson[]
}

/** `RestClient`'s comment calls. */
export class CommentRest extends SheetRest {
  /** A sheet's comment threads in sheet order; open ones unless `resolved` (any role). */
  async listComments(
    workbookId: string,
    sheetId: string,
    options: { resolved?: boolean } = {},
  ): Promise<CommentThreadJson[]> {
    const q = options.resolved ? '?resolved=true' : ''
    const answer = await this.call<{ threads: CommentThreadJson[] }>(
      'GET',
      `${sheetPath(workbookId, sheetId)}/comments${q}`,
    )
    return answer.threads
  }

  /** Starts a thread on a cell (`"B3"`); commenters, editors and the owner. */
  addComment(
    workbookId: string,
    sheetId: string,
    comment: { cell: string; text: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call('POST', `${sheetPath(workbookId, sheetId)}/comments`, comment)
  }

  /** Replies to a thread; answers the whole thread. */
  replyToComment(
    workbookId: string,
    sheetId: string,
    threadId: string,
    reply: { text: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call(
      'POST',
      `${sheetPath(workbookId, sheetId)}/comments/${enc(threadId)}/replies`,
      reply,
    )
  }

  /** Resolves or reopens a thread, and/or edits one's own comment's text; answers the thread. */
  updateComment(
    workbookId: string,
    sheetId: string,
    commentId: string,
    change: { resolved?: boolean; text?: string; author?: string },
  ): Promise<CommentThreadJson> {
    return this.call(
      'PATCH',
      `${sheetPath(workbookId, sheetId)}/comments/${enc(commentId)}`,
      change,
    )
  }

  /** Deletes one's own comment (a thread with its replies); the owner may delete any. */
  async deleteComment(workbookId: string, sheetId: string, commentId: string): Promise<void> {
    await this.call('DELETE', `${sheetPath(workbookId, sheetId)}/comments/${enc(commentId)}`)
  }
}
