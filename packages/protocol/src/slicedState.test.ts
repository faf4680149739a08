import { describe, expect, it } from 'vitest'
import { frameSlices, unframeSlices } from './slicedState.js'

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
