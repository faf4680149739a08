import crypto from 'node:crypto'
import type { ShareLinkRecord, Store } from './store/store.js'
import { hashToken, newCapabilityToken } from './capabilityToken.js'

/** A link's role as the REST API names it. */
export type LinkKind = 'edit' | 'comment' | 'view'

/** A share link as its owner sees it; the token only once, when it is created. */
export interface ShareLink {
  id: string
  role: LinkKind
  createdAt: string
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

function linkView(record: ShareLinkRecord): ShareLink {
  return {
    id: record.id,
    role: KIND_OF_ROLE[record.role],
    createdAt: new Date(record.createdAt).toISOString(),
  }
}

/** Share links of workbooks: create (token shown once, stored hashed), list, revoke. */
export class ShareLinkService {
  private readonly listeners = new Set<RevocationListener>()

  constructor(private readonly store: Store) {}

  async create(workbookId: string, kind: LinkKind): Promise<CreatedShareLink> {
    const token = newCapabilityToken()
    const record: ShareLinkRecord = {
      id: crypto.randomBytes(9).toString('base64url'),
      workbookId,
      role: ROLE_OF_KIND[kind],
      tokenHash: hashToken(token),
      createdAt: Date.now(),
      revokedAt: null,
    }
    await this.store.createLink(record)
    return { ...linkView(record), token }
  }

  /** The links that still work, oldest first, without their tokens. */
  async list(workbookId: string): Promise<ShareLink[]> {
    return (await this.store.listLinks(workbookId)).map(linkView)
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
