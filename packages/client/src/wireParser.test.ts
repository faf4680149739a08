import { describe, expect, it } from 'vitest'
import { Encoder, PacketType, type Packet } from 'socket.io-parser'
import { wireParser } from './wireParser.js'

const update = new Uint8Array([1, 2, 3, 4, 5])

/** The packets a decoder emits for `frames`, fed one by one. */
function decode(frames: unknown[]): Packet[] {
  const decoder = new wireParser.Decoder()
  const out: Packet[] = []
  decoder.on('decoded', (p: Packet) => out.push(p))
  for (const f of frames) decoder.add(f)
  return out
}

/** A frame as `wireParser` lays it out: each part preceded by its length (4 bytes). */
function frameOf(...parts: Array<string | Uint8Array>): Uint8Array {
  const bytes = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p))
  const out = new Uint8Array(bytes.reduce((n, b) => n + 4 + b.byteLength, 0))
  let at = 0
  for (const b of bytes) {
    new DataView(out.buffer).setUint32(at, b.byteLength)
    out.set(b, at + 4)
    at += 4 + b.byteLength
  }
  return out
}

const updateEvent: Packet = {
  type: PacketType.EVENT,
  nsp: '/sync',
  id: 12,
  data: ['update', { doc: 'sheet:a:b', update }],
}

describe('wireParser', () => {
  it('sends an event carrying an update as one binary frame that decodes to the same event', () => {
    const frames = new wireParser.Encoder().encode(updateEvent)
    expect(frames).toHaveLength(1)
    expect(frames[0]).toBeInstanceOf(Uint8Array)
    const [packet] = decode(frames)
    expect(packet).toMatchObject({ type: PacketType.EVENT, nsp: '/sync', id: 12 })
    expect(packet?.data[0]).toBe('update')
    expect(packet?.data[1].doc).toBe('sheet:a:b')
    expect([...(packet?.data[1].update as Uint8Array)]).toEqual([...update])
  })

  it('decodes a frame received as an ArrayBuffer (browsers) and several attachments in order', () => {
    const ack: Packet = {
      type: PacketType.ACK,
      nsp: '/sync',
      id: 3,
      data: [{ ok: true, update, stateVector: new Uint8Array([9]), more: new Uint8Array(0) }],
    }
    const [frame] = new wireParser.Encoder().encode(ack) as [Uint8Array]
    const [packet] = decode([frame.slice().buffer])
    const body = packet?.data[0]
    expect(packet?.type).toBe(PacketType.ACK)
    expect([...body.update]).toEqual([...update])
    expect([...body.stateVector]).toEqual([9])
    expect(body.more.byteLength).toBe(0)
  })

  it('leaves packets without binary data as one text frame', () => {
    const frames = new wireParser.Encoder().encode({
      type: PacketType.ACK,
      nsp: '/sync',
      id: 4,
      data: [{ ok: true }],
    })
    expect(frames).toEqual(['3/sync,4[{"ok":true}]'])
    expect(decode(frames)[0]?.data).toEqual([{ ok: true }])
  })

  const refused: Array<[string, unknown[]]> = [
    // The default parser's form: a text packet announcing an attachment, then the attachment.
    ['the two-frame form', new Encoder().encode(updateEvent)],
    ['a text packet announcing attachments', ['51-/sync,1["update",{"doc":"x"}]']],
    ['an empty frame', [new Uint8Array(0)]],
    ['a truncated length', [new Uint8Array([0, 0])]],
    ['a part longer than the frame', [frameOf('51-/sync,1["update"]').subarray(0, 10)]],
    [
      'fewer attachments than announced',
      [frameOf('52-/sync,1["update",{"_placeholder":true,"num":0}]', update)],
    ],
    [
      'more attachments than announced',
      [frameOf('51-/sync,1["update",{"_placeholder":true,"num":0}]', update, update)],
    ],
    ['a packet without attachments in a binary frame', [frameOf('2/sync,1["update",{}]')]],
    [
      'a placeholder naming a missing attachment',
      [frameOf('51-/sync,1["update",{"_placeholder":true,"num":5}]', update)],
    ],
    [
      'eleven attachments',
      [frameOf('511-/sync,1["update"]', ...Array.from({ length: 11 }, () => update))],
    ],
    ['a packet text that is not UTF-8', [frameOf(new Uint8Array([0x35, 0xff, 0xfe]), update)]],
    ['something else', [{ not: 'binary' }]],
  ]
  for (const [name, frames] of refused) {
    it(`refuses ${name}`, () => {
      expect(() => decode(frames)).toThrow()
    })
  }

  it('decodes the next frame normally after refusing one', () => {
    const decoder = new wireParser.Decoder()
    const out: Packet[] = []
    decoder.on('decoded', (p: Packet) => out.push(p))
    expect(() =>
      decoder.add(frameOf('51-/sync,1["update",{"_placeholder":true,"num":5}]', update)),
    ).toThrow()
    for (const f of new wireParser.Encoder().encode(updateEvent)) decoder.add(f)
    expect(out.map((p) => p.id)).toEqual([12])
  })
})
