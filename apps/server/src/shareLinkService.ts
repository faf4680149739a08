import crypto from 'node:crypto'
import type { ShareLinkRecord, Store } from './store/store.js'
import { derivedLinkToken, hashToken, sameTokenHash } from './capabilityToken.js'

/** A link's role as the REST API names it. */
export type LinkKind = 'edit' | 'comment' | 'view'

/** A share link as its owner sees it; the token only on creation or to its maker. */
export interface ShareLink {
  id: string
  role: LinkKind
  createdAt: string
  /** Whether the caller made it (and can have its token again: `token`). */
  copyable: boolean
}

export interface CreatedShareLink extends ShareLink {
  token: string
}

/** Called with each revoked link, so connections using it can be closed at once. */
export type RevocationListener = (link: ShareLinkRecord) => void

const ROLE_OF_KIND = {
  edit: 'editor',
  comment: 'commenter',
  view: 'viewer',
} as const satisfies Record<LinkKind, ShareLinkRecord['role']>

const KIND_OF_ROLE = {
  editor: 'edit',
  commenter: 'comment',
  viewer: 'view',
} as const satisfies Record<ShareLinkRecord['role'], LinkKind>

function linkView(record: ShareLinkRecord, copyable: boolean): ShareLink {
  return {
    id: record.id,
    role: KIND_OF_ROLE[record.role],
    createdAt: new Date(record.createdAt).toISOString(),
    copyable,
  }
}

/** Whether `callerToken` made this link: its token re-derived from it matches the stored hash. */
function madeBy(record: ShareLinkRecord, callerToken: string | undefined): string | null {
  if (callerToken === undefined) return null
  const token = derivedLinkToken(callerToken, record.workbookId, record.id)
  return sameTokenHash(hashToken(token), record.tokenHash) ? token : null
}

/**
 * Share links of workbooks: create, list, copy again, revoke. A link's token is derived from
 * its maker's token (`derivedLinkToken`) and stored only as a hash, so its maker (the owner,
 * or an editor making a view link) can copy it again while a stolen database gives nothing.
 */
export class ShareLinkService {
  private readonly listeners = new Set<RevocationListener>()

  constructor(private readonly store: Store) {}

  /** A new link, its token derived from `makerToken` (the caller's own). */
  async create(workbookId: string, kind: LinkKind, makerToken: string): Promise<CreatedShareLink> {
    const id = crypto.randomBytes(9).toString('base64url')
    const token = derivedLinkToken(makerToken, workbookId, id)
    const record: ShareLinkRecord = {
      id,
      workbookId,
      role: ROLE_OF_KIND[kind],
      tokenHash: hashToken(token),
      createdAt: Date.now(),
      revokedAt: null,
    }
    await this.store.createLink(record)
    return { ...linkView(record, true), token }
  }

  /** The links that still work, oldest first, without their tokens. */
  async list(workbookId: string, callerToken: string | undefined): Promise<ShareLink[]> {
    return (await this.store.listLinks(workbookId)).map((r) =>
      linkView(r, madeBy(r, callerToken) !== null),
    )
  }

  /**
   * The token of a working link the caller made, again; null when there is no such link or
   * someone else made it (links made before tokens were derived, too).
   */
  async token(
    workbookId: string,
    linkId: string,
    callerToken: string | undefined,
  ): Promise<string | null> {
    const record = (await this.store.listLinks(workbookId)).find((r) => r.id === linkId)
    return record ? madeBy(record, callerToken) : null
  }

  /** Revokes a link; false when the workbook has no such working link. */
  async revoke(workbookId: string, linkId: string): Promise<boolean> {
    const revoked = await this.store.revokeLink(workbookId, linkId, Date.now())
    if (!revoked) return false
    for (const listener of this.listeners) listener(revoked)
    return true
  }

  /** Calls `listener` after every revocation; returns the unsubscribe function. */
  onRevoked(listener: RevocationListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
