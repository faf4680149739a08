import crypto from 'node:crypto'
import * as Y from 'yjs'
import {
  initSheet,
  initWorkbook,
  sheetDocName,
  workbookDocName,
  type SheetInfo,
} from '@cellmate/model'
import type { Role } from '@cellmate/protocol'
import type { Store } from './store/store.js'

export interface CreatedWorkbook {
  id: string
  title: string
  sheets: SheetInfo[]
  /** The owner's capability token, returned once and stored only as a hash. */
  token: string
}

/** SHA-256 hex of a capability token. Tokens carry 256 random bits, so no salt is needed. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/** Creating workbooks and deciding what a token may do in one. */
export class WorkbookService {
  constructor(private readonly store: Store) {}

  /** Creates a workbook with one empty sheet, stored atomically before it is returned. */
  async create(title: string): Promise<CreatedWorkbook> {
    const id = crypto.randomBytes(12).toString('base64url')
    const token = crypto.randomBytes(32).toString('base64url')
    const wbDoc = new Y.Doc()
    const sheet = initWorkbook(wbDoc, title)
    const sheetDoc = new Y.Doc()
    initSheet(sheetDoc)
    await this.store.createWorkbook(
      { id, ownerTokenHash: hashToken(token), createdAt: Date.now() },
      [
        { doc: workbookDocName(id), update: Y.encodeStateAsUpdate(wbDoc) },
        { doc: sheetDocName(sheet.id), update: Y.encodeStateAsUpdate(sheetDoc) },
      ],
    )
    wbDoc.destroy()
    sheetDoc.destroy()
    return { id, title, sheets: [sheet], token }
  }

  async exists(id: string): Promise<boolean> {
    return (await this.store.getWorkbook(id)) !== null
  }

  /**
   * The role a token grants in a workbook, or null when the workbook does not exist.
   * Until share links land, anyone who knows a workbook's id may edit it; the owner token
   * is recognised so the owner role is already right.
   */
  async roleFor(workbookId: string, token: string | undefined): Promise<Role | null> {
    const record = await this.store.getWorkbook(workbookId)
    if (!record) return null
    if (token && timingSafeEqualHex(hashToken(token), record.ownerTokenHash)) return 'owner'
    return 'editor'
  }
}

function timingSafeEqualHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex')
  const bb = Buffer.from(b, 'hex')
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb)
}
