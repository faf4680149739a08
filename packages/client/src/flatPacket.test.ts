import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser'
import { flatBinaryParts, readFlatBinary } from './flatPacket.js'

/** The packet Socket.IO's own decoder emits for these parts, or the error it throws. */
function stockDecode(parts: Array<string | Uint8Array>): Packet | Error {
  const decoder = new Decoder()
  let out: Packet | Error = new Error('nothing decoded')
  decoder.on('decoded', (p: Packet) => (out = p))
  try {
    for (const part of parts) decoder.add(part)
  } catch (err) {
    return err as Error
  }
  return out
}

const bytes = fc.uint8Array({ maxLength: 12 }).map((b) => new Uint8Array(b))
const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
)
const key = fc.oneof(
  fc.constantFrom('doc', 'update', 'ok', 'more', '_placeholder', 'num', 'toJSON', '__proto__'),
  fc.string({ maxLength: 6 }),
)
/** Mostly flat values, now and then a nested one the flat path must hand back. */
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 3, arbitrary: bytes },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar, bytes), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(key, fc.oneof(scalar, bytes), { maxKeys: 2 }) },
)
const item = fc.oneof(
  { weight: 2, arbitrary: scalar },
  { weight: 2, arbitrary: bytes },
  { weight: 4, arbitrary: fc.dictionary(key, value, { maxKeys: 4 }) },
)
const packet: fc.Arbitrary<Packet> = fc
  .record(
    {
      type: fc.constantFrom(PacketType.EVENT, PacketType.ACK),
      nsp: fc.constantFrom('/', '/sync', '/a,b'),
      id: fc.oneof(fc.constant(undefined), fc.nat(), fc.constant(2 ** 40)),
      data: fc.tuple(
        fc.oneof(fc.constantFrom('update', 'awareness', 'connect'), fc.string(), fc.integer()),
        fc.array(item, { maxLength: 3 }),
      ),
    },
    { requiredKeys: ['type', 'nsp', 'data'] },
  )
  .map(({ data: [first, rest], ...p }) => ({ ...p, data: [first, ...rest] }))

/** Data the flat path should take: scalars, bytes, object literals of those (no `__proto__`). */
function isFlat(data: unknown[]): boolean {
  const leaf = (v: unknown) => v instanceof Uint8Array || v === null || typeof v !== 'object'
  return data.every(
    (item) =>
      leaf(item) ||
      (Object.getPrototypeOf(item) === Object.prototype &&
        !Object.hasOwn(item as object, '__proto__') &&
        Object.values(item as object).every(leaf)),
  )
}

describe('flatBinaryParts', () => {
  it("writes what Socket.IO's encoder writes for flat data, and hands back the rest", () => {
    let taken = 0
    fc.assert(
      fc.property(packet, (p) => {
        const stock = new Encoder().encode(p)
        const flat = flatBinaryParts(p)
        if (flat) {
          taken++
          expect([flat.text, ...flat.attachments]).toEqual(stock)
        } else {
          // A packet without binary data is one text, Socket.IO's to write.
          expect(stock.length > 1 && isFlat(p.data as unknown[])).toBe(false)
        }
      }),
      { numRuns: 2000 },
    )
    expect(taken).toBeGreaterThan(500)
  })

  it('takes the packets Cellmate sends most', () => {
    const update = new Uint8Array([1, 2, 3])
    expect(
      flatBinaryParts({
        type: PacketType.EVENT,
        nsp: '/sync',
        data: ['update', { doc: 'd', update }],
      })?.text,
    ).toBe('51-/sync,["update",{"doc":"d","update":{"_placeholder":true,"num":0}}]')
    const ack = { ok: true, update, stateVector: update, more: new Uint8Array(0), role: 'editor' }
    expect(flatBinaryParts({ type: PacketType.ACK, nsp: '/sync', id: 7, data: [ack] })?.text).toBe(
      '63-/sync,7[{"ok":true,"update":{"_placeholder":true,"num":0},' +
        '"stateVector":{"_placeholder":true,"num":1},"more":{"_placeholder":true,"num":2},' +
        '"role":"editor"}]',
    )
  })

  it('leaves class instances, dates and other views to Socket.IO', () => {
    for (const odd of [new Date(0), new Float32Array(2), new Map(), [new Uint8Array(1)]]) {
      const p = { type: PacketType.EVENT, nsp: '/', data: ['x', { a: new Uint8Array(1), odd }] }
      expect(flatBinaryParts(p)).toBeNull()
    }
  })
})

describe('readFlatBinary', () => {
  it("emits the packet Socket.IO's decoder emits for what its encoder wrote", () => {
    fc.assert(
      fc.property(packet, (p) => {
        const [text, ...attachments] = new Encoder().encode(p)
        if (attachments.length === 0) return
        const stock = stockDecode([text as string, ...(attachments as Uint8Array[])])
        const flat = readFlatBinary(text as string, attachments as Uint8Array[])
        if (flat) expect(flat).toEqual(stock)
      }),
      { numRuns: 2000 },
    )
  })

  it('reads what it reads exactly as Socket.IO does, and leaves it the rest, on altered texts', () => {
    const alter = fc.tuple(
      packet,
      fc.nat(),
      fc.constantFrom(...'[]{},-/0123456789":_ \\atrue'.split(''), '_placeholder', '"num":'),
      fc.constantFrom('insert', 'replace', 'delete'),
    )
    let read = 0
    fc.assert(
      fc.property(alter, ([p, at, piece, how]) => {
        const [text, ...attachments] = new Encoder().encode(p)
        if (attachments.length === 0 || typeof text !== 'string') return
        const i = at % text.length
        const cut = how === 'insert' ? i : i + 1
        const altered = text.slice(0, i) + (how === 'delete' ? '' : piece) + text.slice(cut)
        const flat = readFlatBinary(altered, attachments as Uint8Array[])
        if (!flat) return
        read++
        expect(flat).toEqual(stockDecode([altered, ...(attachments as Uint8Array[])]))
      }),
      { numRuns: 4000 },
    )
    // The alterations that keep a text valid are read too, not only refused.
    expect(read).toBeGreaterThan(100)
  })

  it('hands back placeholders naming no attachment, reserved names and other layouts', () => {
    const one = [new Uint8Array([1])]
    for (const text of [
      '51-/sync,1["update",{"u":{"_placeholder":true,"num":1}}]',
      '51-/sync,1["update",{"u":{"_placeholder":true,"num":0.5}}]',
      '51-/sync,1["connect",{"u":{"_placeholder":true,"num":0}}]',
      '51-/sync,1[{"_placeholder":true,"num":0}]',
      '51-1["update",{"u":{"_placeholder":true,"num":0}}]',
      '51-/sync,1["update",{"u":{"_placeholder":true,"num":0}}',
      '51-/sync,1["update",{"__proto__":{"_placeholder":true,"num":0}}]',
      '51-/sync,1["update",{"u":{"v":{"_placeholder":true,"num":0}}}]',
      // Socket.IO's decoder would wait for the seven announced attachments not given.
      '58-/sync,["",{"_placeholder":true,"num":0}]',
    ]) {
      expect(readFlatBinary(text, one), text).toBeNull()
    }
  })
})
