import type { CellEdit, Version } from '@cellmate/client'
import type { CellFormat } from '@cellmate/model'
import { inferValue, isFormula } from '@cellmate/formula'
import { gridCell } from '../formula/gridCell'

/** Versions of one day, newest first, under a heading ("Today", "Yesterday", "5 January 2026"). */
export interface VersionGroup {
  heading: string
  versions: Version[]
}

const dayKey = (d: Date): string => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`

/** Groups versions (any order) by local day, newest day and version first. */
export function groupVersionsByDay(versions: readonly Version[], now: Date): VersionGroup[] {
  const today = dayKey(now)
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1))
  const groups = new Map<string, VersionGroup>()
  for (const v of [...versions].sort((a, b) => b.createdAt - a.createdAt)) {
    const at = new Date(v.createdAt)
    const key = dayKey(at)
    let group = groups.get(key)
    if (!group) {
      const heading =
        key === today
          ? 'Today'
          : key === yesterday
            ? 'Yesterday'
            : at.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })
      groups.set(key, (group = { heading, versions: [] }))
    }
    group.versions.push(v)
  }
  return [...groups.values()]
}

const KIND_TITLES: Record<Version['kind'], string> = {
  auto: 'Automatic version',
  named: 'Named version',
  import: 'Import',
  restore: 'Before a restore',
}

/** What a version is called in the list: its name, else what made it. */
export function versionTitle(v: Version): string {
  return v.label ?? KIND_TITLES[v.kind]
}

/** The time of day of a version, e.g. "14:05". */
export function versionTime(v: Version): string {
  return new Date(v.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

/** A writer as people read it: their name, else how they wrote. */
export function writerName(w: { name: string | null; linkId: string | null }): string {
  if (w.name) return w.name
  return w.linkId ? 'Someone with a link' : 'The owner'
}

/** Who took part, e.g. "Ana, Ben and 2 others"; "" when nobody edited. */
export function versionPeople(v: Version): string {
  const names = [...new Set(v.participants.map(writerName))]
  if (names.length <= 2) return names.join(' and ')
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`
}

/** What changed, e.g. "Sheet1: 3 cells · Data: 1 cell"; "" when no cell changed. */
export function versionSummary(v: Version): string {
  return v.summary
    .filter((s) => s.cellsChanged > 0)
    .map((s) => `${s.name}: ${s.cellsChanged} ${s.cellsChanged === 1 ? 'cell' : 'cells'}`)
    .join(' · ')
}

/**
 * One line of a cell's history: what it became, as the grid shows that input in the cell's
 * `format` (`46000` in a date format reads `2025-12-10`, `0.25` in percent `25.00%`); a formula
 * as typed, its value then being unknown; "Cleared" for an empty cell.
 */
export function editValue(e: CellEdit, format: CellFormat = {}): string {
  if (e.value === null) return 'Cleared'
  const raw = e.value
  if (isFormula(raw)) return raw
  const typed = {
    value: () => inferValue(raw).value,
    layout: { cellAt: () => raw },
    shownFormat: () => null,
  }
  return gridCell(typed, 0, 0, format).text
}

/** When an edit was made, as a date and time. */
export function editTime(e: CellEdit): string {
  return new Date(e.at).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  })
}
