import { openSheetClient } from '../clients/openSheetClient.js'
import type { CellWrite } from '../clients/sheetClient.js'
import type { RoomRef } from '../systems/roomRef.js'
import { withTimeout } from '../timing/deadline.js'

/** Columns of seeded blocks: 25 (A..Y), so a 1,000,000-cell sheet is 40,000 rows deep. */
export const SEED_COLS = 25
/** Cells per paste: one Cellmate update stays well under its 2 MB limit. */
export const CHUNK_CELLS = 25_000

/** `count` cells of a block `SEED_COLS` wide from the top-left, row-major, valued by `value`. */
export function blockCells(
  first: number,
  count: number,
  value: (i: number) => string,
): CellWrite[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k
    return { row: Math.floor(i / SEED_COLS), col: i % SEED_COLS, value: value(i) }
  })
}

/** Fills a room with `cells` distinct values through one ordinary client, in pastes. */
export async function seedCells(room: RoomRef, cells: number, tag: string): Promise<void> {
  const client = await openSheetClient(room, 30_000)
  try {
    client.ensureRows(Math.ceil(cells / SEED_COLS))
    for (let first = 0; first < cells; first += CHUNK_CELLS) {
      client.paste(blockCells(first, Math.min(CHUNK_CELLS, cells - first), (i) => `${tag}${i}`))
      await withTimeout(client.acked(), 60_000, 'seed ack')
    }
  } finally {
    client.close()
  }
}
