import type { ServerSystemName } from '../report/benchResults.js'
import type { BenchSystem } from './benchSystem.js'
import { BroadcastSystem } from './broadcastSystem.js'
import { CellmateSystem } from './cellmateSystem.js'
import { HocuspocusSystem } from './hocuspocusSystem.js'
import { YWebsocketSystem } from './yWebsocketSystem.js'

/** A stopped system on a free port; call `start()`. */
export function createSystem(name: ServerSystemName): Promise<BenchSystem> {
  switch (name) {
    case 'cellmate':
      return CellmateSystem.create()
    case 'y-websocket':
      return YWebsocketSystem.create()
    case 'broadcast':
      return BroadcastSystem.create()
    case 'hocuspocus':
    case 'hocuspocus-db':
      return HocuspocusSystem.create(name)
  }
}
