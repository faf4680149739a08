import { describe, expect, it } from 'vitest'
import { configFromEnv } from './config.js'

describe('hardening settings from the environment', () => {
  it('have safe defaults: timeouts on, metrics off the public port and off unless asked for', () => {
    const config = configFromEnv({})
    expect(config.requestTimeoutMs).toBe(30_000)
    expect(config.importConcurrency).toBe(2)
    expect(config.socketLimits).toEqual({
      maxPerAddress: 50,
      idleMs: 60_000,
      messagesPerSecondPerAddress: 200,
      messagesPerSecondPerSocket: 100,
    })
    expect(config.metricsPort).toBeNull()
    expect(config.metricsHost).toBe('127.0.0.1')
  })

  it('are read from their variables', () => {
    const config = configFromEnv({
      REQUEST_TIMEOUT_MS: '5000',
      IMPORT_CONCURRENCY: '4',
      MAX_SOCKETS_PER_ADDRESS: '500',
      SOCKET_IDLE_MS: '0',
      SOCKET_RATE_PER_ADDRESS: '1000',
      SOCKET_RATE_PER_SOCKET: '0',
      METRICS_PORT: '9464',
      METRICS_HOST: '10.0.0.5',
    })
    expect(config.requestTimeoutMs).toBe(5000)
    expect(config.importConcurrency).toBe(4)
    expect(config.socketLimits).toEqual({
      maxPerAddress: 500,
      idleMs: 0,
      messagesPerSecondPerAddress: 1000,
      messagesPerSecondPerSocket: 0,
    })
    expect(config.metricsPort).toBe(9464)
    expect(config.metricsHost).toBe('10.0.0.5')
  })

  it('refuse values that make no sense, naming the variable', () => {
    expect(() => configFromEnv({ IMPORT_CONCURRENCY: '0' })).toThrow(/IMPORT_CONCURRENCY/)
    expect(() => configFromEnv({ REQUEST_TIMEOUT_MS: '-1' })).toThrow(/REQUEST_TIMEOUT_MS/)
    expect(() => configFromEnv({ METRICS_PORT: 'http' })).toThrow(/METRICS_PORT/)
    expect(() => configFromEnv({ MAX_SOCKETS_PER_ADDRESS: '1.5' })).toThrow(
      /MAX_SOCKETS_PER_ADDRESS/,
    )
    expect(() => configFromEnv({ SOCKET_RATE_PER_SOCKET: '-5' })).toThrow(/SOCKET_RATE_PER_SOCKET/)
  })
})
