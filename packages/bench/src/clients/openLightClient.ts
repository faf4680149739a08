import type { RoomRef } from '../systems/roomRef.js'
import { BroadcastClient } from './broadcastClient.js'
import { CellmateLightClient } from './cellmateLightClient.js'
import { HocuspocusLightClient } from './hocuspocusLightClient.js'
import { asLightClient, type LightClient } from './lightClient.js'
import { YWebsocketLightClient } from './yWebsocketLightClient.js'

/** Connects one light user to `room` (see `LightClient`); resolves once joined. */
export async function openLightClient(room: RoomRef, timeoutMs: number): Promise<LightClient> {
  switch (room.system) {
    case 'cellmate':
      return CellmateLightClient.open(room, timeoutMs)
    case 'y-websocket':
      return YWebsocketLightClient.open(room, timeoutMs)
    case 'broadcast':
      return asLightClient(await BroadcastClient.open(room, timeoutMs))
    case 'hocuspocus':
    case 'hocuspocus-db':
      return HocuspocusLightClient.open(room, timeoutMs)
  }
}
