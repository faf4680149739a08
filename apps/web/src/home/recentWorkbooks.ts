/**
 * Workbooks this browser has opened, newest first, kept in `localStorage` under
 * `cellmate.recent`. The owner token of a workbook is shown once, at creation, so this list is
 * also where the browser keeps it.
 */

import { ROLES, type Role } from '@cellmate/protocol'

export const RECENT_KEY = 'cellmate.recent'
/** Enough to find last week's work; old entries fall off the end. */
export const MAX_RECENT = 50

export interface RecentWorkbook {
  id: string
  title: string
  /** Capability token of the link this workbook was opened with, if any. */
  token?: string
  /**
   * What the server said `token` may do at the last join, so a workbook reopened offline
   * keeps its role; dropped whenever the token changes.
   */
  role?: Role
  /**
   * The owner's token, once the server confirmed it, kept when this browser opens another link
   * of the same workbook (an owner trying their own view link must not lose ownership).
   */
  ownerToken?: string
  /** When this browser last opened it (epoch milliseconds). */
  openedAt: number
}

/** The part of `Storage` this module uses, so tests can pass a plain object. */
export type RecentStorage = Pick<Storage, 'getItem' | 'setItem'>

function parseEntry(raw: unknown): RecentWorkbook | null {
  if (typeof raw !== 'object' || raw === null) return null
  const { id, title, token, role, ownerToken, openedAt } = raw as Record<string, unknown>
  if (typeof id !== 'string' || id === '') return null
  if (typeof openedAt !== 'number' || !Number.isFinite(openedAt)) return null
  const entry: RecentWorkbook = {
    id,
    title: typeof title === 'string' ? title : 'Untitled workbook',
    openedAt,
  }
  if (typeof token === 'string' && token !== '') {
    entry.token = token
    if (ROLES.includes(role as Role)) entry.role = role as Role
  }
  if (typeof ownerToken === 'string' && ownerToken !== '') entry.ownerToken = ownerToken
  return entry
}

/** Recent workbooks, newest first. Entries another version wrote in another shape are skipped. */
export function loadRecent(storage: RecentStorage): RecentWorkbook[] {
  let raw: unknown
  try {
    raw = JSON.parse(storage.getItem(RECENT_KEY) ?? '[]')
  } catch {
    // A corrupt list must not lock the user out of the home page; it is rewritten on next open.
    return []
  }
  if (!Array.isArray(raw)) return []
  const entries = raw.map(parseEntry).filter((e): e is RecentWorkbook => e !== null)
  return entries.sort((a, b) => b.openedAt - a.openedAt)
}

function save(storage: RecentStorage, entries: RecentWorkbook[]): void {
  storage.setItem(RECENT_KEY, JSON.stringify(entries.slice(0, MAX_RECENT)))
}

/**
 * Records that a workbook was opened now: moves it to the front, keeps a known token unless a
 * new one is given, and keeps the known title unless a new one is given.
 */
export function recordOpened(
  storage: RecentStorage,
  opened: { id: string; title?: string; token?: string; openedAt: number },
): RecentWorkbook {
  const entries = loadRecent(storage)
  const previous = entries.find((e) => e.id === opened.id)
  const entry: RecentWorkbook = {
    id: opened.id,
    title: opened.title ?? previous?.title ?? 'Untitled workbook',
    openedAt: opened.openedAt,
  }
  const token = opened.token ?? previous?.token
  if (token !== undefined) entry.token = token
  if (previous?.role !== undefined && token === previous.token) entry.role = previous.role
  const ownerToken =
    previous?.ownerToken ?? (previous?.role === 'owner' ? previous.token : undefined)
  if (ownerToken !== undefined) entry.ownerToken = ownerToken
  save(storage, [entry, ...entries.filter((e) => e.id !== opened.id)])
  return entry
}

/** Updates the remembered title (the title lives in the workbook and may change remotely). */
export function updateRecentTitle(storage: RecentStorage, id: string, title: string): void {
  const entries = loadRecent(storage)
  const entry = entries.find((e) => e.id === id)
  if (!entry || entry.title === title) return
  entry.title = title
  save(storage, entries)
}

/**
 * Forgets the token the server just refused for a workbook: the entry goes, unless this
 * browser also holds the workbook's owner token, which then becomes the one to open it with.
 */
export function forgetToken(storage: RecentStorage, id: string, token: string | undefined): void {
  const entries = loadRecent(storage)
  const entry = entries.find((e) => e.id === id)
  if (!entry) return
  if (entry.ownerToken !== undefined && entry.ownerToken !== token) {
    entry.token = entry.ownerToken
    entry.role = 'owner'
    save(storage, entries)
  } else {
    forgetRecent(storage, id)
  }
}

/** Forgets a workbook, e.g. one the server no longer knows. */
export function forgetRecent(storage: RecentStorage, id: string): void {
  const entries = loadRecent(storage)
  if (entries.some((e) => e.id === id)) {
    save(
      storage,
      entries.filter((e) => e.id !== id),
    )
  }
}

/** Remembers the role the server granted `token` (ignored if the entry now has another token). */
export function rememberRole(storage: RecentStorage, id: string, token: string, role: Role): void {
  const entries = loadRecent(storage)
  const entry = entries.find((e) => e.id === id)
  if (!entry || entry.token !== token) return
  if (entry.role === role && (role !== 'owner' || entry.ownerToken === token)) return
  entry.role = role
  if (role === 'owner') entry.ownerToken = token
  save(storage, entries)
}

/** The role remembered for a workbook opened with `token`, if the server ever said. */
export function recentRole(storage: RecentStorage, id: string, token: string): Role | undefined {
  const entry = loadRecent(storage).find((e) => e.id === id)
  if (entry?.ownerToken === token) return 'owner'
  return entry?.token === token ? entry.role : undefined
}

/** The token to open a workbook with from this browser: the owner's if known, else the last. */
export function recentToken(storage: RecentStorage, id: string): string | undefined {
  const entry = loadRecent(storage).find((e) => e.id === id)
  return entry?.ownerToken ?? entry?.token
}
