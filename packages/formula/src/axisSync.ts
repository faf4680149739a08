/**
 * Turns "the rows were A, now they are B" into the few structural operations that take an
 * engine from A to B: removals, block moves, insertions. Working from the two id lists rather
 * than from Yjs deltas keeps it right whatever a remote update did (a move arrives as a delete
 * plus an insert, concurrent moves leave a duplicate that readers skip, a delete can win over
 * a move) — the engine only ever needs to match what `liveIds` shows.
 */

/** One engine operation, in the order given; indexes are those just before the operation. */
export type AxisOp =
  | { type: 'remove'; at: number; count: number }
  /** Moves `count` entries at `from` to just before the entry now at `to` (HyperFormula's rule). */
  | { type: 'move'; from: number; count: number; to: number }
  | { type: 'insert'; at: number; count: number }

export interface AxisPlan {
  ops: AxisOp[]
  removed: string[]
  moved: string[]
  inserted: string[]
}

/** Indexes (into `seq`) of one longest strictly increasing subsequence. O(n log n). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = []
  const prev = new Array<number>(seq.length).fill(-1)
  seq.forEach((v, i) => {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((seq[tails[mid] as number] as number) < v) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number
    tails[lo] = i
  })
  const keep = new Set<number>()
  for (
    let i = tails.length ? (tails[tails.length - 1] as number) : -1;
    i >= 0;
    i = prev[i] as number
  ) {
    keep.add(i)
  }
  return keep
}

function removals(before: readonly string[], after: ReadonlySet<string>, plan: AxisPlan): void {
  // Bottom-up, so each index is still valid when its operation runs.
  for (let i = before.length - 1; i >= 0;) {
    if (after.has(before[i] as string)) {
      i--
      continue
    }
    let start = i
    while (start > 0 && !after.has(before[start - 1] as string)) start--
    plan.ops.push({ type: 'remove', at: start, count: i - start + 1 })
    for (let k = start; k <= i; k++) plan.removed.push(before[k] as string)
    i = start - 1
  }
}

/**
 * Moves that reorder `current` into `target` (same ids), keeping the longest run of ids whose
 * order did not change in place, so a user's one block move is one operation.
 */
function moves(current: string[], target: readonly string[], plan: AxisPlan): void {
  const rank = new Map(target.map((id, i) => [id, i]))
  const stable = longestIncreasing(current.map((id) => rank.get(id) as number))
  const placed = new Set(current.filter((_, i) => stable.has(i)))
  for (let j = 0; j < target.length;) {
    const id = target[j] as string
    if (placed.has(id)) {
      j++
      continue
    }
    const from = current.indexOf(id)
    let count = 1
    while (
      j + count < target.length &&
      !placed.has(target[j + count] as string) &&
      current[from + count] === target[j + count]
    ) {
      count++
    }
    // Everything before target[j] is placed and in order, so "right after target[j - 1]".
    const to = j === 0 ? 0 : current.indexOf(target[j - 1] as string) + 1
    const block = current.splice(from, count)
    current.splice(to > from ? to - count : to, 0, ...block)
    if (to !== from) {
      plan.ops.push({ type: 'move', from, count, to })
      plan.moved.push(...block)
    }
    block.forEach((b) => placed.add(b))
    j += count
  }
}

function insertions(after: readonly string[], before: ReadonlySet<string>, plan: AxisPlan): void {
  // Top-down at final indexes: everything above an insertion is already in place.
  for (let i = 0; i < after.length;) {
    if (before.has(after[i] as string)) {
      i++
      continue
    }
    let end = i
    while (end + 1 < after.length && !before.has(after[end + 1] as string)) end++
    plan.ops.push({ type: 'insert', at: i, count: end - i + 1 })
    for (let k = i; k <= end; k++) plan.inserted.push(after[k] as string)
    i = end + 1
  }
}

/**
 * A single block move, once head and tail are trimmed, is a rotation of the window: one
 * operation that moves the smaller side. Null when the window is not a rotation.
 */
function rotation(before: readonly string[], after: readonly string[]): AxisPlan | null {
  const n = before.length
  if (n < 2 || after.length !== n) return null
  const k = before.indexOf(after[0] as string)
  if (k <= 0) return null
  for (let i = 0; i < n; i++) if (after[i] !== before[(i + k) % n]) return null
  const op: AxisOp =
    k <= n - k
      ? { type: 'move', from: 0, count: k, to: n }
      : { type: 'move', from: k, count: n - k, to: 0 }
  const moved = k <= n - k ? before.slice(0, k) : before.slice(k)
  return { ops: [op], removed: [], moved, inserted: [] }
}

function planWindow(before: readonly string[], after: readonly string[]): AxisPlan {
  const rotated = rotation(before, after)
  if (rotated) return rotated
  const plan: AxisPlan = { ops: [], removed: [], moved: [], inserted: [] }
  const afterSet = new Set(after)
  const beforeSet = new Set(before)
  removals(before, afterSet, plan)
  const current = before.filter((id) => afterSet.has(id))
  moves(
    current,
    after.filter((id) => beforeSet.has(id)),
    plan,
  )
  insertions(after, beforeSet, plan)
  return plan
}

/**
 * More ids changed place than block moves should replay (a sort of a big range): the engine
 * reloads the sheet instead, one bulk write rather than thousands of moves. Insertions and
 * deletions of many rows are cheap as operations and do not count.
 */
export function isBulkReorder(
  before: readonly string[],
  after: readonly string[],
  limit = 1000,
): boolean {
  let head = 0
  while (head < before.length && head < after.length && before[head] === after[head]) head++
  let tail = 0
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++
  }
  if (before.length - head - tail <= limit || after.length - head - tail <= limit) return false
  return (
    rotation(before.slice(head, before.length - tail), after.slice(head, after.length - tail)) ===
    null
  )
}

/** The operations that turn the id list `before` into `after` (ids unique in each). */
export function planAxisSync(before: readonly string[], after: readonly string[]): AxisPlan {
  // A user's edit touches one place: only the window between the common head and tail can
  // differ, so a 100,000-row sheet costs two linear scans, not set and sequence work on all.
  let head = 0
  while (head < before.length && head < after.length && before[head] === after[head]) head++
  let tail = 0
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++
  }
  const plan = planWindow(
    before.slice(head, before.length - tail),
    after.slice(head, after.length - tail),
  )
  for (const op of plan.ops) {
    if (op.type === 'move') {
      op.from += head
      op.to += head
    } else op.at += head
  }
  return plan
}

/** Applies a plan to a plain array, with the engine's semantics (for tests and checks). */
export function applyAxisOps<T>(list: T[], ops: readonly AxisOp[], fresh: (n: number) => T[]): T[] {
  const out = [...list]
  for (const op of ops) {
    if (op.type === 'remove') out.splice(op.at, op.count)
    else if (op.type === 'insert') out.splice(op.at, 0, ...fresh(op.count))
    else {
      const block = out.splice(op.from, op.count)
      out.splice(op.to > op.from ? op.to - op.count : op.to, 0, ...block)
    }
  }
  return out
}
