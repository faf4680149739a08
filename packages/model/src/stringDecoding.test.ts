import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'

/**
 * lib0 is patched (patches/lib0@*.patch) to decode short ASCII strings by hand instead of
 * through TextDecoder, and to encode them by hand into the encoder's buffer when it has room:
 * every string a document holds must still come back as it was written.
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
})
