import type { FastifyBaseLogger } from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runShutdownSteps } from './shutdownSteps.js'

interface Logged {
  level: 'info' | 'warn'
  fields: Record<string, unknown>
  msg: string
}

function recordingLog(): { log: FastifyBaseLogger; lines: Logged[] } {
  const lines: Logged[] = []
  const at =
    (level: Logged['level']) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, fields, msg })
    }
  return { log: { info: at('info'), warn: at('warn') } as unknown as FastifyBaseLogger, lines }
}

describe('runShutdownSteps', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs the steps in order, each after the one before has finished, and logs each', async () => {
    const { log, lines } = recordingLog()
    const order: string[] = []
    await runShutdownSteps(
      [
        {
          name: 'first',
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5))
            order.push('first')
          },
        },
        { name: 'second', run: () => order.push('second') },
      ],
      log,
    )
    expect(order).toEqual(['first', 'second'])
    expect(lines.map((l) => [l.msg, l.fields.step])).toEqual([
      ['shutdown: step done', 'first'],
      ['shutdown: step done', 'second'],
      ['shutdown: done', undefined],
    ])
    expect(lines[0]?.fields.ms).toBeGreaterThanOrEqual(4)
  })

  it('names a step that has not finished, again at each interval, and stops once it ends', async () => {
    vi.useFakeTimers()
    const { log, lines } = recordingLog()
    let finish: () => void = () => {}
    const done = runShutdownSteps(
      [
        { name: 'quick', run: () => undefined },
        { name: 'slow', run: () => new Promise<void>((resolve) => (finish = resolve)) },
      ],
      log,
      1_000,
    )
    await vi.advanceTimersByTimeAsync(2_500)
    const waiting = lines.filter((l) => l.level === 'warn')
    expect(waiting.map((l) => [l.msg, l.fields.step])).toEqual([
      ['shutdown: still waiting for a step', 'slow'],
      ['shutdown: still waiting for a step', 'slow'],
    ])
    finish()
    await done
    await vi.advanceTimersByTimeAsync(5_000)
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2)
    expect(lines.at(-1)?.msg).toBe('shutdown: done')
  })

  it('stops at a step that throws and passes its error on', async () => {
    const { log, lines } = recordingLog()
    const ran: string[] = []
    await expect(
      runShutdownSteps(
        [
          {
            name: 'broken',
            run: () => {
              throw new Error('disk gone')
            },
          },
          { name: 'after', run: () => ran.push('after') },
        ],
        log,
      ),
    ).rejects.toThrow('disk gone')
    expect(ran).toEqual([])
    expect(lines).toEqual([])
  })
})
