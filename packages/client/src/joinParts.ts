import { unframeSlices } from '@cellmate/protocol'

/**
 * The parts of one join answer as they arrive (`JoinRequest.stream`), read in order: a part
 * that came while the one before was applying waits here. Waiting longer than `timeoutMs` for
 * the next one fails the join (it is tried again, as after an ack that never came).
 */
export class JoinParts {
  private readonly arrived = new Map<number, Uint8Array>()
  private waiter: {
    index: number
    resolve: (p: Uint8Array) => void
    reject: (e: Error) => void
  } | null = null
  private failure: Error | null = null

  constructor(
    readonly join: number,
    private readonly timeoutMs: number,
  ) {}

  add(index: number, slices: Uint8Array): void {
    if (this.waiter?.index === index) {
      const { resolve } = this.waiter
      this.waiter = null
      resolve(slices)
    } else this.arrived.set(index, slices)
  }

  fail(error: Error): void {
    this.failure = error
    this.arrived.clear()
    const waiter = this.waiter
    this.waiter = null
    waiter?.reject(error)
  }

  /** The slices of parts 0 to `count - 1`, in order. */
  async *slices(count: number): AsyncGenerator<Uint8Array> {
    for (let index = 0; index < count; index++) {
      const slices = unframeSlices(await this.part(index))
      if (!slices) throw new Error('malformed join part')
      yield* slices
    }
  }

  private part(index: number): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure)
    const ready = this.arrived.get(index)
    if (ready) {
      this.arrived.delete(index)
      return Promise.resolve(ready)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('join part timed out')), this.timeoutMs)
      this.waiter = {
        index,
        resolve: (p) => {
          clearTimeout(timer)
          resolve(p)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      }
    })
  }
}
