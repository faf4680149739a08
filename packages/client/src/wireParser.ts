import { Decoder, Encoder, type Packet } from 'socket.io-parser'
import { flatBinaryParts, readFlatBinary } from './flatPacket.js'
import { UPDATE_FRAME, decodeUpdateFrame, encodeUpdateFrame } from './updateFrame.js'

/** Attachments one packet may carry (Socket.IO's decoder default, which it enforces too). */
const MAX_ATTACHMENTS = 10

const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder('utf-8', { fatal: true })

/** The packet text's prefix naming its attachments: a binary event (5) or ack (6), `N-`. */
const BINARY_PREFIX = /^[56](\d{1,2})-/

class WireError extends Error {
  override name = 'WireError'
}

/** One frame of the packet text and its attachments, each preceded by its length. */
function frame(text: string, attachments: ReadonlyArray<Uint8Array | ArrayBuffer>): Uint8Array {
  const parts = [textEncoder.encode(text), ...attachments.map(bytesOf)]
  let size = 0
  for (const p of parts) size += 4 + p.byteLength
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  let at = 0
  for (const p of parts) {
    view.setUint32(at, p.byteLength)
    out.set(p, at + 4)
    at += 4 + p.byteLength
  }
  return out
}

/**
 * The packet text and attachments of a frame (views into it), or a WireError: more than
 * `MAX_ATTACHMENTS` parts are refused before they are sliced.
 */
function unframe(data: Uint8Array): { text: string; attachments: Uint8Array[] } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const parts: Uint8Array[] = []
  let at = 0
  while (at < data.byteLength) {
    if (parts.length > MAX_ATTACHMENTS) throw new WireError('too many attachments')
    if (at + 4 > data.byteLength) throw new WireError('truncated frame')
    const len = view.getUint32(at)
    if (len > data.byteLength - at - 4) throw new WireError('truncated frame')
    parts.push(data.subarray(at + 4, at + 4 + len))
    at += 4 + len
  }
  const [head, ...attachments] = parts
  if (!head) throw new WireError('empty frame')
  return { text: textDecoder.decode(head), attachments }
}

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data)
}

function binaryOf(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return null
}

/**
 * Socket.IO's encoder, with a binary packet's text and attachments put in one frame. An event
 * carrying `{ doc, update }` (every update and awareness update) is an update frame, without
 * packet text (`updateFrame.ts`); another flat packet (a join's answer) skips Socket.IO's
 * generic walks for the same text (`flatPacket.ts`).
 */
class OneFrameEncoder extends Encoder {
  override encode(packet: Packet): Array<string | Uint8Array> {
    const update = encodeUpdateFrame(packet)
    if (update) return [update]
    const flat = flatBinaryParts(packet)
    if (flat) return [frame(flat.text, flat.attachments)]
    const [text, ...attachments] = super.encode(packet) as [
      string,
      ...Array<Uint8Array | ArrayBuffer>,
    ]
    return attachments.length === 0 ? [text] : [frame(text, attachments)]
  }
}

/**
 * Socket.IO's decoder for text frames without attachments, for update frames (read by
 * `decodeUpdateFrame`, which refuses any that is not well formed) and for `OneFrameEncoder`'s
 * other binary frames, whose parts it hands to the same decoder — but a flat one (a join's
 * answer), which is read in one shallow pass into the packet that decoder would emit
 * (`flatPacket.ts`). A text frame announcing attachments (the default parser's two-frame form)
 * is refused: nothing may sit half-decoded between frames.
 */
class OneFrameDecoder extends Decoder {
  override add(data: unknown): void {
    if (typeof data === 'string') {
      if (data.startsWith('5') || data.startsWith('6')) {
        throw new WireError('attachments come in the same frame as their packet')
      }
      super.add(data)
      return
    }
    const bytes = binaryOf(data)
    if (!bytes) throw new WireError('unknown frame')
    if (bytes[0] === UPDATE_FRAME) {
      const packet = decodeUpdateFrame(bytes)
      if (typeof packet === 'string') throw new WireError(packet)
      this.emitReserved('decoded', packet)
      return
    }
    const { text, attachments } = unframe(bytes)
    const announced = BINARY_PREFIX.exec(text)
    if (!announced || Number(announced[1]) !== attachments.length) {
      throw new WireError('a binary frame must hold a binary packet and exactly its attachments')
    }
    const flat = readFlatBinary(text, attachments)
    if (flat) {
      this.emitReserved('decoded', flat)
      return
    }
    try {
      super.add(text)
      for (const a of attachments) super.add(a)
    } catch (err) {
      this.destroy()
      throw err
    }
  }
}

/**
 * Cellmate's Socket.IO parser: Socket.IO's own packets, but one carrying binary data (an
 * update, an awareness update, a join's state) travels as **one** binary WebSocket frame
 * instead of a text frame announcing its attachments followed by a frame per attachment. Each
 * frame is read and dispatched on its own at both ends, and engine.io writes a frame (and any
 * ack queued behind it) only once the previous write is done, so the second frame cost every
 * update a turn at each end (apps/server/README.md, "The update path").
 *
 * An event carrying `{ doc, update }` is an update frame (`updateFrame.ts`: the namespace, ack
 * id, event name and document id as bytes, then the update). Any other binary packet's frame
 * holds the packet's usual text (`51-/sync,12["join",{…"_placeholder":true…}]`) and its
 * attachments, each preceded by its length (4 bytes, big-endian). Packets without binary data
 * stay one text frame. Decoding hands the same pieces to Socket.IO's decoder, so every check it
 * makes (packet types, event names, ack ids, placeholder indexes, at most 10 attachments) still
 * applies; a frame not exactly of this layout is refused, which closes the connection as any
 * undecodable packet does. Server and clients must use it together:
 * `new Server(http, { parser: wireParser })`, `io(url, { parser: wireParser })`.
 */
export const wireParser = { Encoder: OneFrameEncoder, Decoder: OneFrameDecoder }

/** Socket.IO's packet types, for code that reads or writes the packets `wireParser` carries. */
export { PacketType } from 'socket.io-parser'
