/** What may show differently since the grid last read a sheet (`DisplayChanges.take`). */
export type ChangedRows = { all: true } | { all: false; rows: ReadonlySet<number> }

/**
 * The rows of a sheet whose cells may show something else since the grid last read them, so
 * that an edit re-reads the rows it touched and not the whole screen. Anything that is not a
 * plain value change (formats, structure, rules, filters, a formula's text…) marks every row.
 * One reader: `take` hands the changes over and starts again.
 */
export class DisplayChanges {
  private all = true
  private readonly rows = new Set<number>()

  markRows(rows: Iterable<number>): void {
    if (this.all) return
    for (const row of rows) this.rows.add(row)
  }

  markAll(): void {
    this.all = true
    this.rows.clear()
  }

  take(): ChangedRows {
    const out: ChangedRows = this.all ? { all: true } : { all: false, rows: new Set(this.rows) }
    this.all = false
    this.rows.clear()
    return out
  }
}
