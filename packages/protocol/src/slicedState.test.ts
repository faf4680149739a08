import { describe, expect, it } from 'vitest'
import { SliceReader, frameSlices, unframeSlices } from './slicedState.js'

describe('framed slices', () => {
  it('come back as sent, empty ones included', () => {
    const slices = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(7)]
    expect(unframeSlices(frameSlices(slices))).toEqual(slices)
    expect(unframeSlices(frameSlices([]))).toEqual([])
  })

  it('a truncated frame is refused', () => {
    const framed = frameSlices([new Uint8Array([1, 2, 3])])
    expect(unframeSlices(framed.subarray(0, 5))).toBeNull()
    expect(unframeSlices(framed.subarray(0, 2))).toBeNull()
  })
})

describe('SliceReader', () => {
  const slices = [
    new Uint8Array([1, 2, 3]),
    new Uint8Array(0),
    Uint8Array.from({ length: 9 }, (_, i) => i + 10),
    new Uint8Array([42]),
  ]
  const framed = frameSlices(slices)

  /** Feeds `framed` cut at `cuts`; returns the slices read and whether it ended whole. */
  function read(cuts: number[]): { got: Uint8Array[]; done: boolean } {
    const reader = new SliceReader()
    const got: Uint8Array[] = []
    let from = 0
    for (const to of [...cuts, framed.byteLength]) {
      got.push(...reader.push(framed.slice(from, to)))
      from = to
    }
    return { got, done: reader.done }
  }

  it('reads the slices whatever the chunks: every one cut and every two cuts', () => {
    for (let a = 0; a <= framed.byteLength; a++) {
      expect(read([a])).toEqual({ got: slices, done: true })
      for (let b = a; b <= framed.byteLength; b++) {
        expect(read([a, b])).toEqual({ got: slices, done: true })
      }
    }
  })

  it('reads byte by byte', () => {
    expect(read(Array.from({ length: framed.byteLength - 1 }, (_, i) => i + 1))).toEqual({
      got: slices,
      done: true,
    })
  })

  it('gives each slice as soon as it is whole, and is not done inside one', () => {
    const reader = new SliceReader()
    expect(reader.push(framed.subarray(0, 11))).toEqual([slices[0], slices[1]])
    expect(reader.done).toBe(true)
    expect(reader.push(framed.subarray(11, 14))).toEqual([])
    expect(reader.done).toBe(false)
    expect(reader.push(framed.subarray(14, framed.byteLength - 1))).toEqual([slices[2]])
    expect(reader.done).toBe(false)
    expect(reader.push(framed.subarray(framed.byteLength - 1))).toEqual([slices[3]])
    expect(reader.done).toBe(true)
  })
})

describe('SliceReader copies', () => {
  it('a slice inside a chunk is a view of it; one across chunks is a copy of that slice alone', () => {
    const big = Uint8Array.from({ length: 100 }, (_, i) => i)
    const framed = frameSlices([new Uint8Array([1, 2]), big, new Uint8Array([3])])
    const reader = new SliceReader()
    const [first] = reader.push(framed.subarray(0, 50))
    expect(first!.buffer).toBe(framed.buffer)
    const [across, last] = reader.push(framed.subarray(50))
    expect(across).toEqual(big)
    expect(across!.buffer).not.toBe(framed.buffer)
    expect(across!.buffer.byteLength).toBe(100)
    expect(last!.buffer).toBe(framed.buffer)
  })
})
