import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'

/**
 * lib0 is patched (patches/lib0@*.patch) to decode short ASCII strings by hand instead of
 * through TextDecoder, and to encode them by hand into the encoder's buffer when it has room;
 * Yjs is patched (patches/yjs@*.patch, `readStringRun`) to decode a run of 8 or more strings
 * (a block of cell entries) with one TextDecoder call, sliced per string: every string a
 * document holds must still come back as it was written.
 */
describe('strings in documents (patched lib0 encoder and decoder)', () => {
  const roundTrip = (strings: string[]): unknown[] => {
    const doc = new Y.Doc()
    doc.getArray<string>('cellEntries').push(strings)
    doc.getMap<string>('m').set(strings[0] ?? 'k', strings[strings.length - 1] ?? 'v')
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
    return copy.getArray('cellEntries').toArray()
  }

  it('keeps ASCII, accented, emoji, empty and long strings, at and around the 64-byte limit', () => {
    const strings = [
      '',
      'r1:c1:12',
      'r1:c2:café',
      'r1:c3:😀 ok',
      'x'.repeat(63),
      'y'.repeat(64),
      'z'.repeat(65),
      `${'a'.repeat(63)}é`,
      'ü'.repeat(40),
      'long '.repeat(1000),
      '\u0000\u007f',
    ]
    expect(roundTrip(strings)).toEqual(strings)
  })

  it('keeps strings of every length up to past the hand-encoded limit, at every buffer offset', () => {
    // The encoder's buffer starts at 100 bytes and doubles: strings of lengths 0-140 one after
    // the other end at every offset of it, so some fit and some are cut by its end.
    for (const tail of ['', 'é', '😀']) {
      const strings: string[] = []
      for (let len = 0; len <= 140; len++) strings.push(`${'r'.repeat(len)}${tail}`)
      for (let len = 140; len >= 0; len -= 7) strings.push(`${len}:${'c'.repeat(len)}`)
      expect(roundTrip(strings)).toEqual(strings)
    }
  })

  it('keeps any string fast-check makes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 80 }), { minLength: 1 }), (s) => {
        expect(roundTrip(s)).toEqual(s)
      }),
      { numRuns: 100 },
    )
  })

  it('refuses a truncated update instead of reading past its end', () => {
    const doc = new Y.Doc()
    doc.getArray<string>('cellEntries').push(['r1:c1:a value of some length'])
    const update = Y.encodeStateAsUpdate(doc)
    expect(() => Y.applyUpdate(new Y.Doc(), update.slice(0, update.length - 12))).toThrow()
  })

  it('decodes a run of strings as it decodes each alone, whatever bytes they hold', () => {
    // Cell entries of placeholders, then their bytes overwritten with what no encoder makes:
    // lone continuation bytes, cut sequences, a lead byte before ASCII, an encoded surrogate.
    const crafted = [
      [0xff],
      [0x80, 0x41],
      [0xc3],
      [0xe2, 0x82],
      [0xc3, 0x41],
      [0xed, 0xa0, 0x80],
      [0xf0, 0x90, 0x80],
      [0x41, 0x42, 0x43],
    ]
    // lib0 decodes strictly: a string that is not UTF-8 refuses the whole update.
    const decodeAs = (run: boolean): string[] =>
      crafted.map((bytes, i) => {
        const marker = `#${i}${'~'.repeat(bytes.length - 1)}`.slice(0, bytes.length)
        const doc = new Y.Doc()
        const values = run ? Array.from({ length: 12 }, (_, k) => `r${k}:c:${marker}`) : [marker]
        doc.getArray<string>('cellEntries').push(values)
        const update = Y.encodeStateAsUpdate(doc)
        const text = Buffer.from(update).toString('latin1')
        for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
          update.set(bytes, at)
        }
        const copy = new Y.Doc()
        try {
          Y.applyUpdate(copy, update)
        } catch (err) {
          return `refused: ${(err as Error).name}`
        }
        const read = copy.getArray<string>('cellEntries').toArray()
        return run ? (read[5] as string).slice('r5:c:'.length) : (read[0] as string)
      })
    const alone = decodeAs(false)
    expect(decodeAs(true)).toEqual(alone)
    expect(alone.at(-1)).toBe('ABC')
    expect(alone.filter((r) => r.startsWith('refused'))).toHaveLength(crafted.length - 1)
  })

  it('keeps runs of strings of any length and text, mixed with other values, in V1 and V2', () => {
    const roundTripBoth = (values: unknown[]): void => {
      const doc = new Y.Doc()
      doc.getArray('cellEntries').push(values)
      for (const [encode, apply] of [
        [Y.encodeStateAsUpdate, Y.applyUpdate],
        [Y.encodeStateAsUpdateV2, Y.applyUpdateV2],
      ] as const) {
        const copy = new Y.Doc()
        apply(copy, encode(doc))
        expect(copy.getArray('cellEntries').toArray()).toEqual(values)
      }
    }
    roundTripBoth(Array.from({ length: 300 }, (_, i) => `${'k'.repeat(i)}:${i}`))
    roundTripBoth([...Array.from({ length: 20 }, (_, i) => `r${i}`), 7, { a: 'b' }, 'é', null])
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.string({ maxLength: 200 }),
            fc.integer(),
          ),
          { minLength: 8, maxLength: 60 },
        ),
        roundTripBoth,
      ),
      { numRuns: 200 },
    )
  })

  it('refuses a truncated run of strings instead of reading past its end', () => {
    const doc = new Y.Doc()
    doc.getArray<string>('cellEntries').push(Array.from({ length: 40 }, (_, i) => `r${i}:c1:v${i}`))
    const update = Y.encodeStateAsUpdate(doc)
    for (const cut of [1, 5, 12, 100]) {
      expect(() => Y.applyUpdate(new Y.Doc(), update.slice(0, update.length - cut))).toThrow()
    }
  })
})
