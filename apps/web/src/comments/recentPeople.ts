/**
 * People seen in a workbook from this browser (display names from presence, and comment
 * authors), kept in local storage for a while: whom `@` suggests and highlights besides the
 * people here now. Nothing leaves the browser.
 */

const PREFIX = 'cellmate.people.'
/** How long someone seen counts as "recently in the workbook". */
export const RECENT_MS = 30 * 24 * 3600 * 1000
const MAX_PEOPLE = 100

type Seen = Record<string, number>

function read(storage: Storage | undefined, workbookId: string): Seen {
  try {
    const raw = storage?.getItem(PREFIX + workbookId)
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    if (!parsed || typeof parsed !== 'object') return {}
    const out: Seen = {}
    for (const [name, at] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof at === 'number' && name.length > 0 && name.length <= 100) out[name] = at
    }
    return out
  } catch {
    return {}
  }
}

/** Names seen in the workbook within `RECENT_MS` of `now`, most recent first. */
export function recentPeople(
  storage: Storage | undefined,
  workbookId: string,
  now = Date.now(),
): string[] {
  return Object.entries(read(storage, workbookId))
    .filter(([, at]) => now - at <= RECENT_MS)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name)
}

/** Records `names` as seen now; keeps the most recent `MAX_PEOPLE`. */
export function notePeople(
  storage: Storage | undefined,
  workbookId: string,
  names: readonly string[],
  now = Date.now(),
): void {
  if (names.length === 0) return
  const seen = read(storage, workbookId)
  let changed = false
  for (const name of names) {
    // Written at most once a minute per name: presence changes on every selection move.
    if ((seen[name] ?? 0) < now - 60_000) {
      seen[name] = now
      changed = true
    }
  }
  if (!changed) return
  const kept = Object.entries(seen)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_PEOPLE)
  try {
    storage?.setItem(PREFIX + workbookId, JSON.stringify(Object.fromEntries(kept)))
  } catch {
    // Storage full or refused: suggestions fall back to the people here now.
  }
}
