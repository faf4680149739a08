import { SliceReader } from '@cellmate/protocol'

/**
 * The slices of a join answer's rest, downloaded from `path` on the server at `base` (`''`:
 * this page's origin) as they arrive (`JoinOk.download`). It fails when the server refuses,
 * when it waits `idleTimeoutMs` for the next bytes (time spent applying what came does not
 * count: a background tab may be slow at that), or when the body ends inside a slice; stopping
 * early (the document closed) cancels the download.
 */
export async function* downloadSlices(
  base: string,
  path: string,
  idleTimeoutMs: number,
): AsyncGenerator<Uint8Array> {
  const abort = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const waiting = <T>(next: Promise<T>): Promise<T> => {
    timer = setTimeout(() => abort.abort(new Error('join download timed out')), idleTimeoutMs)
    return next.finally(() => clearTimeout(timer))
  }
  try {
    const url = base === '' ? path : new URL(path, base).href
    const res = await waiting(fetch(url, { signal: abort.signal, cache: 'no-store' }))
    if (!res.ok || !res.body) throw new Error(`join download failed: HTTP ${res.status}`)
    const body = res.body.getReader()
    const reader = new SliceReader()
    for (;;) {
      const { done, value } = await waiting(body.read())
      if (done) break
      yield* reader.push(value)
    }
    if (!reader.done) throw new Error('join download ended inside a slice')
  } finally {
    clearTimeout(timer)
    abort.abort()
  }
}
