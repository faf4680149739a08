import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
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
})
