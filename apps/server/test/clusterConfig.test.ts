import { describe, expect, it } from 'vitest'
import { configFromEnv, createServer } from '../src/index.js'
import { tempDataDir } from './support/testServer.js'

describe('DATABASE_URL and REDIS_URL', () => {
  it('are off by default: one process on SQLite', () => {
    const config = configFromEnv({})
    expect(config.databaseUrl).toBeNull()
    expect(config.redisUrl).toBeNull()
  })

  it('are taken as given when they are Postgres and Redis URLs', () => {
    const config = configFromEnv({
      DATABASE_URL: 'postgresql://cellmate:secret@db:5432/cellmate?sslmode=require',
      REDIS_URL: 'rediss://:secret@cache:6380/2',
    })
    expect(config.databaseUrl).toBe('postgresql://cellmate:secret@db:5432/cellmate?sslmode=require')
    expect(config.redisUrl).toBe('rediss://:secret@cache:6380/2')
  })

  it('refuse anything else with a message naming the variable', () => {
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://db/cellmate' })).toThrow(
      /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//,
    )
    expect(() => configFromEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/)
    expect(() => configFromEnv({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/)
  })

  it('a server whose database or Redis cannot be reached refuses to start and says which', async () => {
    const data = tempDataDir()
    try {
      const base = {
        port: 0,
        host: '127.0.0.1',
        dataDir: data.dir,
        logLevel: 'silent',
        idleUnloadMs: 50,
      }
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      await expect(
        createServer({ ...base, databaseUrl: 'postgres://cellmate@127.0.0.1:1/cellmate' }),
      ).rejects.toThrow(/cannot open the Postgres database at DATABASE_URL/)
      await expect(createServer({ ...base, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(
        /cannot reach Redis at REDIS_URL/,
      )
    } finally {
      data.remove()
    }
  })
})
