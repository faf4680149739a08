import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { lazySchema } from './lazySchema.js'

describe('lazySchema', () => {
  it('builds its schema on first use, once, and validates as the schema does', () => {
    let builds = 0
    const schema = lazySchema(() => {
      builds++
      return z.object({ n: z.int() })
    })
    expect(builds).toBe(0)
    expect(schema.safeParse({ n: 1 })).toEqual({ success: true, data: { n: 1 } })
    expect(schema.safeParse({ n: 'x' }).success).toBe(false)
    expect(schema.parse({ n: 2 })).toEqual({ n: 2 })
    expect(() => schema.parse({})).toThrow()
    expect(schema.schema).toBe(schema.schema)
    expect(builds).toBe(1)
  })
})
