import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import fc from 'fast-check'
import { findTimedValues, formatTimedValue, parseTimedValue } from './timedValue.js'

describe('timed values', () => {
  it('round-trips the step, the send time and the writer', () => {
    const v = formatTimedValue('lat100', 1_732_000_000_123.456, 42, 7)
    expect(parseTimedValue(v)).toEqual({
      step: 'lat100',
      sentAt: 1_732_000_000_123.456,
      writer: 42,
    })
    expect(parseTimedValue('r12')).toBeNull()
  })

  it('are found in the raw bytes of the Yjs update that sets them, without decoding it', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.transact(() => {
      doc.getMap<string>('cells').set('row1:col1', formatTimedValue('tp400', 1000.5, 3, 1))
      doc.getMap<string>('cells').set('row2:col1', 'plain text')
      doc.getMap<string>('cells').set('row3:col1', formatTimedValue('tp400', 1001.25, 4, 9))
    })
    expect(findTimedValues(updates[0] as Uint8Array)).toEqual([
      { step: 'tp400', sentAt: 1000.5, writer: 3 },
      { step: 'tp400', sentAt: 1001.25, writer: 4 },
    ])
  })

  it('read from bytes exactly as parseTimedValue reads their text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
            sentAt: fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true }),
            writer: fc.nat(100_000),
            seq: fc.nat(1_000_000),
            // Bytes between values, never a '~' (so never a marker of their own).
            noise: fc
              .uint8Array({ maxLength: 8 })
              .map((b) => b.map((x) => (x === 0x7e ? 0x7d : x))),
          }),
          { maxLength: 6 },
        ),
        (values) => {
          const parts: Uint8Array[] = []
          const texts: string[] = []
          for (const v of values) {
            const text = formatTimedValue(v.step, v.sentAt, v.writer, v.seq)
            texts.push(text)
            parts.push(v.noise, Buffer.from(text, 'latin1'))
          }
          expect(findTimedValues(Buffer.concat(parts))).toEqual(
            texts.map((t) => parseTimedValue(t)),
          )
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('are not read from text that is not in their layout', () => {
    for (const text of [
      '~t~|1.5|2.3~',
      '~t~a||2.3~',
      '~t~a|1.5|.3~',
      '~t~a|1.5|2~',
      '~t~a|1.5|2.3',
      '~t~a|1.2.3|2.3~',
      '~t~a|1x|2.3~',
    ]) {
      expect(findTimedValues(Buffer.from(text, 'latin1'))).toEqual([])
    }
  })
})
