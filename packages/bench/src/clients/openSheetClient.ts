import type { RoomRef } from '../systems/roomRef.js'
import { BroadcastClient } from './broadcastClient.js'
import { CellmateClient } from './cellmateClient.js'
import { HocuspocusClient } from './hocuspocusClient.js'
import type { SheetClient } from './sheetClient.js'
import { YWebsocketClient } from './yWebsocketClient.js'

/** Connects one user to `room` with the client of the room's system; resolves once synced. */
export function openSheetClient(room: RoomRef, timeoutMs: number): Promise<SheetClient> {
  switch (room.system) {
    case 'cellmate':
      return CellmateClient.open(room, timeoutMs)
    case 'y-websocket':
      return YWebsocketClient.open(room, timeoutMs)
    case 'broadcast':
      return BroadcastClient.open(room, timeoutMs)
    case 'hocuspocus':
    case 'hocuspocus-db':
      return HocuspocusClient.open(room, timeoutMs)
  }
}
