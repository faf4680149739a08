import type { VersionRecord } from '../store/historyRecords.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** When automatic versions are taken and how long versions are kept (`VERSION_*` settings). */
export interface VersionPolicy {
  /** A version once editing has been quiet this long (default 5 minutes). */
  quietMs: number
  /** While editing goes on, at most one automatic version per this long (default 30 minutes). */
  busyMs: number
  /** How often the schedule looks at the workbooks edited (default 30 s). */
  checkEveryMs: number
  /** Every version is kept this long (default 30 days)… */
  keepAllMs: number
  /** …then the newest of each day until this age (default 365 days), then of each month. */
  keepDailyMs: number
  /** A full state is stored at least every this many versions of a document (default 32). */
  fullStateEvery: number
}

export const DEFAULT_VERSION_POLICY: VersionPolicy = {
  quietMs: 5 * MINUTE,
  busyMs: 30 * MINUTE,
  checkEveryMs: 30_000,
  keepAllMs: 30 * DAY,
  keepDailyMs: 365 * DAY,
  fullStateEvery: 32,
}

/**
 * The versions retention drops at `now`: named versions stay forever; others stay for
 * `keepAllMs`, then only the newest of each UTC day, past `keepDailyMs` only the newest of
 * each month. The newest version always stays. `versions` oldest first.
 */
export function versionsToDrop(
  versions: readonly VersionRecord[],
  now: number,
  policy: Pick<VersionPolicy, 'keepAllMs' | 'keepDailyMs'>,
): string[] {
  const keptBucket = new Set<string>()
  const drop: string[] = []
  // Newest first: the first version seen in a bucket is the one kept.
  for (const [i, v] of [...versions].reverse().entries()) {
    const age = now - v.createdAt
    if (i === 0 || v.kind === 'named' || age < policy.keepAllMs) continue
    const at = new Date(v.createdAt)
    const bucket =
      age < policy.keepDailyMs
        ? `d${at.getUTCFullYear()}-${at.getUTCMonth()}-${at.getUTCDate()}`
        : `m${at.getUTCFullYear()}-${at.getUTCMonth()}`
    if (keptBucket.has(bucket)) drop.push(v.id)
    else keptBucket.add(bucket)
  }
  return drop
}
