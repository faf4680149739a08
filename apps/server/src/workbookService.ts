import crypto from 'node:crypto'
import * as Y from 'yjs'
import {
  initSheet,
  initWorkbook,
  sheetDocName,
  workbookDocName,
  type SheetInfo,
} from '@cellmate/model'
import { ERROR_CODES, type Role } from '@cellmate/protocol'
import type { Store } from './store/store.js'
import { hashToken, newCapabilityToken, sameTokenHash } from './capabilityToken.js'
import { newSheetId } from './sheetId.js'

export interface CreatedWorkbook {
  id: string
  title: string
  sheets: SheetInfo[]
  /** The owner's capability token, returned once and stored only as a hash. */
  token: string
}

/**
 * What a token may do in a workbook. Refusals say why, so the REST API and the socket
 * handshake answer the same codes: NOT_FOUND (no such workbook), UNAUTHORIZED (no token),
 * FORBIDDEN (a token this workbook does not know, or a revoked link).
 */
export type Access =
  | {
      granted: true
      role: Role
      /** The share link the token belongs to; null for the owner's token. */
      linkId: string | null
    }
  | {
      granted: false
      code:
        | typeof ERROR_CODES.NOT_FOUND
        | typeof ERROR_CODES.UNAUTHORIZED
        | typeof ERROR_CODES.FORBIDDEN
    }

/** A whole workbook as encoded Yjs documents, ready to store (see `createFrom`). */
export interface WorkbookContent {
  title: string
  /** The sheets the workbook document lists, in tab order. */
  sheets: SheetInfo[]
  workbookUpdate: Uint8Array
  sheetUpdates: Array<{ id: string; update: Uint8Array }>
  /** What an import left out of its files (merges, drawings, pivots…), for the user. */
  notices?: string[]
}

/** Longest token worth hashing; real ones are 43 characters. */
const MAX_TOKEN_CHARS = 256

/** Workbooks whose live sheet ids are kept in memory; the least recently read go first. */
const CACHED_SHEET_LISTS = 10_000

/**
 * How the nodes of a deployment tell each other that a workbook's sheet records changed, so
 * none keeps using a stale list (`RedisCluster`); absent on a single node.
 */
export interface SheetChangeFanout {
  publishSheetsChanged(workbookId: string): void
  onSheetsChanged(listener: (workbookId: string) => void): void
  /** After a lost connection: whatever was published meanwhile never arrived. */
  onReconnect(listener: () => void): void
}

/** Creating workbooks, deciding what a token may do in one, and which sheets it has. */
export class WorkbookService {
  /** Live sheet ids per workbook, as last read from the store (see `sheetIds`). */
  private readonly sheetLists = new Map<string, Promise<ReadonlySet<string>>>()

  constructor(
    private readonly store: Store,
    private readonly fanout?: SheetChangeFanout,
  ) {
    fanout?.onSheetsChanged((workbookId) => this.sheetLists.delete(workbookId))
    fanout?.onReconnect(() => this.sheetLists.clear())
  }

  /** Creates a workbook with one empty sheet, stored atomically before it is returned. */
  async create(title: string): Promise<CreatedWorkbook> {
    const id = crypto.randomBytes(12).toString('base64url')
    const token = newCapabilityToken()
    const wbDoc = new Y.Doc()
    const sheet = initWorkbook(wbDoc, title, newSheetId())
    const sheetDoc = new Y.Doc()
    initSheet(sheetDoc)
    await this.store.createWorkbook(
      { id, ownerTokenHash: hashToken(token), createdAt: Date.now() },
      [
        { doc: workbookDocName(id), update: Y.encodeStateAsUpdate(wbDoc) },
        { doc: sheetDocName(id, sheet.id), update: Y.encodeStateAsUpdate(sheetDoc) },
      ],
      [sheet.id],
    )
    wbDoc.destroy()
    sheetDoc.destroy()
    return { id, title, sheets: [sheet], token }
  }

