/**
 * What the profiling scripts beside this file share: the builds of the web app they compare
 * (`--web name=DIR`) and the median of a figure over runs.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * The builds named by `--web name=DIR` options (a bare `DIR` is named after its folder); none
 * given: this repo's `apps/web/dist`, named `current`.
 */
export function webBuilds(specs) {
  return (specs ?? [`current=${path.join(repo, 'apps/web/dist')}`]).map((spec) => {
    const [name, dir] = spec.includes('=') ? spec.split('=') : [path.basename(spec), spec]
    return { name, dir: path.resolve(dir) }
  })
}

/** The median of the finite numbers among `xs` (the lower one of an even count); null if none. */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null
}
