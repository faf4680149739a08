import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser'
import { UPDATE_FRAME, decodeUpdateFrame, encodeUpdateFrame } from './updateFrame.js'
import { wireParser } from './wireParser.js'
import { RESERVED_EVENTS } from './flatPacket.js'

/**
 * The packet a decoder makes of what an encoder makes of `packet`, or the error either throws;
 * Socket.IO's own pair (its default two-frame form) unless `parser` is given.
 */
function roundTrip(
  packet: Packet,
  parser: { Encoder: typeof Encoder; Decoder: typeof Decoder } = { Encoder, Decoder },
): Packet | Error {
  const decoder = new parser.Decoder()
  const out: Packet[] = []
  decoder.on('decoded', (p: Packet) => out.push(p))
  try {
    for (const part of new parser.Encoder().encode(packet)) decoder.add(part as string | Uint8Array)
  } catch (err) {
    return err as Error
  }
  return out.length === 1 ? (out[0] as Packet) : new Error(`${out.length} packets decoded`)
}

/** A packet as plain values: bytes (Buffers, views, ArrayBuffers) as their bytes. */
function plain(packet: Packet): unknown {
  return JSON.parse(
    JSON.stringify(packet, (_k, v: unknown) => {
      if (v instanceof Uint8Array) return { bytes: [...v] }
      if (v instanceof ArrayBuffer) return { bytes: [...new Uint8Array(v)] }
      return v
    }),
  ) as unknown
}

const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode) })
const anyText = fc.oneof(ascii, fc.string({ unit: 'binary' }), fc.string({ maxLength: 3 }))
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => new Uint8Array(b))

/** Events shaped like an update (and now and then not quite): what the encoder must sort out. */
const updateLike: fc.Arbitrary<Packet> = fc
  .record({
    nsp: fc.oneof(
      fc.constantFrom('/', '/sync', 'sync', '/s\u00e9', '/a,b'),
      ascii.map((s) => `/${s}`),
    ),
    id: fc.oneof(
      fc.constant(undefined),
      fc.nat(),
      fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 40),
    ),
    name: fc.oneof(fc.constantFrom('update', 'awareness', 'connect', 'disconnect', ''), anyText),
    doc: fc.oneof(ascii, anyText, fc.constant('x'.repeat(70_000))),
    update: fc.oneof(
      bytes,
      bytes.map((b) => b.slice().buffer),
    ),
    extra: fc.oneof(fc.constant(null), fc.constantFrom('more', 'doc2')),
    reversed: fc.boolean(),
  })
  .map(({ nsp, id, name, doc, update, extra, reversed }) => {
    const body: Record<string, unknown> = reversed ? { update, doc } : { doc, update }
    if (extra) body[extra] = 1
    const packet: Packet = { type: PacketType.EVENT, nsp, data: [name, body] }
    if (id !== undefined) packet.id = id
    return packet
  })

function eligible(p: Packet): boolean {
  const [name, body] = p.data as [string, Record<string, unknown>]
  const isAscii = (s: string, max: number): boolean =>
    s.length <= max && [...s].every((c) => c >= ' ' && c <= '~')
  return (
    Object.keys(body).length === 2 &&
    name !== '' &&
    !RESERVED_EVENTS.has(name) &&
    isAscii(name, 255) &&
    p.nsp.startsWith('/') &&
    !p.nsp.includes(',') &&
    isAscii(p.nsp, 255) &&
    isAscii(body.doc as string, 0xffff) &&
    (p.id === undefined || p.id <= 2 ** 32 - 1)
  )
}

