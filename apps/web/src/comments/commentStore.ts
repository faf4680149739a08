import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  addComment,
  cellKey,
  commentThreads,
  commentsMap,
  deleteComment,
  editComment,
  replyToComment,
  setCommentResolved,
  type CommentThread,
} from '@cellmate/model'
import { useIdentityStore } from '../presence/identityStore'
import { peersOf, type Peer } from '../presence/presenceState'
import type { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { mentions } from './mentions'
import { notePeople, recentPeople } from './recentPeople'

/** A cell by ids: where a comment card is open. */
export interface CommentCell {
  rowId: string
  colId: string
}

/**
 * The comments of the open sheet for the UI: its threads (re-read when the comments, rows or
 * columns change), the card open on a cell, the Comments panel, who is typing a reply, and
 * the people `@` knows. Writes go through `@cellmate/model` with this user's undo origin, so
 * Ctrl+Z takes back one's own comment steps only.
 */
export const useCommentStore = defineStore('comments', () => {
  const identity = useIdentityStore()
  const access = useAccessStore()
  const notices = useNoticeStore()

  const sheet = shallowRef<SheetSession | null>(null)
  const workbookId = ref('')
  /** Bumped when the comments, rows or columns of the open sheet change. */
  const rev = ref(0)
  /** The other tabs on this sheet (their names and what they type in). */
  const peers = shallowRef<Peer[]>([])
  /** Names seen in this workbook lately (from this browser). */
  const recent = ref<string[]>([])
  let detach: (() => void) | null = null

  /** The card on a cell: `new` starts a thread there; `view` shows its threads. */
  const card = ref<
    (CommentCell & { mode: 'new' | 'view'; pinned: boolean; withResolved?: boolean }) | null
  >(null)
  const panelOpen = ref(false)
  /** The thread this tab is typing a reply in (published in presence), or null. */
  const typing = ref<string | null>(null)

  function attach(next: SheetSession | null, workbook: string): void {
    detach?.()
    detach = null
    sheet.value = next
    workbookId.value = workbook
    card.value = null
    typing.value = null
    recent.value = recentPeople(globalThis.localStorage, workbook)
    if (next) {
      const map = commentsMap(next.doc)
      const bump = (): void => void rev.value++
      map.observe(bump)
      const stopStructure = next.onStructureChange(bump)
      const awareness = next.awareness
      const onPeers = (): void => {
        if (!awareness) return
        peers.value = peersOf(awareness.getStates(), awareness.clientID)
        notePeople(
          globalThis.localStorage,
          workbook,
          peers.value.map((p) => p.user.name),
        )
      }
      awareness?.on('change', onPeers)
      onPeers()
      detach = () => {
        map.unobserve(bump)
        stopStructure()
        awareness?.off('change', onPeers)
        peers.value = []
      }
    }
    rev.value++
  }

  /** Every thread of the sheet on a live cell (resolved ones too), in sheet order. */
  const threads = computed<CommentThread[]>(() => {
    void rev.value
    const s = sheet.value
    return s ? commentThreads(s.doc, { resolved: true, layout: s.layout }) : []
  })
  const openThreads = computed(() => threads.value.filter((t) => !t.resolved))
  /** Open threads by `rowId:colId`: the cells that show a comment mark. */
  const openByCell = computed(() => {
    const out = new Map<string, CommentThread[]>()
    for (const t of openThreads.value) {
      const key = cellKey(t.rowId, t.colId)
      const list = out.get(key)
      if (list) list.push(t)
      else out.set(key, [t])
    }
    return out
  })

  /** Whom `@` suggests and highlights: people here now, seen lately, and comment authors. */
  const people = computed(() => {
    const names = new Set<string>([identity.name])
    for (const p of peers.value) names.add(p.user.name)
    for (const n of recent.value) names.add(n)
    for (const t of threads.value) {
      if (t.name) names.add(t.name)
      for (const r of t.replies) if (r.name) names.add(r.name)
    }
    return [...names]
  })

  /** This tab's session: its own comments are the ones it may edit and delete. */
  const me = computed(() => {
    void rev.value
    return sheet.value?.session ?? null
  })

  const isMine = (by: string): boolean => me.value !== null && by === me.value
  const mentionsMe = (text: string): boolean => mentions(text, identity.name, people.value)
  /** A thread mentions this user somewhere (its panel entry and mark are highlighted). */
  const threadMentionsMe = (t: CommentThread): boolean =>
    mentionsMe(t.text) || t.replies.some((r) => mentionsMe(r.text))

  /** Names of the others typing a reply in `threadId`. */
  function typingIn(threadId: string): string[] {
    return [...new Set(peers.value.filter((p) => p.typing === threadId).map((p) => p.user.name))]
  }

  /** Runs a comment write; a refusal (no session yet, too long…) becomes a notice. */
  function write(fn: (s: SheetSession, author: { id: string; name: string }) => void): boolean {
    const s = sheet.value
    if (!s || !access.canComment) return false
    const id = s.session
    if (!id) {
      notices.showError(new Error('Comments need a connection to the server first'))
      return false
    }
    try {
      fn(s, { id, name: identity.name })
      return true
    } catch (err) {
      notices.showError(err)
      return false
    }
  }

  return {
    sheet,
    rev,
    card,
    panelOpen,
    typing,
    peers,
    threads,
    openThreads,
    openByCell,
    people,
    me,
    attach,
    isMine,
    mentionsMe,
    threadMentionsMe,
    typingIn,
    /** Opens the card on a cell: its threads, or a new comment when it has none. */
    openCard(cell: CommentCell, mode?: 'new' | 'view', withResolved = false): void {
      const has = openByCell.value.has(cellKey(cell.rowId, cell.colId))
      const m = mode ?? (has || withResolved ? 'view' : 'new')
      if (m === 'new' && !access.canComment) return
      card.value = { ...cell, mode: m, pinned: true, withResolved }
    },
    /** The threads a card on `cell` shows: open ones, and resolved ones when asked. */
    threadsAt(cell: CommentCell, withResolved: boolean): CommentThread[] {
      return threads.value.filter(
        (t) => t.rowId === cell.rowId && t.colId === cell.colId && (withResolved || !t.resolved),
      )
    },
    /** The hover card: shown while the pointer is on a commented cell, unless one is pinned. */
    hover(cell: CommentCell | null): void {
      if (card.value?.pinned) return
      const has = cell && openByCell.value.has(cellKey(cell.rowId, cell.colId))
      card.value = cell && has ? { ...cell, mode: 'view', pinned: false } : null
    },
    closeCard(): void {
      card.value = null
      typing.value = null
    },
    add(cell: CommentCell, text: string): boolean {
      return write((s, author) =>
        s.writeComment((doc, origin) => addComment(doc, cell, { text, author }, origin)),
      )
    },
    reply(threadId: string, text: string): boolean {
      return write((s, author) =>
        s.writeComment((doc, origin) => replyToComment(doc, threadId, { text, author }, origin)),
      )
    },
    edit(id: string, text: string): boolean {
      return write((s, author) =>
        s.writeComment((doc, origin) =>
          editComment(doc, id, { text, authorId: author.id }, origin),
        ),
      )
    },
    remove(id: string): boolean {
      return write((s, author) =>
        s.writeComment((doc, origin) =>
          deleteComment(doc, id, { authorId: author.id, asOwner: access.isOwner }, origin),
        ),
      )
    },
    resolve(threadId: string, resolved: boolean): boolean {
      return write((s, author) =>
        s.writeComment((doc, origin) =>
          setCommentResolved(doc, threadId, resolved, { name: author.name }, origin),
        ),
      )
    },
  }
})
