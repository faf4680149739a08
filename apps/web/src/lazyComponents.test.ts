import { describe, expect, it } from 'vitest'
import { loadInIdleTurns } from './lazyComponents'

describe('loadInIdleTurns', () => {
  it('starts one loader per idle turn, in order, and goes on past a failed one', async () => {
    const started: string[] = []
    const loader =
      (name: string, fails = false) =>
      () => {
        started.push(name)
        return fails ? Promise.reject(new Error('offline')) : Promise.resolve()
      }
    const turns: Array<() => void> = []
    loadInIdleTurns([loader('a'), loader('b', true), loader('c')], (then) => turns.push(then))
    expect(started).toEqual([])
    const seen: string[][] = []
    while (turns.length > 0) {
      ;(turns.shift() as () => void)()
      seen.push([...started])
      await Promise.resolve()
    }
    expect(seen).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c']])
  })
})
