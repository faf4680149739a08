/**
 * The parts of a Socket.IO client's connection (`manager.engine`, engine.io's socket) that
 * hold what has not left the page yet: packets waiting for the transport, and the bytes the
 * WebSocket has been handed but not written out.
 */
export interface EngineBacklog {
  writeBuffer?: ArrayLike<unknown> | null
  transport?: { ws?: { bufferedAmount?: number } | null } | null
}

/**
 * Bytes handed to the connection that have not left the page (a packet still waiting for the
 * transport counts as one); 0 when there is no connection. Long-polling hands a request's
 * body over whole, so only a WebSocket ever holds bytes back.
 */
export function unsentBytes(engine: EngineBacklog | null | undefined): number {
  if (!engine) return 0
  return (engine.transport?.ws?.bufferedAmount ?? 0) + (engine.writeBuffer?.length ?? 0)
}

/**
 * Resolves once `unsent()` reads 0, or after `maxWaitMs` whatever it reads. It is read again
 * every `everyMs` from a timer, so the page's main thread is free in between: a browser writes
 * a WebSocket message out only between the page's tasks, 64-128 KiB at a time.
 */
export function whenDrained(unsent: () => number, maxWaitMs: number, everyMs = 20): Promise<void> {
  if (unsent() === 0) return Promise.resolve()
  const deadline = Date.now() + maxWaitMs
  return new Promise((resolve) => {
    const look = (): void => {
      if (unsent() === 0 || Date.now() >= deadline) resolve()
      else setTimeout(look, everyMs)
    }
    setTimeout(look, everyMs)
  })
}
