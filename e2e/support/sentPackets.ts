import type { Page } from '@playwright/test'
import { wireParser } from '@cellmate/client/wire'

/** A Socket.IO event a page sent: its name and its first argument. */
export interface SentEvent {
  event: string
  body: unknown
}

/**
 * The events a page's WebSockets send, in order, read with the parser the app itself speaks
 * (`@cellmate/client/wire`: update frames, binary packets in one frame, text packets after
 * engine.io's `4`), so a test sees what the server sees whatever the frame layout. A frame the
 * parser refuses is recorded as the event `<undecodable>`.
 */
export function recordSentEvents(page: Page): SentEvent[] {
  const sent: SentEvent[] = []
  const decoder = new wireParser.Decoder()
  decoder.on('decoded', (packet: { data?: unknown }) => {
    if (!Array.isArray(packet.data) || typeof packet.data[0] !== 'string') return
    sent.push({ event: packet.data[0], body: packet.data[1] })
  })
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      try {
        if (typeof payload !== 'string') decoder.add(payload)
        else if (payload.startsWith('4')) decoder.add(payload.slice(1))
      } catch {
        sent.push({ event: '<undecodable>', body: payload })
      }
    }),
  )
  return sent
}
