import { describe, expect, it } from 'vitest'
import { AddressMessageBudgets, SocketRateLimiter } from './socketRateLimiter.js'

describe('socket message budgets', () => {
  it('a socket gets its burst, then its rate', () => {
    let now = 0
    const limiter = new SocketRateLimiter(10, 30, () => now)
    let passed = 0
    for (let i = 0; i < 100; i++) if (limiter.take()) passed++
    expect(passed).toBe(30)
    now += 1000
    passed = 0
    for (let i = 0; i < 100; i++) if (limiter.take()) passed++
    expect(passed).toBe(10)
  })

  it('the sockets of one address share its budget; another address has its own', () => {
    let now = 0
    const budgets = new AddressMessageBudgets(20, 60, () => now)
    const flood = Array.from({ length: 20 }, () => budgets.limiterFor('10.0.0.1'))
    let passed = 0
    for (let round = 0; round < 10; round++) {
      for (const socket of flood) if (socket.take()) passed++
    }
    // 200 messages, each socket well within its own budget: the address's burst decides.
    expect(passed).toBe(60)
    const other = budgets.limiterFor('10.0.0.2')
    expect(other.take()).toBe(true)
    now += 1000
    passed = 0
    for (const socket of flood) if (socket.take()) passed++
    expect(passed).toBe(20)
  })

  it('a refused message costs the socket nothing', () => {
    let now = 0
    const budgets = new AddressMessageBudgets(1, 1, () => now)
    const a = budgets.limiterFor('10.0.0.1')
    const b = budgets.limiterFor('10.0.0.1')
    expect(a.take()).toBe(true)
    for (let i = 0; i < 500; i++) expect(b.take()).toBe(false)
    now += 1000
    expect(b.take()).toBe(true)
  })

  it('forgets addresses whose budget has refilled, without giving a busy one a fresh budget', () => {
    let now = 0
    const budgets = new AddressMessageBudgets(10, 10, () => now)
    const busy = budgets.limiterFor('10.0.0.1')
    const done = budgets.limiterFor('10.0.0.2')
    for (let i = 0; i < 10; i++) busy.take()
    done.take()
    now += 50
    budgets.sweep()
    expect(budgets.size).toBe(2)
    // Both refilled: forgotten. A socket that still holds its limiter shares the new bucket.
    now += 2000
    budgets.sweep()
    expect(budgets.size).toBe(0)
    const again = budgets.limiterFor('10.0.0.1')
    let passed = 0
    for (let i = 0; i < 30; i++) if (again.take() || busy.take()) passed++
    expect(passed).toBe(10)
  })
})
