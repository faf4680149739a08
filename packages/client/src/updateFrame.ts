import { PacketType, type Packet } from 'socket.io-parser'
import { RESERVED_EVENTS } from './flatPacket.js'

/**
 * The frame of the message Cellmate sends most: an event whose data is `[name, { doc, update }]`
 * (an update and its ack id on the way in, the room's update on the way out, awareness both
 * ways), written as bytes with no packet text. `wireParser`'s general frame holds Socket.IO's
 * packet text (JSON) and the update after it, so each end paid a `JSON.stringify` and a UTF-8
 * encoding, or a UTF-8 decoding, a pattern match and a `JSON.parse`, for a name and a document
 * id; on a server idle between edits that was ~60 µs an encode and ~70 µs a decode (the code
 * runs cold, apps/server/README.md, "The update frame"), and an edit is encoded twice and
 * decoded once by the server and once by every receiver.
 *
 * Layout (integers big-endian):
 *
 *     0xCB  flags  nsp-length nsp  [ack id: u32]  name-length name  doc-length: u16 doc  update…
 *
 * `flags` is 1 when an ack id follows, else 0. The namespace, the event name and the document
 * id are printable ASCII (0x20–0x7E), the namespace starting with `/` and holding no comma (as
 * in Socket.IO's packet text, where a comma ends it); the update is the rest of the frame. A
 * `wireParser` frame of the general layout starts with its packet text's length, whose first
 * byte is 0 for any text under 16 MiB, so the two never meet.
 */
export const UPDATE_FRAME = 0xcb

const MAX_ACK_ID = 0xffffffff

/** A namespace Socket.IO's packet text can carry: from its `/` up to the comma ending it. */
function isNamespace(nsp: string): boolean {
  return nsp.startsWith('/') && !nsp.includes(',')
}

/** Whether every character of `s` is printable ASCII and there are at most `max` of them. */
function isShortAscii(s: string, max: number): boolean {
  if (s.length > max) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return false
  }
  return true
}

/**
 * The update frame of `packet`, or null when it is not an event of exactly that shape (a name,
 * then an object whose own keys are `doc`, a string, and `update`, bytes) or something in it
 * does not fit the layout; `wireParser` encodes those as before.
 */
export function encodeUpdateFrame(packet: Packet): Uint8Array | null {
  if (packet.type !== PacketType.EVENT || !Array.isArray(packet.data)) return null
  if (packet.data.length !== 2) return null
  const [name, body] = packet.data as [unknown, unknown]
  if (typeof name !== 'string' || name.length === 0 || RESERVED_EVENTS.has(name)) return null
  if (typeof body !== 'object' || body === null) return null
  const proto: unknown = Object.getPrototypeOf(body)
  if (proto !== Object.prototype && proto !== null) return null
  const keys = Object.keys(body)
  if (keys.length !== 2) return null
  const { doc, update } = body as { doc?: unknown; update?: unknown }
  if (typeof doc !== 'string') return null
  const bytes =
    update instanceof Uint8Array
      ? update
      : update instanceof ArrayBuffer
        ? new Uint8Array(update)
        : null
  if (!bytes) return null
  const nsp = packet.nsp || '/'
  const id = packet.id
  const hasId = id !== undefined
  if (hasId && !(Number.isInteger(id) && id >= 0 && id <= MAX_ACK_ID)) return null
  if (!isNamespace(nsp) || !isShortAscii(nsp, 255) || !isShortAscii(name, 255)) return null
  if (!isShortAscii(doc, 0xffff)) return null

  const size = 3 + nsp.length + (hasId ? 4 : 0) + 1 + name.length + 2 + doc.length
  const out = new Uint8Array(size + bytes.byteLength)
  let at = 0
  out[at++] = UPDATE_FRAME
  out[at++] = hasId ? 1 : 0
  at = putShort(out, at, nsp, 1)
  if (hasId) {
    out[at++] = id >>> 24
    out[at++] = (id >>> 16) & 0xff
    out[at++] = (id >>> 8) & 0xff
    out[at++] = id & 0xff
  }
  at = putShort(out, at, name, 1)
  at = putShort(out, at, doc, 2)
  out.set(bytes, at)
  return out
}

/** Writes `s` (ASCII) after its length in `lengthBytes` bytes; returns the offset after it. */
function putShort(out: Uint8Array, at: number, s: string, lengthBytes: 1 | 2): number {
  if (lengthBytes === 2) out[at++] = s.length >> 8
  out[at++] = s.length & 0xff
  for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i)
  return at
}

/**
 * The packet an update frame holds (the update a view into `bytes`), or the reason it is not a
 * well-formed one: a length past the end, a flag not defined, a character outside printable
 * ASCII, a namespace not starting with `/` or holding a comma, an empty or reserved event name.
 */
export function decodeUpdateFrame(bytes: Uint8Array): Packet | string {
  const end = bytes.byteLength
  if (end < 2 || bytes[0] !== UPDATE_FRAME) return 'not an update frame'
  const flags = bytes[1] as number
  if (flags > 1) return 'unknown flags'
  let at = 2
  const nsp = readShort(bytes, at, 1)
  if (nsp === null || !isNamespace(nsp.text)) return 'bad namespace'
  at = nsp.next
  let id: number | undefined
  if (flags === 1) {
    if (at + 4 > end) return 'truncated ack id'
    id =
      (bytes[at] as number) * 0x1000000 +
      (((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number))
    at += 4
  }
  const name = readShort(bytes, at, 1)
  if (name === null || name.text.length === 0 || RESERVED_EVENTS.has(name.text)) {
    return 'bad event name'
  }
  at = name.next
  const doc = readShort(bytes, at, 2)
  if (doc === null) return 'bad document name'
  const packet: Packet = {
    type: PacketType.EVENT,
    nsp: nsp.text,
    data: [name.text, { doc: doc.text, update: bytes.subarray(doc.next) }],
  }
  if (id !== undefined) packet.id = id
  return packet
}

/** The ASCII string after its length at `at`, and the offset after it; null if malformed. */
function readShort(
  bytes: Uint8Array,
  at: number,
  lengthBytes: 1 | 2,
): { text: string; next: number } | null {
  if (at + lengthBytes > bytes.byteLength) return null
  let length = bytes[at++] as number
  if (lengthBytes === 2) length = (length << 8) | (bytes[at++] as number)
  const next = at + length
  if (next > bytes.byteLength) return null
  let text = ''
  for (let i = at; i < next; i++) {
    const c = bytes[i] as number
    if (c < 0x20 || c > 0x7e) return null
    text += String.fromCharCode(c)
  }
  return { text, next }
}
