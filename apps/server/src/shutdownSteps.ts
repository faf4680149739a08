import type net from 'node:net'
import type { FastifyBaseLogger } from 'fastify'

/** How often a shutdown step that has not finished says so. */
export const SHUTDOWN_STILL_WAITING_MS = 5_000

/**
 * How long a closing server waits for its connections to end before it ends them. A WebSocket
 * whose peer never answers the close handshake would otherwise hold it for `ws`'s 30 s.
 */
export const CONNECTION_GRACE_MS = 2_000

/** One named part of a graceful shutdown. */
export interface ShutdownStep {
  name: string
  run: () => unknown
}

/**
 * Runs a graceful shutdown's steps in order and logs each one with how long it took. A step
 * that takes longer than `stillWaitingMs` is logged again every `stillWaitingMs`, by name, so
 * a shutdown that hangs says where (a stop that never ends is otherwise silent). A step that
 * throws stops the sequence: the error is the caller's.
 */
export async function runShutdownSteps(
  steps: readonly ShutdownStep[],
  log: FastifyBaseLogger,
  stillWaitingMs = SHUTDOWN_STILL_WAITING_MS,
): Promise<void> {
  const started = performance.now()
  for (const step of steps) {
    const t0 = performance.now()
    const watchdog = setInterval(() => {
      log.warn(
        { step: step.name, waitingMs: Math.round(performance.now() - t0) },
        'shutdown: still waiting for a step',
      )
    }, stillWaitingMs)
    watchdog.unref()
    try {
      await step.run()
    } finally {
      clearInterval(watchdog)
    }
    log.info({ step: step.name, ms: roundMs(performance.now() - t0) }, 'shutdown: step done')
  }
  log.info({ ms: roundMs(performance.now() - started) }, 'shutdown: done')
}

function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10
}

/** Every open TCP connection of `server`, upgraded ones (WebSockets) included. */
export function trackConnections(server: net.Server): ReadonlySet<net.Socket> {
  const open = new Set<net.Socket>()
  server.on('connection', (socket: net.Socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  })
  return open
}

/**
 * Waits for `closed` (a server's close, which waits until every connection has ended); if it
 * has not happened within `graceMs`, logs the connections still open and destroys them. Every
 * edit they carried was either acknowledged (so stored) or is sent again by its client when it
 * reconnects.
 */
export async function endConnectionsAfter(
  closed: Promise<unknown>,
  open: ReadonlySet<net.Socket>,
  log: FastifyBaseLogger,
  graceMs = CONNECTION_GRACE_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs)
  })
  const first = await Promise.race([closed.then(() => 'closed' as const), late])
  clearTimeout(timer)
  if (first === 'closed') return
  log.warn(
    {
      count: open.size,
      connections: [...open].slice(0, 10).map((s) => `${s.remoteAddress}:${s.remotePort}`),
    },
    'shutdown: ending connections still open',
  )
  for (const socket of open) socket.destroy()
  await closed
}
