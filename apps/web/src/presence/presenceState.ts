import { colorForUser, cleanName } from './userIdentity'

/** A collaborator as others see them. */
export interface PresenceUser {
  id: string
  name: string
  color: string
}

/** A cell named by ids, so a selection stays on its cells while rows move. */
export interface CellIds {
  rowId: string
  colId: string
}

/** What a user has selected on a sheet: the active cell and the range's two corners. */
export interface PresenceSelection {
  active: CellIds
  anchor: CellIds
  extent: CellIds
  span: 'cell' | 'row' | 'col'
  /** An editor is open on the active cell (so an edit landing there may surprise them). */
  editing?: boolean
}

/** The awareness state Cellmate publishes (workbook docs carry `user` only). */
export interface PresenceState {
  user: { id: string; name: string }
  selection?: PresenceSelection
  /** The comment thread this user is typing a reply in ("Ana is typing a reply"). */
  typing?: string
}

/** A collaborator's tab on a document. */
export interface Peer {
  clientId: number
  user: PresenceUser
  selection: PresenceSelection | null
  /** The comment thread they are typing a reply in, if any. */
  typing?: string
}

const ID_RE = /^[0-9a-zA-Z._-]{1,64}$/

function cellIds(v: unknown): CellIds | null {
  if (!v || typeof v !== 'object') return null
  const { rowId, colId } = v as Record<string, unknown>
  return typeof rowId === 'string' &&
    typeof colId === 'string' &&
    ID_RE.test(rowId) &&
    ID_RE.test(colId)
    ? { rowId, colId }
    : null
}

function selectionOf(v: unknown): PresenceSelection | null {
  if (!v || typeof v !== 'object') return null
  const s = v as Record<string, unknown>
  const active = cellIds(s.active)
  const anchor = cellIds(s.anchor)
  const extent = cellIds(s.extent)
  const span = s.span === 'row' || s.span === 'col' ? s.span : 'cell'
  if (!active || !anchor || !extent) return null
  return s.editing === true
    ? { active, anchor, extent, span, editing: true }
    : { active, anchor, extent, span }
}

/**
 * One awareness state as a peer, or null when it is not Cellmate's shape. Awareness is relayed
 * unchecked by the server, so everything here is untrusted: names are cleaned and cut, ids
 * checked, and the colour is derived from the user id rather than taken from the sender.
 */
export function parsePeer(clientId: number, state: unknown): Peer | null {
  if (!state || typeof state !== 'object') return null
  const { user, selection, typing } = state as Record<string, unknown>
  if (!user || typeof user !== 'object') return null
  const { id, name } = user as Record<string, unknown>
  if (typeof id !== 'string' || !ID_RE.test(id) || typeof name !== 'string') return null
  const clean = cleanName(name)
  if (!clean) return null
  return {
    clientId,
    user: { id, name: clean, color: colorForUser(id) },
    selection: selectionOf(selection),
    ...(typeof typing === 'string' && ID_RE.test(typing) ? { typing } : {}),
  }
}

/** Every other tab's peer, ordered by client id so the list does not reshuffle. */
export function peersOf(states: ReadonlyMap<number, unknown>, selfClientId: number): Peer[] {
  const out: Peer[] = []
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue
    const peer = parsePeer(clientId, state)
    if (peer) out.push(peer)
  }
  return out.sort((a, b) => a.clientId - b.clientId)
}

/** One entry per person (a user with two tabs open is one avatar), self excluded. */
export function distinctUsers(peers: readonly Peer[], selfUserId: string): PresenceUser[] {
  const seen = new Map<string, PresenceUser>()
  for (const p of peers)
    if (p.user.id !== selfUserId && !seen.has(p.user.id)) seen.set(p.user.id, p.user)
  return [...seen.values()]
}
