import type * as Y from 'yjs'
import {
  commentKey,
  commentsMap,
  parseCommentKey,
  readRecords,
  type CommentField,
} from './comments.js'
import { newId } from './ids.js'

/** What `carryCommentThreads` did with the threads on the cut cells. */
export interface CommentsCarried {
  /** Threads now on the sheet pasted to (deleted ones included). */
  moved: number
  /**
   * Threads (not deleted) left on the sheet cut from: someone else wrote them or a reply.
   * The server lets only a comment's author write it (`by`, `text`… are write-once per author,
   * see the server's `checkCommentWrites`), and a comment on another sheet is a new entry in
   * that sheet's document, so nobody else may put it there.
   */
  kept: number
}

type CommentRecord = Map<CommentField, unknown>

/**
 * Cut and paste onto another sheet: the threads on the cut cells that are all `authorId`'s
 * (the thread and every reply, deleted ones too) move to the sheet pasted to, as notes and
 * comments do in Sheets and Excel: re-anchored where each cell went (`rows`, `cols`: each
 * moved row and column id of `from` -> the id it went to on `to`), with their replies,
 * authors, times, edits and resolved state, and removed from `from` (as an undo of them would
 * remove them, so undo puts them back). They take new ids on `to` (ids are made per document).
 * Threads with another author's words stay where they were (`kept`). One transaction on each
 * document.
 */
export function carryCommentThreads(
  from: Y.Doc,
  to: Y.Doc,
  rows: ReadonlyMap<string, string>,
  cols: ReadonlyMap<string, string>,
  authorId: string | null,
  origin?: unknown,
): CommentsCarried {
  const carried: CommentsCarried = { moved: 0, kept: 0 }
  if (commentsMap(from).size === 0 || rows.size === 0 || cols.size === 0) return carried
  const records = readRecords(from)
  const replies = new Map<string, Array<[string, CommentRecord]>>()
  for (const [id, r] of records) {
    const thread = r.get('thread')
    if (typeof thread !== 'string' || r.has('row')) continue
    const list = replies.get(thread) ?? []
    list.push([id, r])
    replies.set(thread, list)
  }
  const moves: Array<{ rowId: string; colId: string; comments: Array<[string, CommentRecord]> }> =
    []
  for (const [id, r] of records) {
    const row = r.get('row')
    const col = r.get('col')
    if (typeof row !== 'string' || typeof col !== 'string') continue
    const rowId = rows.get(row)
    const colId = cols.get(col)
    if (rowId === undefined || colId === undefined) continue
    const comments: Array<[string, CommentRecord]> = [[id, r], ...(replies.get(id) ?? [])]
    if (authorId !== null && comments.every(([, c]) => c.get('by') === authorId)) {
      moves.push({ rowId, colId, comments: comments.sort(byTime) })
    } else if (r.get('deleted') !== true) {
      carried.kept++
    }
  }
  if (moves.length === 0) return carried
  const source = commentsMap(from)
  const target = commentsMap(to)
  const leaving = new Set(moves.flatMap((m) => m.comments.map(([id]) => id)))
  from.transact(() => {
    to.transact(() => {
      for (const { rowId, colId, comments } of moves) {
        let threadId = ''
        for (const [, r] of comments) {
          const id = newId(to)
          if (threadId === '') {
            threadId = id
            target.set(commentKey(id, 'row'), rowId)
            target.set(commentKey(id, 'col'), colId)
          } else {
            target.set(commentKey(id, 'thread'), threadId)
          }
          for (const [field, value] of r) {
            if (field !== 'row' && field !== 'col' && field !== 'thread') {
              target.set(commentKey(id, field), value)
            }
          }
        }
      }
    }, origin)
    for (const key of [...source.keys()]) {
      const parsed = parseCommentKey(key)
      if (parsed && leaving.has(parsed.id)) source.delete(key)
    }
  }, origin)
  carried.moved = moves.length
  return carried
}

/** Oldest first, the thread's first comment before its replies (as readers order them). */
function byTime(a: [string, CommentRecord], b: [string, CommentRecord]): number {
  const first = Number(b[1].has('row')) - Number(a[1].has('row'))
  const at =
    ((a[1].get('at') as number | undefined) ?? 0) - ((b[1].get('at') as number | undefined) ?? 0)
  return first || at || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
}
