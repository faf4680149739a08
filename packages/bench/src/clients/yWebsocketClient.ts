import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { pollUntil } from '../timing/deadline.js'
import type { RoomRef } from '../systems/roomRef.js'
import { YSheetClient } from './ySheetClient.js'

const MESSAGE_SYNC = 0

/**
 * A y-websocket user: the reference `WebsocketProvider` (y-websocket@2) with the same sheet
 * schema as Cellmate, so the two Yjs systems differ only in transport and server.
 */
export class YWebsocketClient extends YSheetClient {
  /** Resolvers waiting for the server's reply to a sync step 1 we sent, oldest first. */
  private readonly stepTwoWaiters: Array<() => void> = []
  private readonly watched = new WeakSet<object>()

  private constructor(
    doc: Y.Doc,
    private readonly provider: WebsocketProvider,
  ) {
    super(doc)
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.watchSocket()
    })
    this.watchSocket()
  }

  static async open(
    room: Extract<RoomRef, { system: 'y-websocket' }>,
    timeoutMs: number,
  ): Promise<YWebsocketClient> {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(room.url.replace(/^http/, 'ws'), room.room, doc, {
      connect: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // Node has BroadcastChannel: clients in one worker would otherwise sync without the server.
      disableBc: true,
    })
    // A bot has no cursor: presence traffic would be measured as edit latency otherwise.
    provider.awareness.setLocalState(null)
    const client = new YWebsocketClient(doc, provider)
    provider.connect()
    if (!(await pollUntil(() => provider.synced, timeoutMs, 10))) {
      client.close()
      throw new Error(`y-websocket sync: not synced within ${timeoutMs} ms`)
    }
    return client
  }

  /**
   * y-websocket has no acknowledgement. The server handles one connection's messages in
   * order and answers a sync step 1 with a sync step 2, so when that answer to a step 1 sent
   * after our edits arrives, the server has applied them (in memory: it stores nothing).
   */
  acked(): Promise<void> {
    const ws = this.provider.ws
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('y-websocket is offline'))
    const done = new Promise<void>((resolve) => this.stepTwoWaiters.push(resolve))
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    ws.send(encoding.toUint8Array(encoder))
    return done
  }

  close(): void {
    this.layout.destroy()
    this.provider.destroy()
    this.doc.destroy()
  }

  private watchSocket(): void {
    const ws = this.provider.ws
    if (!ws || this.watched.has(ws)) return
    this.watched.add(ws)
    ws.addEventListener('message', (event: MessageEvent) => {
      if (this.stepTwoWaiters.length === 0) return
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer))
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return
      this.stepTwoWaiters.shift()?.()
    })
  }
}
