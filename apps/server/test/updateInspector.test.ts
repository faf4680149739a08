import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import { UpdateInspector } from '../src/sync/updateInspector.js'

/** A valid sheet update setting one cell. */
function cellUpdate(i: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap<string>('cells').set(`r${i}:c1`, `value ${i}`)
  return Y.encodeStateAsUpdate(doc)
}

/** A logger that drops everything. */
const log = {
  level: 'silent',
  fatal: () => {},
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  trace: () => {},
  silent: () => {},
  child: () => log,
} as unknown as FastifyBaseLogger

/** Polls `done` until it holds, failing after 10 s. */
async function waitFor(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('UpdateInspector', () => {
  const inspector = new UpdateInspector({ log })
  afterAll(() => inspector.close())

  it('answers many updates in flight at once, each with its own verdict', async () => {
    const jobs = Array.from({ length: 300 }, (_, i) => {
      // Every seventh is garbage (yjs#479 style), every eleventh writes a forbidden root.
      if (i % 7 === 3) return { bad: true, update: new Uint8Array([1, 2, 3, 250, 250, i % 256]) }
      if (i % 11 === 5) {
        const doc = new Y.Doc()
        doc.getMap('notARoot').set('x', 1)
        return { bad: true, update: Y.encodeStateAsUpdate(doc) }
      }
      return { bad: false, update: cellUpdate(i) }
    })
    const verdicts = await Promise.all(
      jobs.map((job) =>
        inspector.inspect(job.update, 'sheet').then(
          () => 'ok',
          (err: { code?: string }) => err.code ?? 'error',
        ),
      ),
    )
    verdicts.forEach((verdict, i) => {
      if (jobs[i]?.bad) expect(verdict, `job ${i}`).toBe('INVALID_UPDATE')
      else expect(verdict, `job ${i}`).toBe('ok')
    })
  })

  it("a new worker's start-up is not charged to the update waiting for it", async () => {
    // Loading a worker thread and Yjs takes far longer than this; checking one cell does not.
    const tight = new UpdateInspector({ log, timeoutMs: 20 })
    try {
      await expect(tight.inspect(cellUpdate(1), 'sheet')).resolves.toBeUndefined()
      await expect(tight.inspect(new Uint8Array([1, 2, 3, 250]), 'sheet')).rejects.toMatchObject({
        code: 'INVALID_UPDATE',
      })
      await expect(tight.inspect(cellUpdate(2), 'sheet')).resolves.toBeUndefined()
    } finally {
      await tight.close()
    }
  })

  it('an update that hangs the checker is refused after a second, longer try; the rest pass', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inspector-')), 'seen')
    process.env.CELLMATE_TEST_HANG_MARKER = marker
    const hanging = new UpdateInspector({
      log,
      timeoutMs: 200,
      workerUrl: new URL('./fixtures/hangingInspectorWorker.mjs', import.meta.url),
    })
    try {
      const verdict = (update: Uint8Array) =>
        hanging.inspect(update, 'sheet').then(
          () => 'ok',
          (err: { code: string }) => err.code,
        )
      const [before, hang, slowOnce, after] = await Promise.all([
        verdict(new Uint8Array([1])),
        verdict(new Uint8Array([0xff])),
        verdict(new Uint8Array([0xfe])),
        verdict(new Uint8Array([2])),
      ])
      expect(before).toBe('ok')
      // Hangs on both tries: refused, never applied.
      expect(hang).toBe('INVALID_UPDATE')
      // Ran out of its budget once (a busy machine), then passed on the second try.
      expect(slowOnce).toBe('ok')
      expect(fs.existsSync(marker)).toBe(true)
      // Queued behind the hanging one: handed to a fresh worker, not refused.
      expect(after).toBe('ok')
    } finally {
      delete process.env.CELLMATE_TEST_HANG_MARKER
      await hanging.close()
    }
  })

  it('starts no second worker while the first is still starting: a burst waits for one', async () => {
    const cold = new UpdateInspector({ log, workers: 2, inlineMaxBytes: 0 })
    try {
      const burst = Array.from({ length: 10 }, (_, i) => cold.inspect(cellUpdate(i), 'sheet'))
      expect(cold.runningWorkers).toBe(1)
      await expect(Promise.all(burst)).resolves.toHaveLength(10)
      expect(cold.runningWorkers).toBe(1)
    } finally {
      await cold.close()
    }
  })

  it('warm() starts one worker ahead of the first update, which then checks without a start', async () => {
    const warmed = new UpdateInspector({ log, workers: 2, inlineMaxBytes: 0, idleExitMs: 50 })
    try {
      expect(warmed.runningWorkers).toBe(0)
      warmed.warm()
      warmed.warm()
      expect(warmed.runningWorkers).toBe(1)
      await expect(warmed.inspect(cellUpdate(1), 'sheet')).resolves.toBeUndefined()
      expect(warmed.runningWorkers).toBe(1)
      // Unused, it exits like any other.
      await waitFor(() => warmed.runningWorkers === 0)
      await warmed.close()
      warmed.warm()
      expect(warmed.runningWorkers).toBe(0)
    } finally {
      await warmed.close()
    }
  })

  it('an idle worker exits, and the next update that needs one starts it again', async () => {
    const idle = new UpdateInspector({ log, inlineMaxBytes: 0, idleExitMs: 50 })
    try {
      await expect(idle.inspect(cellUpdate(1), 'sheet')).resolves.toBeUndefined()
      expect(idle.runningWorkers).toBe(1)
      await waitFor(() => idle.runningWorkers === 0)
      await expect(idle.inspect(cellUpdate(2), 'sheet')).resolves.toBeUndefined()
      await expect(idle.inspect(new Uint8Array([1, 2, 3, 250]), 'sheet')).rejects.toMatchObject({
        code: 'INVALID_UPDATE',
      })
    } finally {
      await idle.close()
    }
  })

  it('refuses everything once closed, with an error rather than silence', async () => {
    const closing = new UpdateInspector({ log })
    const inFlight = closing.inspect(cellUpdate(1), 'sheet').catch((err: { code: string }) => err)
    await closing.close()
    const after = await closing
      .inspect(cellUpdate(2), 'sheet')
      .catch((err: { code: string }) => err)
    expect(after).toMatchObject({ code: 'INTERNAL' })
    // The job in flight either finished before the close or was refused; it never hangs.
    const first = await inFlight
    expect(first === undefined || (first as { code: string }).code === 'INTERNAL').toBe(true)
  })
})
