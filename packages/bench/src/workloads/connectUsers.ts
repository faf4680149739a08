import { splitClients } from '../load/workerPool.js'
import type { ClientKind, ConnectResult } from '../load/workerProtocol.js'
import type { RoomRef } from '../systems/roomRef.js'
import type { BenchContext } from './benchContext.js'

export interface ConnectedUsers {
  connected: number
  /** Users connected in each worker, in worker order. */
  perWorker: number[]
  /** Slowest worker's time to connect its share. */
  ms: number
  firstError: string | null
}

/** Connects `users` users to `room`, spread evenly over the load workers. */
export async function connectUsers(
  ctx: BenchContext,
  room: RoomRef,
  users: number,
  kind: ClientKind,
  timeoutMs = 20_000,
): Promise<ConnectedUsers> {
  const shares = splitClients(users, ctx.pool.size)
  const results = await ctx.pool.all<ConnectResult>(
    (w) => ({
      type: 'connect',
      room,
      kind,
      count: shares[w]?.count ?? 0,
      firstIndex: shares[w]?.firstIndex ?? 0,
      timeoutMs,
    }),
    timeoutMs * 4 + 30_000,
  )
  return {
    connected: results.reduce((n, r) => n + r.connected, 0),
    perWorker: results.map((r) => r.connected),
    ms: Math.max(...results.map((r) => r.ms)),
    firstError: results.find((r) => r.firstError !== null)?.firstError ?? null,
  }
}
