import fs from 'node:fs'
import type * as Y from 'yjs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ensureSheetSize } from '@cellmate/model'
import { openCellmateSheet } from '../clients/cellmateClient.js'
import type { RoomRef } from '../systems/roomRef.js'
import { withTimeout } from '../timing/deadline.js'

/** A room on the Cellmate server (the only system with a web app). */
export type CellmateRoom = Extract<RoomRef, { system: 'cellmate' }>

/** Rows appended per transaction: 100,000 row ids encode to well under the 2 MB update limit. */
const ROW_CHUNK = 100_000

/** Debian's Chromium, or `CHROMIUM_PATH`; null (with the reason) when there is none. */
export function chromiumPath(): { path: string } | { missing: string } {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  return fs.existsSync(path)
    ? { path }
    : { missing: `no Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)` }
}

/** Starts Chromium headless as the bench drives it (no sandbox: the bench runs as root). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
}

/** The editor of a room's sheet, with the owner's token in the fragment as a share link has it. */
export function pageUrl(room: CellmateRoom): string {
  return `${room.url}/w/${room.workbookId}/${room.sheetId}#token=${room.token}`
}

/** The grid cell at an A1 address. */
export const gridCell = (page: Page, address: string) =>
  page.locator(`[role="gridcell"][data-address="${address}"]`)

/** Opens a sheet document from Node with the SDK, for seeding shapes `seedCells` cannot make. */
export async function withSheet(room: CellmateRoom, fn: (doc: Y.Doc) => void): Promise<void> {
  const { doc, provider, synced } = await openCellmateSheet(room, 60_000, 'seeding join')
  try {
    fn(doc)
    await withTimeout(synced.flushed(), 120_000, 'seeding ack')
  } finally {
    provider.destroy()
    doc.destroy()
  }
}

/** Grows a sheet to `rows` x `cols`, `ROW_CHUNK` rows per transaction (one update each). */
export function growSheet(doc: Y.Doc, rows: number, cols: number): void {
  for (let n = ROW_CHUNK; n < rows + ROW_CHUNK; n += ROW_CHUNK) {
    ensureSheetSize(doc, { rows: Math.min(n, rows), cols })
  }
}