describe('update frames', () => {
  it('encode exactly the events of the update shape that fit, and decode to what Socket.IO decodes', () => {
    fc.assert(
      fc.property(updateLike, (packet) => {
        const frame = encodeUpdateFrame(packet)
        expect(frame !== null).toBe(eligible(packet))
        if (!frame) return
        expect(frame[0]).toBe(UPDATE_FRAME)
        const decoded = decodeUpdateFrame(frame)
        expect(typeof decoded).not.toBe('string')
        expect(plain(decoded as Packet)).toEqual(plain(roundTrip(packet) as Packet))
      }),
      { numRuns: 3000 },
    )
  })

  it('leave wireParser decoding every event as Socket.IO does, and refusing what it refuses', () => {
    fc.assert(
      fc.property(updateLike, (packet) => {
        expect(new wireParser.Encoder().encode(packet)).toHaveLength(1)
        const ours = roundTrip(packet, wireParser)
        const stock = roundTrip(packet)
        if (stock instanceof Error) expect(ours).toBeInstanceOf(Error)
        else expect(plain(ours as Packet)).toEqual(plain(stock))
      }),
      { numRuns: 2000 },
    )
  })

  it('read any bytes after the marker without throwing, and only well-formed packets', () => {
    const valid = encodeUpdateFrame({
      type: PacketType.EVENT,
      nsp: '/sync',
      id: 7,
      data: ['update', { doc: 'sheet:a:b', update: new Uint8Array([1, 2, 3]) }],
    }) as Uint8Array
    const mutated = fc.oneof(
      // Truncations and single-byte changes of a valid frame.
      fc.nat({ max: valid.byteLength }).map((n) => valid.subarray(0, n)),
      fc
        .tuple(fc.nat({ max: valid.byteLength - 1 }), fc.integer({ min: 0, max: 255 }))
        .map(([i, b]) => {
          const copy = valid.slice()
          copy[i] = b
          return copy
        }),
      // Anything at all behind the marker.
      fc.uint8Array({ maxLength: 40 }).map((b) => new Uint8Array([UPDATE_FRAME, ...b])),
    )
    fc.assert(
      fc.property(mutated, (frame) => {
        const decoded = decodeUpdateFrame(frame)
        if (typeof decoded === 'string') return
        expect(decoded.type).toBe(PacketType.EVENT)
        expect(decoded.nsp).toMatch(/^\/[^,]*$/)
        const [name, body] = decoded.data as [string, { doc: string; update: Uint8Array }]
        expect(name).toMatch(/^[ -~]{1,255}$/)
        expect(['connect', 'disconnect']).not.toContain(name)
        expect(body.doc).toMatch(/^[ -~]*$/)
        expect(body.update).toBeInstanceOf(Uint8Array)
        // A well-formed frame is the encoding of what it decodes to.
        expect([...(encodeUpdateFrame(decoded) as Uint8Array)]).toEqual([...frame])
      }),
      { numRuns: 5000 },
    )
  })

  const frameOf = (...parts: number[]): Uint8Array => new Uint8Array(parts)
  const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))
  const refused: Array<[string, Uint8Array]> = [
    ['the marker alone', frameOf(UPDATE_FRAME)],
    ['an unknown flag', frameOf(UPDATE_FRAME, 2, 1, ...text('/'), 1, ...text('u'), 0, 0)],
    [
      'a namespace without its slash',
      frameOf(UPDATE_FRAME, 0, 1, ...text('s'), 1, ...text('u'), 0, 0),
    ],
    ['a truncated ack id', frameOf(UPDATE_FRAME, 1, 1, ...text('/'), 0, 0)],
    ['an empty event name', frameOf(UPDATE_FRAME, 0, 1, ...text('/'), 0, 0, 0)],
    [
      'a reserved event name',
      frameOf(UPDATE_FRAME, 0, 1, ...text('/'), 7, ...text('connect'), 0, 0),
    ],
    [
      'a document id past the end',
      frameOf(UPDATE_FRAME, 0, 1, ...text('/'), 1, ...text('u'), 0, 9, 65),
    ],
    ['a control character', frameOf(UPDATE_FRAME, 0, 1, ...text('/'), 1, ...text('u'), 0, 1, 10)],
    ['a byte above ASCII', frameOf(UPDATE_FRAME, 0, 1, ...text('/'), 1, ...text('u'), 0, 1, 0xc3)],
  ]
  for (const [name, frame] of refused) {
    it(`refuses ${name}, and wireParser closes the connection on it`, () => {
      expect(typeof decodeUpdateFrame(frame)).toBe('string')
      expect(() => new wireParser.Decoder().add(frame)).toThrow()
    })
  }

  it('keep the update as a view into the frame, of any length (an empty one too)', () => {
    const frame = encodeUpdateFrame({
      type: PacketType.EVENT,
      nsp: '/sync',
      data: ['awareness', { doc: 'wb:x', update: new Uint8Array(0) }],
    }) as Uint8Array
    const decoded = decodeUpdateFrame(frame) as Packet
    expect(decoded.id).toBeUndefined()
    const body = decoded.data[1] as { update: Uint8Array }
    expect(body.update.byteLength).toBe(0)
    expect(body.update.buffer).toBe(frame.buffer)
  })
})
