import type { WorkbookSettings } from './historyTypes.js'
import { enc } from './restHttp.js'
import { SheetRulesRest } from './sheetRulesRest.js'

/** What a share link lets its holder do (`comment`: view and comment). */
export type ShareLinkRole = 'edit' | 'comment' | 'view'

/** A share link as its owner sees it (the token is never listed). */
export interface ShareLink {
  id: string
  role: ShareLinkRole
  /** ISO 8601. */
  createdAt: string
  /** Whether the caller can get its URL again (`copyLink`): links the caller's token made. */
  copyable: boolean
}

/** A share link just created: its token and URL are shown this once. */
export interface CreatedShareLink extends ShareLink {
  token: string
  /** `<origin>/w/<workbookId>#token=<token>`. */
  url: string
}

/** `RestClient`'s sharing calls: share links and the owner's settings. */
export class SharingRest extends SheetRulesRest {
  /**
   * Creates an edit, comment or view link (owner only; an editor may create view links when
   * the owner's `editorsShareViewLinks` setting allows it).
   */
  createLink(workbookId: string, role: ShareLinkRole): Promise<CreatedShareLink> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/links`, { role })
  }

  /** The workbook's links that still work, oldest first (owner only). */
  listLinks(workbookId: string): Promise<ShareLink[]> {
    return this.call('GET', `/api/workbooks/${enc(workbookId)}/links`)
  }

  /** The URL of a link the caller's token made, again (owner only); 404 for any other. */
  copyLink(workbookId: string, linkId: string): Promise<{ url: string }> {
    return this.call('POST', `/api/workbooks/${enc(workbookId)}/links/${enc(linkId)}/copy`)
  }

  /** Revokes a link: it stops working at once, for connected users too (owner only). */
  async revokeLink(workbookId: string, linkId: string): Promise<void> {
    await this.call('DELETE', `/api/workbooks/${enc(workbookId)}/links/${enc(linkId)}`)
  }

  getSettings(workbookId: string): Promise<WorkbookSettings> {
    return this.call('GET', `/api/workbooks/${enc(workbookId)}/settings`)
  }

  /** Changes the owner settings named in `settings` (owner's token only); answers them all. */
  updateSettings(
    workbookId: string,
    settings: Partial<WorkbookSettings>,
  ): Promise<WorkbookSettings> {
    return this.call('PATCH', `/api/workbooks/${enc(workbookId)}/settings`, settings)
  }
}
