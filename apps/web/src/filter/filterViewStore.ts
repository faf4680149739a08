import { parseFilterSpec, type FilterSpec } from '@cellmate/model'

/**
 * Personal filter views, kept in this browser (localStorage) per sheet: a view filters only
 * this person's screen, so it must not be in the shared document, where every write reaches
 * everyone and every undo history; and a view is by ids, so it stays right while others
 * insert, delete and sort rows. The cost: a view does not follow its owner to another browser.
 */

/** A named personal filter. */
export interface FilterView {
  id: string
  name: string
  spec: FilterSpec
}

/** What is stored per sheet: the views and which one is on (null: the shared filter shows). */
export interface StoredViews {
  views: FilterView[]
  active: string | null
}

/** Where views are kept; `localStorage` in the browser, a Map in tests. */
export interface ViewStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const key = (sheetId: string): string => `cellmate.filterViews.${sheetId}`
const MAX_VIEWS = 50

function browserStorage(): ViewStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage denied (a sandboxed frame): views last as long as the tab
  }
}

/** Reads a sheet's views, skipping any that do not parse (edited by hand, an older version). */
export function loadViews(
  sheetId: string,
  storage: ViewStorage | null = browserStorage(),
): StoredViews {
  let parsed: unknown
  try {
    parsed = JSON.parse(storage?.getItem(key(sheetId)) ?? 'null')
  } catch {
    parsed = null
  }
  const raw = (parsed ?? {}) as { views?: unknown; active?: unknown }
  const views: FilterView[] = []
  for (const v of Array.isArray(raw.views) ? raw.views.slice(0, MAX_VIEWS) : []) {
    const { id, name, spec } = (v ?? {}) as Record<string, unknown>
    const checked = parseFilterSpec(spec)
    if (typeof id === 'string' && typeof name === 'string' && checked) {
      views.push({ id, name: name.slice(0, 100), spec: checked })
    }
  }
  const active = views.some((v) => v.id === raw.active) ? (raw.active as string) : null
  return { views, active }
}

/** Stores a sheet's views (quietly does nothing when the browser refuses storage). */
export function saveViews(
  sheetId: string,
  stored: StoredViews,
  storage: ViewStorage | null = browserStorage(),
): void {
  try {
    storage?.setItem(key(sheetId), JSON.stringify(stored))
  } catch {
    // Quota or privacy mode: the views stay in memory for this tab.
  }
}
