import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES, isValidId } from '@cellmate/protocol'
import { newId } from './ids.js'
import { SHEET_ROOTS, liveIds, sheetTypes } from './sheet.js'

/**
 * Threaded comments on cells live in the sheet's `comments` map, one key per comment **and
 * field** (`commentId:field`), like formats: resolving a thread while its author edits the
 * text are edits to different keys, and both survive. A thread is its first comment; it is
 * anchored to a row id and a column id, so it follows its cell through inserts, sorts and
 * moves, disappears with its row or column (readers skip anchors that are not live) and comes
 * back when that delete is undone. Replies name their thread.
 *
 * Fields, each written by the functions below only:
 * - `row`, `col` (thread) / `thread` (reply): ids; a thread's anchor is rewritten only when its
 *   cell is cut and pasted elsewhere (`moveCommentThreads`), by anyone who may edit cells;
 * - `by`: the author's session (`SyncedDoc.session`, server-issued and checked: a session may
 *   only write its own), `name`: the display name the author gave, `at`: creation time (ms);
 * - `text`, `edited` (ms): the author's only; `deleted` (true): the author's (or the workbook
 *   owner's) — a deleted thread hides its replies;
 * - `resolved` (boolean), `resolvedBy` (display name), `resolvedAt` (ms): anyone who may comment.
 */

/** Longest comment text, like Google Sheets' 30,000 would be unreadable in a hover card. */
export const MAX_COMMENT_CHARS = 5000
/** Longest display name stored with a comment. */
export const MAX_COMMENT_NAME_CHARS = 100
/** Longest author session id (`key:<sha-256>`, `link:<id>`, …). */
export const MAX_COMMENT_AUTHOR_CHARS = 120

export const COMMENT_FIELDS = [
  'row',
  'col',
  'thread',
  'by',
  'name',
  'at',
  'text',
  'edited',
  'deleted',
  'resolved',
  'resolvedBy',
  'resolvedAt',
] as const
export type CommentField = (typeof COMMENT_FIELDS)[number]
const FIELD_SET: ReadonlySet<string> = new Set(COMMENT_FIELDS)

/** Fields only the comment's author writes (the author may also remove any field: undo). */
export const AUTHOR_FIELDS: ReadonlySet<CommentField> = new Set<CommentField>([
  'row',
  'col',
  'thread',
  'by',
  'name',
  'at',
  'text',
  'edited',
])

/** Who writes a comment: the session the server knows them by, and the name they gave. */
export interface CommentAuthor {
  id: string
  name: string
}

/** One comment of a thread (the first one or a reply). */
export interface CellComment {
  id: string
  /** Author session (compare with your own to offer edit and delete). */
  by: string
  name: string
  at: number
  text: string
  /** When the text was last edited, if ever. */
  edited: number | null
}

/** A thread on a cell: its first comment, its state and its replies, oldest first. */
export interface CommentThread extends CellComment {
  rowId: string
  colId: string
  resolved: boolean
  resolvedBy: string | null
  resolvedAt: number | null
  replies: CellComment[]
}

/** The `comments` map of a sheet document. */
export function commentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.comments)
}

/** `commentId:field` -> its parts; null for anything else. */
export function parseCommentKey(key: string): { id: string; field: CommentField } | null {
  const sep = key.indexOf(':')
  if (sep < 0) return null
  const id = key.slice(0, sep)
  const field = key.slice(sep + 1)
  if (!isValidId(id) || !FIELD_SET.has(field)) return null
  return { id, field: field as CommentField }
}

export function commentKey(id: string, field: CommentField): string {
  return `${id}:${field}`
}

const isTime = (v: unknown): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 8.64e15
const isText = (v: unknown, max: number, min = 0): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max

/** Whether `value` is something the field may hold (type and size). */
export function isValidCommentValue(field: CommentField, value: unknown): boolean {
  switch (field) {
    case 'row':
    case 'col':
    case 'thread':
      return typeof value === 'string' && isValidId(value)
    case 'by':
      return isText(value, MAX_COMMENT_AUTHOR_CHARS, 1)
    case 'name':
    case 'resolvedBy':
      return isText(value, MAX_COMMENT_NAME_CHARS)
    case 'text':
      return isText(value, MAX_COMMENT_CHARS, 1)
    case 'at':
    case 'edited':
    case 'resolvedAt':
      return isTime(value)
    case 'deleted':
      return value === true
    case 'resolved':
      return typeof value === 'boolean'
  }
}

