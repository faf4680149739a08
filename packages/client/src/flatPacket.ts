import { PacketType, type Packet } from 'socket.io-parser'

/**
 * Socket.IO's parser, for the packets Cellmate sends most, without its generic walks.
 *
 * Every update, awareness update and join ack is flat: an array of primitives, binaries and
 * plain objects whose values are primitives or binaries. Socket.IO's encoder walks any packet
 * twice (does it hold binary data? then a copy with placeholders) and its decoder walks it once
 * more to put the attachments back; on a machine idle between edits, as a sheet's editors leave
 * it, each end spent ~0.1–0.15 ms on one 60-byte update (apps/server/README.md, "Socket.IO on
 * the update path"). These functions do the same for flat packets with one shallow
 * pass and hand anything else back (null) to Socket.IO's own code: the text and attachments
 * they make are the ones Socket.IO's encoder makes, and a packet they read is the one its
 * decoder would emit (`flatPacket.test.ts` checks both against it).
 */

/** What Socket.IO's encoder finds binary and Cellmate sends: bytes (Node's Buffers too). */
type Binary = Uint8Array | ArrayBuffer

/** A binary packet's text and its attachments, in placeholder order. */
export interface FlatParts {
  text: string
  attachments: Binary[]
}

interface Placeholder {
  _placeholder: true
  num: number
}

const hasOwn = Object.prototype.hasOwnProperty

function isBinary(v: unknown): v is Binary {
  return v instanceof Uint8Array || v instanceof ArrayBuffer
}

/** A value JSON writes as itself and no walk looks into. */
function isScalar(v: unknown): boolean {
  const type = typeof v
  return (
    v === null ||
    type === 'undefined' ||
    type === 'string' ||
    type === 'number' ||
    type === 'boolean'
  )
}

/** An object literal (or JSON's), whose own keys are all a walk would look at. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * The parts Socket.IO's encoder makes of an event or ack whose data is flat and holds at least
 * one binary; null for any other packet (its own encoder handles those). Placeholders are
 * numbered in the order its walk meets them: items in order, an object's own keys in `for…in`
 * order.
 */
export function flatBinaryParts(packet: Packet): FlatParts | null {
  if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) return null
  if (!Array.isArray(packet.data)) return null
  const attachments: Binary[] = []
  const placeholder = (b: Binary): Placeholder => {
    attachments.push(b)
    return { _placeholder: true, num: attachments.length - 1 }
  }
  const data: unknown[] = []
  for (const item of packet.data as unknown[]) {
    if (isBinary(item)) data.push(placeholder(item))
    else if (isScalar(item)) data.push(item)
    else if (isPlainObject(item)) {
      const copy: Record<string, unknown> = {}
      for (const key in item) {
        if (!hasOwn.call(item, key)) continue
        const v = item[key]
        // `copy.__proto__ = …` would set the copy's prototype, not a key: leave it to Socket.IO.
        if (key === '__proto__') return null
        if (isBinary(v)) copy[key] = placeholder(v)
        else if (isScalar(v)) copy[key] = v
        else return null
      }
      data.push(copy)
    } else return null
  }
  if (attachments.length === 0) return null
  const type = packet.type === PacketType.EVENT ? PacketType.BINARY_EVENT : PacketType.BINARY_ACK
  const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : ''
  const id = packet.id ?? ''
  return { text: `${type}${attachments.length}-${nsp}${id}${JSON.stringify(data)}`, attachments }
}

/** Event names Socket.IO's decoder refuses (its `RESERVED_EVENTS`). */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
])

/**
 * A binary packet's text in the one layout read here: type (5 event, 6 ack), attachments, `-`,
 * a namespace and its comma, an id, then the JSON array. Anything else, however valid, is left
 * to Socket.IO's decoder.
 */
const FLAT_TEXT = /^([56])([1-9]|10)-(\/[^,[]*),(\d{0,15})\[/

/** The attachment a placeholder names; null for a value that is no placeholder, -1 for a bad one. */
function placeholderIndex(v: unknown, count: number): number | null {
  if (typeof v !== 'object' || v === null || (v as Placeholder)._placeholder !== true) return null
  const num = (v as Placeholder).num
  return Number.isInteger(num) && num >= 0 && num < count ? num : -1
}

/**
 * The packet Socket.IO's decoder emits for a binary packet's `text` and `attachments`, when the
 * text is in `FLAT_TEXT`'s layout, its data is a valid event or ack payload and flat (as
 * `flatBinaryParts` writes it) and every placeholder names an attachment. Null otherwise: the
 * caller hands the text to Socket.IO's decoder, which decodes it or refuses it with its own
 * error. A text announcing more or fewer attachments than given is handed back too.
 */
export function readFlatBinary(text: string, attachments: readonly Uint8Array[]): Packet | null {
  const head = FLAT_TEXT.exec(text)
  // Socket.IO's decoder waits for as many attachments as the text announces.
  if (!head || Number(head[2]) !== attachments.length) return null
  let data: unknown
  try {
    data = JSON.parse(text.slice(head[0].length - 1))
  } catch {
    return null
  }
  if (!Array.isArray(data)) return null
  const isEvent = head[1] === '5'
  const name: unknown = data[0]
  if (
    isEvent &&
    typeof name !== 'number' &&
    (typeof name !== 'string' || RESERVED_EVENTS.has(name))
  ) {
    return null
  }
  const count = attachments.length
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i]
    const num = placeholderIndex(item, count)
    if (num === -1) return null
    if (num !== null) {
      data[i] = attachments[num]
      continue
    }
    if (isScalar(item)) continue
    if (!isPlainObject(item)) return null
    for (const key of Object.keys(item)) {
      if (key === '__proto__') return null
      const v = item[key]
      const at = placeholderIndex(v, count)
      if (at === -1) return null
      if (at !== null) item[key] = attachments[at]
      else if (!isScalar(v)) return null
    }
  }
  const packet: Packet = {
    type: isEvent ? PacketType.EVENT : PacketType.ACK,
    nsp: head[3] as string,
    data,
  }
  if (head[4] !== '') packet.id = Number(head[4])
  return packet
}
