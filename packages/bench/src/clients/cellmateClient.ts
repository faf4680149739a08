import * as Y from 'yjs'
import { SyncProvider, type SyncedDoc } from '@cellmate/client'
import { sheetDocName } from '@cellmate/model'
import { withTimeout } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import { YSheetClient } from './ySheetClient.js'

/** A sheet of `room` opened by the SDK, over WebSocket, as a bot (no presence), synced. */
export async function openCellmateSheet(
  room: Extract<RoomRef, { system: 'cellmate' }>,
  timeoutMs: number,
  what: string,
): Promise<{ doc: Y.Doc; provider: SyncProvider; synced: SyncedDoc }> {
  const provider = new SyncProvider({
    url: room.url,
    workbookId: room.workbookId,
    token: room.token,
    transports: ['websocket'],
  })
  const doc = new Y.Doc()
  const synced = provider.open(sheetDocName(room.workbookId, room.sheetId), doc)
  // A bot has no cursor: presence traffic would be measured as edit latency otherwise.
  synced.awareness.setLocalState(null)
  try {
    await withTimeout(synced.whenSynced(), timeoutMs, what)
  } catch (err) {
    provider.destroy()
    doc.destroy()
    throw err
  }
  return { doc, provider, synced }
}

/** A Cellmate user: `@cellmate/client`'s SyncProvider over WebSocket, one sheet open. */
export class CellmateClient extends YSheetClient {
  private constructor(
    doc: Y.Doc,
    private readonly provider: SyncProvider,
    private readonly synced: SyncedDoc,
  ) {
    super(doc)
  }

  static async open(
    room: Extract<RoomRef, { system: 'cellmate' }>,
    timeoutMs: number,
  ): Promise<CellmateClient> {
    const { doc, provider, synced } = await openCellmateSheet(room, timeoutMs, 'Cellmate join')
    return new CellmateClient(doc, provider, synced)
  }

  acked(): Promise<void> {
    return this.synced.flushed()
  }

  close(): void {
    this.layout.destroy()
    this.provider.destroy()
    this.doc.destroy()
  }
}
