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
    const budgets = new AddressMessageBudgets({ perAddress: 20, perSocket: 100 }, () => now)
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
    const budgets = new AddressMessageBudgets(
      { perAddress: 1, addressBurst: 1, perSocket: 100 },
      () => now,
    )
    const a = budgets.limiterFor('10.0.0.1')
    const b = budgets.limiterFor('10.0.0.1')
    expect(a.take()).toBe(true)
    for (let i = 0; i < 500; i++) expect(b.take()).toBe(false)
    now += 1000
    expect(b.take()).toBe(true)
  })

  it('forgets addresses whose budget has refilled, without giving a busy one a fresh budget', () => {
    let now = 0
    const budgets = new AddressMessageBudgets(
      { perAddress: 10, addressBurst: 10, perSocket: 100 },
      () => now,
    )
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

  it('a socket rate of 0 leaves only the address budget; both 0 let everything through', () => {
    const now = 0
    const addressOnly = new AddressMessageBudgets({ perAddress: 200, perSocket: 0 }, () => now)
    const one = addressOnly.limiterFor('10.0.0.1')
    let passed = 0
    for (let i = 0; i < 1000; i++) if (one.take()) passed++
    // The address's burst (3 s of 200/s), not the default socket burst of 300.
    expect(passed).toBe(600)
    const unlimited = new AddressMessageBudgets({ perAddress: 0, perSocket: 0 }, () => now)
    const socket = unlimited.limiterFor('10.0.0.1')
    for (let i = 0; i < 10_000; i++) expect(socket.take()).toBe(true)
    expect(unlimited.size).toBe(0)
  })

  it('a socket rate from the settings sets its own burst, 3 seconds of it', () => {
    let now = 0
    const budgets = new AddressMessageBudgets({ perAddress: 0, perSocket: 5 }, () => now)
    const socket = budgets.limiterFor('10.0.0.1')
    let passed = 0
    for (let i = 0; i < 100; i++) if (socket.take()) passed++
    expect(passed).toBe(15)
    now += 1000
    passed = 0
    for (let i = 0; i < 100; i++) if (socket.take()) passed++
    expect(passed).toBe(5)
  })
})
