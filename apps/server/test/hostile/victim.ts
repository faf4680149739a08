import type * as Y from 'yjs'
import type { SyncProvider, SyncedDoc } from '@cellmate/client'
import { SheetLayout, parseA1, setCells, sheetTypes, type CellEdit } from '@cellmate/model'
import { waitUntil } from '../support/testServer.js'

const DEFAULT_AFTER = { online: 'C3', offline: 'D4' }

/**
 * A real user: `@cellmate/client` on the sheet, editing by A1 address through `@cellmate/model`.
 * Edits made before a `flushed()` that resolved without a refusal are acknowledged.
 */
export class Victim {
  readonly layout: SheetLayout
  /** `rowId:colId` -> value of every edit the server acknowledged. */
  readonly acknowledged = new Map<string, string>()
  /** Refusals the server sent for this victim's own edits. */
  readonly refusals: string[] = []
  label = 'the victim'
  private unacknowledged = new Map<string, string>()

  constructor(
    readonly provider: SyncProvider,
    readonly sheet: SyncedDoc,
    readonly doc: Y.Doc,
    /** The session secret its ids are bound to. */
    readonly clientKey: string,
  ) {
    this.layout = new SheetLayout(doc)
    provider.on('error', (_doc, e) => this.refusals.push(`${e.code}: ${e.message}`))
  }

  get clientId(): number {
    return this.doc.clientID
  }

  /** Writes cells by A1 address in one transaction (one update). */
  edit(cells: Record<string, string>): void {
    const edits: CellEdit[] = Object.entries(cells).map(([address, value]) => {
      const pos = parseA1(address)!
      const rowId = this.layout.rowId(pos.row)
      const colId = this.layout.colId(pos.col)
      if (!rowId || !colId) throw new Error(`${address} is outside the sheet`)
      return { rowId, colId, value }
    })
    setCells(this.doc, edits)
    for (const e of edits) this.unacknowledged.set(`${e.rowId}:${e.colId}`, e.value)
  }

  /** Waits until every edit so far is acknowledged by the server. */
  async flushed(): Promise<void> {
    await this.provider.flushed()
    for (const [key, value] of this.unacknowledged) {
      if (value === '') this.acknowledged.delete(key)
      else this.acknowledged.set(key, value)
    }
    this.unacknowledged = new Map()
  }

  async offline(): Promise<void> {
    this.provider.disconnect()
    await waitUntil(() => this.provider.status.connection === 'offline')
  }

  async online(): Promise<void> {
    this.provider.connect()
    await waitUntil(() => this.sheet.online)
  }

  /** Keeps working after an attack: an edit online, then one made offline and a reconnect. */
  async keepsWorking(
    tag: string,
    cells: { online: string; offline: string } = DEFAULT_AFTER,
  ): Promise<void> {
    this.edit({ [cells.online]: `${tag}: online` })
    await this.flushed()
    await this.offline()
    this.edit({ [cells.offline]: `${tag}: offline` })
    await this.online()
    await this.flushed()
  }

  /** Announces a presence, as the web app does when a user opens a sheet. */
  announce(name: string): void {
    this.sheet.awareness.setLocalStateField('user', { name })
  }

  rawCells(): Record<string, unknown> {
    return sheetTypes(this.doc).cells.toJSON()
  }
}
