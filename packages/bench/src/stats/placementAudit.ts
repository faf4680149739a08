/**
 * One cell edit as its author meant it: "put `value` in column `col` of the row labelled
 * `rowLabel`". Every edit of a correctness run writes a value no other edit writes, and no client
 * writes the same cell twice, so a correct system must show every value exactly where it was
 * meant to go.
 */
export interface EditIntent {
  value: string
  rowLabel: string
  col: number
  /** The server confirmed it (Cellmate: durably stored; peers: applied). */
  acked: boolean
}

/** A row insert as its author meant it: a new row whose label cell reads `label`. */
export interface InsertIntent {
  label: string
  acked: boolean
}

export interface PlacementAudit {
  edits: number
  /** Found in the intended column of the row carrying the intended label. */
  landed: number
  /** Found, but in another row (or column) than the author meant. */
  misplaced: number
  /** Not in the sheet at all (overwritten by a misplaced edit, or never applied). */
  lost: number
  /** Acknowledged edits that were lost or misplaced: the failure the bench exits on. */
  ackedLostOrMisplaced: number
  /** (lost + misplaced) / edits, in percent. */
  lostOrMisplacedPct: number
  inserts: number
  /** Inserted rows whose label is nowhere in the label column. */
  insertsMissing: number
}

/**
 * Checks every intended edit and insert against the final sheet `rows` (each row a list of cell
 * values; column `labelCol` holds the row labels) as a newcomer would see it.
 */
export function auditPlacement(
  rows: ReadonlyArray<readonly string[]>,
  edits: readonly EditIntent[],
  inserts: readonly InsertIntent[],
  labelCol = 0,
): PlacementAudit {
  const where = new Map<string, Array<{ label: string; col: number }>>()
  const labels = new Set<string>()
  for (const row of rows) {
    const label = row[labelCol] ?? ''
    if (label !== '') labels.add(label)
    row.forEach((value, col) => {
      if (col === labelCol || value === '') return
      let spots = where.get(value)
      if (!spots) where.set(value, (spots = []))
      spots.push({ label, col })
    })
  }
  let landed = 0
  let misplaced = 0
  let lost = 0
  let ackedLostOrMisplaced = 0
  for (const edit of edits) {
    const spots = where.get(edit.value)
    if (!spots) lost++
    else if (spots.some((s) => s.label === edit.rowLabel && s.col === edit.col)) landed++
    else misplaced++
    if (edit.acked && !spots?.some((s) => s.label === edit.rowLabel && s.col === edit.col)) {
      ackedLostOrMisplaced++
    }
  }
  const insertsMissing = inserts.filter((i) => !labels.has(i.label)).length
  return {
    edits: edits.length,
    landed,
    misplaced,
    lost,
    ackedLostOrMisplaced,
    lostOrMisplacedPct: edits.length === 0 ? 0 : (100 * (lost + misplaced)) / edits.length,
    inserts: inserts.length,
    insertsMissing,
  }
}
