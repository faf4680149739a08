/**
 * Excel's wildcards (`*` any run, `?` exactly one character, `~` escapes the next) matched
 * without a regular expression. A pattern like `*a*a*a*a*a*a*c` compiled to a backtracking
 * RegExp takes time polynomial in the text with the number of stars as the exponent (minutes
 * for 100 characters), and patterns come from cells anyone with edit rights can write; the
 * server evaluates them. This matcher places the literal runs between stars greedily, which is
 * exact for `*` (any run) and needs at most one scan of the text per run. A run holding a
 * `?` is compared character by character at each place it could start, so its length bounds
 * the cost: a run of that kind longer than 255 characters matches nothing (Excel does not
 * match criteria or lookup values over 255 characters either), and a whole match costs at most
 * 255 comparisons per character of the text.
 */

/** Excel's limit for criteria and lookup text; here only for runs holding a `?`. */
const MAX_WILDCARD_RUN = 255

/** One literal run between stars; `null` marks a `?`. */
type Run = readonly (string | null)[]

export class WildcardMatcher {
  private readonly runs: Run[]
  /** False when a run holding `?` is over the limit: then nothing matches. */
  private readonly matchable: boolean

  /**
   * `anchored`: the pattern must cover the whole text (criteria, MATCH); otherwise it may match
   * anywhere (SEARCH). `pattern` and the texts must already be case-normalised alike.
   */
  constructor(
    pattern: string,
    private readonly anchored: boolean,
  ) {
    this.runs = parseRuns(pattern)
    this.matchable = !this.runs.some((r) => r.length > MAX_WILDCARD_RUN && r.includes(null))
  }

  test(text: string): boolean {
    if (!this.matchable) return false
    return this.anchored ? this.matchesWhole(text) : this.firstIndex(text) >= 0
  }

  /** `RegExp.exec`'s shape as far as HyperFormula reads it (`index` of the first match). */
  exec(text: string): { index: number } | null {
    if (!this.matchable) return null
    const index = this.anchored ? (this.matchesWhole(text) ? 0 : -1) : this.firstIndex(text)
    return index >= 0 ? { index } : null
  }

  private matchesWhole(text: string): boolean {
    const runs = this.runs
    const first = runs[0] as Run
    if (runs.length === 1) return text.length === first.length && runAt(first, text, 0)
    const last = runs[runs.length - 1] as Run
    const lastStart = text.length - last.length
    if (lastStart < first.length || !runAt(first, text, 0) || !runAt(last, text, lastStart)) {
      return false
    }
    let pos = first.length
    for (let r = 1; r < runs.length - 1; r++) {
      const run = runs[r] as Run
      const at = findRun(run, text, pos, lastStart)
      if (at < 0) return false
      pos = at + run.length
    }
    return true
  }

  /** Where the leftmost match starts (as an unanchored RegExp would find it), or -1. */
  private firstIndex(text: string): number {
    const runs = this.runs
    const first = runs[0] as Run
    // The latest start the runs after the first can have: place them from the right, each as
    // late as it fits. The first run may start at i only if it ends by then.
    let limit = text.length
    for (let r = runs.length - 1; r >= 1; r--) {
      const run = runs[r] as Run
      const at = findRunLast(run, text, limit)
      if (at < 0) return -1
      limit = at
    }
    return findRun(first, text, 0, limit)
  }
}

function parseRuns(pattern: string): Run[] {
  const runs: Run[] = []
  let run: (string | null)[] = []
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    const next = pattern[i + 1]
    if (c === '~' && next !== undefined && '*?~'.includes(next)) {
      run.push(next)
      i++
    } else if (c === '*') {
      runs.push(run)
      run = []
    } else run.push(c === '?' ? null : c)
  }
  runs.push(run)
  return runs
}

function runAt(run: Run, text: string, at: number): boolean {
  for (let k = 0; k < run.length; k++) {
    const c = run[k]
    if (c !== null && text[at + k] !== c) return false
  }
  return true
}

/** The first start ≥ `from` where `run` matches and ends by `end`, or -1. */
function findRun(run: Run, text: string, from: number, end: number): number {
  const lastStart = end - run.length
  if (!run.includes(null)) {
    const at = text.indexOf(run.join(''), from)
    return at >= 0 && at <= lastStart ? at : -1
  }
  for (let at = from; at <= lastStart; at++) if (runAt(run, text, at)) return at
  return -1
}

/** The last start where `run` matches and ends by `end`, or -1. */
function findRunLast(run: Run, text: string, end: number): number {
  const lastStart = end - run.length
  if (lastStart < 0) return -1
  if (!run.includes(null)) return text.lastIndexOf(run.join(''), lastStart)
  for (let at = lastStart; at >= 0; at--) if (runAt(run, text, at)) return at
  return -1
}