/** Why a `comments` entry is refused, or null when it is a valid field value. */
export function checkCommentEntry(key: string, value: unknown): string | null {
  const parsed = parseCommentKey(key)
  if (!parsed) return `"${key.slice(0, 80)}" is not a comment key (commentId:field)`
  if (!isValidCommentValue(parsed.field, value)) {
    return `${JSON.stringify(value)?.slice(0, 80)} is not a valid comment "${parsed.field}"`
  }
  return null
}

function checkText(text: string): string {
  const trimmed = text.trim()
  if (trimmed.length === 0) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a comment has text')
  if (trimmed.length > MAX_COMMENT_CHARS) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a comment has at most ${MAX_COMMENT_CHARS} characters`,
    )
  }
  return trimmed
}

function checkAuthor(author: CommentAuthor): CommentAuthor {
  if (!isValidCommentValue('by', author.id)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a comment needs its author session')
  }
  return { id: author.id, name: author.name.trim().slice(0, MAX_COMMENT_NAME_CHARS) }
}

/** The stored fields of every comment, by comment id, in one pass over the map. */
export function readRecords(doc: Y.Doc): Map<string, Map<CommentField, unknown>> {
  const records = new Map<string, Map<CommentField, unknown>>()
  for (const [key, value] of commentsMap(doc)) {
    const parsed = parseCommentKey(key)
    if (!parsed || !isValidCommentValue(parsed.field, value)) continue
    let record = records.get(parsed.id)
    if (!record) records.set(parsed.id, (record = new Map()))
    record.set(parsed.field, value)
  }
  return records
}

function toComment(id: string, r: Map<CommentField, unknown>): CellComment | null {
  const by = r.get('by')
  const text = r.get('text')
  if (typeof by !== 'string' || typeof text !== 'string' || r.get('deleted') === true) return null
  return {
    id,
    by,
    name: (r.get('name') as string | undefined) ?? '',
    at: (r.get('at') as number | undefined) ?? 0,
    text,
    edited: (r.get('edited') as number | undefined) ?? null,
  }
}

const byTime = (a: CellComment, b: CellComment): number =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Options of `commentThreads`. */
export interface ThreadQuery {
  /** Include resolved threads (default: open threads only). */
  resolved?: boolean
  /** Include threads whose row or column is deleted (default: no; the REST API never does). */
  orphans?: boolean
  /**
   * The sheet's current positions (a `SheetLayout`), when the caller keeps one: without it the
   * row and column lists are read again, which on a sheet of many rows costs far more than the
   * comments themselves.
   */
  layout?: PositionLookup
}

/** Current index of a row or column id, -1 when it is not live (`SheetLayout` is one). */
export interface PositionLookup {
  rowIndexOf(id: string): number
  colIndexOf(id: string): number
}

/**
 * The sheet's comment threads, in sheet order (row, then column), each with its replies
 * oldest first. Deleted comments and threads whose anchor is not live are left out.
 */
export function commentThreads(doc: Y.Doc, query: ThreadQuery = {}): CommentThread[] {
  const records = readRecords(doc)
  if (records.size === 0) return []
  const at = query.layout ?? positionsOf(doc)
  const rowOf = (id: string): number => at.rowIndexOf(id)
  const colOf = (id: string): number => at.colIndexOf(id)
  const threads = new Map<string, CommentThread>()
  for (const [id, r] of records) {
    const rowId = r.get('row')
    const colId = r.get('col')
    if (typeof rowId !== 'string' || typeof colId !== 'string') continue
    if (!query.orphans && (rowOf(rowId) < 0 || colOf(colId) < 0)) continue
    const resolved = r.get('resolved') === true
    if (resolved && !query.resolved) continue
    const first = toComment(id, r)
    if (!first) continue
    threads.set(id, {
      ...first,
      rowId,
      colId,
      resolved,
      resolvedBy: resolved ? ((r.get('resolvedBy') as string | undefined) ?? null) : null,
      resolvedAt: resolved ? ((r.get('resolvedAt') as number | undefined) ?? null) : null,
      replies: [],
    })
  }
  for (const [id, r] of records) {
    const threadId = r.get('thread')
    if (typeof threadId !== 'string' || r.has('row')) continue
    const reply = toComment(id, r)
    if (reply) threads.get(threadId)?.replies.push(reply)
  }
  const pos = (th: CommentThread): [number, number] => {
    const r = rowOf(th.rowId)
    const c = colOf(th.colId)
    return [r < 0 ? Number.MAX_SAFE_INTEGER : r, c < 0 ? Number.MAX_SAFE_INTEGER : c]
  }
  const out = [...threads.values()]
  for (const th of out) th.replies.sort(byTime)
  return out.sort((a, b) => {
    const [ar, ac] = pos(a)
    const [br, bc] = pos(b)
    return ar - br || ac - bc || byTime(a, b)
  })
}

function positionsOf(doc: Y.Doc): PositionLookup {
  const t = sheetTypes(doc)
  const rows = new Map(liveIds(t.rows, t.removedRows).map((id, i) => [id, i]))
  const cols = new Map(liveIds(t.cols, t.removedCols).map((id, i) => [id, i]))
  return { rowIndexOf: (id) => rows.get(id) ?? -1, colIndexOf: (id) => cols.get(id) ?? -1 }
}

/** The threads on one cell (open ones, unless `query.resolved`), oldest first. */
export function commentThreadsAt(
  doc: Y.Doc,
  rowId: string,
  colId: string,
  query: ThreadQuery = {},
): CommentThread[] {
  return commentThreads(doc, query)
    .filter((th) => th.rowId === rowId && th.colId === colId)
    .sort(byTime)
}

/** One thread by id (resolved or not, on a live cell or not), or null when it is deleted. */
export function commentThread(doc: Y.Doc, threadId: string): CommentThread | null {
  return (
    commentThreads(doc, { resolved: true, orphans: true }).find((th) => th.id === threadId) ?? null
  )
}

/** The thread id, author and state of a live comment (a thread or a reply), or null. */
export function commentInfo(
  doc: Y.Doc,
  id: string,
): { threadId: string; by: string; isThread: boolean } | null {
  const map = commentsMap(doc)
  const by = map.get(commentKey(id, 'by'))
  if (typeof by !== 'string' || map.get(commentKey(id, 'deleted')) === true) return null
  if (typeof map.get(commentKey(id, 'row')) === 'string')
    return { threadId: id, by, isThread: true }
  const thread = map.get(commentKey(id, 'thread'))
  if (typeof thread !== 'string') return null
  return { threadId: thread, by, isThread: false }
}

function notFound(id: string): CellmateError {
  return new CellmateError(ERROR_CODES.NOT_FOUND, `no comment ${id.slice(0, 80)}`)
}

function notAuthor(): CellmateError {
  return new CellmateError(ERROR_CODES.FORBIDDEN, 'only its author may change a comment')
}

/** What a new comment says, who says it, and when (ms; default now). */
export interface NewComment {
  text: string
  author: CommentAuthor
  now?: number
}

/** Starts a thread on a cell; returns its id. One transaction. */
export function addComment(
  doc: Y.Doc,
  anchor: { rowId: string; colId: string },
  comment: NewComment,
  origin?: unknown,
): string {
  if (!isValidId(anchor.rowId) || !isValidId(anchor.colId)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a comment is anchored to a row and column')
  }
  const text = checkText(comment.text)
  const author = checkAuthor(comment.author)
  const id = newId(doc)
  const map = commentsMap(doc)
  doc.transact(() => {
    map.set(commentKey(id, 'row'), anchor.rowId)
    map.set(commentKey(id, 'col'), anchor.colId)
    writeHeader(map, id, author, text, comment.now)
  }, origin)
  return id
}

function writeHeader(
  map: Y.Map<unknown>,
  id: string,
  author: CommentAuthor,
  text: string,
  now = Date.now(),
): void {
  map.set(commentKey(id, 'by'), author.id)
  map.set(commentKey(id, 'name'), author.name)
  map.set(commentKey(id, 'at'), Math.floor(now))
  map.set(commentKey(id, 'text'), text)
}

/** Adds a reply to a thread (which must exist and not be deleted); returns its id. */
export function replyToComment(
  doc: Y.Doc,
  threadId: string,
  comment: NewComment,
  origin?: unknown,
): string {
  const info = commentInfo(doc, threadId)
  if (!info?.isThread) throw notFound(threadId)
  const text = checkText(comment.text)
  const author = checkAuthor(comment.author)
  const id = newId(doc)
  const map = commentsMap(doc)
  doc.transact(() => {
    map.set(commentKey(id, 'thread'), threadId)
    writeHeader(map, id, author, text, comment.now)
  }, origin)
  return id
}

/** Replaces the text of one's own comment. Unchanged text writes nothing. */
export function editComment(
  doc: Y.Doc,
  id: string,
  edit: { text: string; authorId: string; now?: number },
  origin?: unknown,
): void {
  const info = commentInfo(doc, id)
  if (!info) throw notFound(id)
  if (info.by !== edit.authorId) throw notAuthor()
  const text = checkText(edit.text)
  const map = commentsMap(doc)
  if (map.get(commentKey(id, 'text')) === text) return
  doc.transact(() => {
    map.set(commentKey(id, 'text'), text)
    map.set(commentKey(id, 'edited'), Math.floor(edit.now ?? Date.now()))
  }, origin)
}

/**
 * Deletes a comment (a thread with its replies, when it is the first one): marks it deleted
 * and drops its text, so undo brings both back. Its author may; so may the workbook's owner
 * (`asOwner`), to moderate.
 */
export function deleteComment(
  doc: Y.Doc,
  id: string,
  by: { authorId: string; asOwner?: boolean },
  origin?: unknown,
): void {
  const info = commentInfo(doc, id)
  if (!info) throw notFound(id)
  const own = info.by === by.authorId
  if (!own && !by.asOwner) throw notAuthor()
  const map = commentsMap(doc)
  doc.transact(() => {
    map.set(commentKey(id, 'deleted'), true)
    // The owner may hide someone's comment but not rewrite it: only the author drops the text.
    if (own) map.delete(commentKey(id, 'text'))
  }, origin)
}

/** Resolves (or reopens) a thread; anyone who may comment may. Same state writes nothing. */
export function setCommentResolved(
  doc: Y.Doc,
  threadId: string,
  resolved: boolean,
  by: { name: string; now?: number },
  origin?: unknown,
): void {
  const info = commentInfo(doc, threadId)
  if (!info?.isThread) throw notFound(threadId)
  const map = commentsMap(doc)
  if ((map.get(commentKey(threadId, 'resolved')) === true) === resolved) return
  doc.transact(() => {
    map.set(commentKey(threadId, 'resolved'), resolved)
    map.set(commentKey(threadId, 'resolvedBy'), by.name.trim().slice(0, MAX_COMMENT_NAME_CHARS))
    map.set(commentKey(threadId, 'resolvedAt'), Math.floor(by.now ?? Date.now()))
  }, origin)
}

/**
 * Cut and paste: every thread on a moved cell goes with it (resolved and deleted ones too, so
 * an undo of their delete shows them where the cell is), as notes and comments do in Sheets
 * and Excel. `rows` and `cols` map each moved row and column id to the id it moved to (the
 * cells moved are every pair of them); replies follow their thread. One transaction.
 */
export function moveCommentThreads(
  doc: Y.Doc,
  rows: ReadonlyMap<string, string>,
  cols: ReadonlyMap<string, string>,
  origin?: unknown,
): number {
  const map = commentsMap(doc)
  if (map.size === 0 || rows.size === 0 || cols.size === 0) return 0
  const moves: Array<[string, string, string]> = []
  for (const [id, r] of readRecords(doc)) {
    const rowId = r.get('row')
    const colId = r.get('col')
    if (typeof rowId !== 'string' || typeof colId !== 'string') continue
    const toRow = rows.get(rowId)
    const toCol = cols.get(colId)
    if (toRow !== undefined && toCol !== undefined) moves.push([id, toRow, toCol])
  }
  if (moves.length === 0) return 0
  doc.transact(() => {
    for (const [id, rowId, colId] of moves) {
      if (map.get(commentKey(id, 'row')) !== rowId) map.set(commentKey(id, 'row'), rowId)
      if (map.get(commentKey(id, 'col')) !== colId) map.set(commentKey(id, 'col'), colId)
    }
  }, origin)
  return moves.length
}