  /**
   * Creates a workbook from documents built elsewhere (an import, built in a worker): the
   * workbook document and every sheet document it lists are stored in one transaction, so a
   * workbook is either complete or absent.
   */
  async createFrom(content: WorkbookContent): Promise<CreatedWorkbook> {
    const id = crypto.randomBytes(12).toString('base64url')
    const token = newCapabilityToken()
    await this.store.createWorkbook(
      { id, ownerTokenHash: hashToken(token), createdAt: Date.now() },
      [
        { doc: workbookDocName(id), update: content.workbookUpdate },
        ...content.sheetUpdates.map((s) => ({ doc: sheetDocName(id, s.id), update: s.update })),
      ],
      content.sheets.map((s) => s.id),
    )
    return { id, title: content.title, sheets: content.sheets, token }
  }

  /**
   * The live sheets of a workbook according to its records — the only authority on which
   * sheets a workbook has; never the workbook document, which editors can write. Cached in
   * memory: `sheetsChanged` drops the entry on every node, and `hasSheet` re-reads the store
   * on a miss, so a sheet added on another node is found at once.
   */
  sheetIds(workbookId: string): Promise<ReadonlySet<string>> {
    let list = this.sheetLists.get(workbookId)
    if (list) {
      // Re-inserted: a Map iterates in insertion order, so the oldest read is evicted first.
      this.sheetLists.delete(workbookId)
      this.sheetLists.set(workbookId, list)
      return list
    }
    list = this.store
      .listSheets(workbookId)
      .then((records) => new Set(records.filter((r) => r.deletedAt === null).map((r) => r.sheetId)))
    this.sheetLists.set(workbookId, list)
    list.catch(() => {
      if (this.sheetLists.get(workbookId) === list) this.sheetLists.delete(workbookId)
    })
    for (const oldest of this.sheetLists.keys()) {
      if (this.sheetLists.size <= CACHED_SHEET_LISTS) break
      this.sheetLists.delete(oldest)
    }
    return list
  }

  /** True when `sheetId` is a live sheet of `workbookId` by its records. */
  async hasSheet(workbookId: string, sheetId: string): Promise<boolean> {
    if ((await this.sheetIds(workbookId)).has(sheetId)) return true
    // Maybe added since the list was read, here or on another node: ask the store again.
    this.sheetLists.delete(workbookId)
    return (await this.sheetIds(workbookId)).has(sheetId)
  }

  /** Call after changing a workbook's sheet records: every node forgets its cached list. */
  sheetsChanged(workbookId: string): void {
    this.sheetLists.delete(workbookId)
    this.fanout?.publishSheetsChanged(workbookId)
  }

  async exists(id: string): Promise<boolean> {
    return (await this.store.getWorkbook(id)) !== null
  }

  /**
   * What `token` may do in workbook `workbookId`: the owner's token grants `owner`, a share
   * link's token the link's role until it is revoked, anything else nothing.
   *
   * Hashes are compared in constant time. A link is looked up by its token's hash (an index
   * lookup); timing can at most tell an attacker about a SHA-256 digest, never the token.
   */
  async authorize(workbookId: string, token: string | undefined): Promise<Access> {
    const record = await this.store.getWorkbook(workbookId)
    if (!record) return { granted: false, code: ERROR_CODES.NOT_FOUND }
    if (token === undefined || token === '') {
      return { granted: false, code: ERROR_CODES.UNAUTHORIZED }
    }
    if (token.length > MAX_TOKEN_CHARS) return { granted: false, code: ERROR_CODES.FORBIDDEN }
    const hash = hashToken(token)
    if (sameTokenHash(hash, record.ownerTokenHash)) {
      return { granted: true, role: 'owner', linkId: null }
    }
    const link = await this.store.findLinkByTokenHash(hash)
    if (
      link &&
      link.workbookId === workbookId &&
      link.revokedAt === null &&
      sameTokenHash(hash, link.tokenHash)
    ) {
      return { granted: true, role: link.role, linkId: link.id }
    }
    return { granted: false, code: ERROR_CODES.FORBIDDEN }
  }

  /** The role a token grants in a workbook, or null when it grants none (or no such workbook). */
  async roleFor(workbookId: string, token: string | undefined): Promise<Role | null> {
    const access = await this.authorize(workbookId, token)
    return access.granted ? access.role : null
  }
}
