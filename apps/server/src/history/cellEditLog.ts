import { SheetCells } from '@cellmate/model'
import { parseDocName } from '@cellmate/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { DocEntry } from '../docEntry.js'
import type { CellEditBatch } from '../store/historyRecords.js'
import type { Store } from '../store/store.js'

/**
 * The cell edit log: every change of a sheet's cells that someone made (a tab's update, a REST
 * write, a restore) is recorded as the cell's new value with who made it and when, keyed by
 * row id + column id, so a cell's history survives row moves and sorts. Recorded from the
 * document's own transactions once an update is stored and applied; the rows go to the store's
 * next group commit.
 */
export class CellEditLog {
  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number,
  ) {}

  /** Starts recording a just-loaded sheet document (`RegistryOptions.onLoaded`). */
  watch(entry: DocEntry): void {
    const ref = parseDocName(entry.name)
    if (ref?.kind !== 'sheet') return
    const { workbookId, id: sheetId } = ref
    const cells = SheetCells.of(entry.doc)
    cells.observe((_keys, tr) => {
      const author = entry.author
      // Only attributed changes: another node records its own, repairs are not edits.
      if (!author) return
      // Without the cells whose only change was losing an entry a concurrent write beat.
      // In the lists the document gives them (a paste: one per run of entries), each a batch
      // of the same change.
      const changed = cells.changedCells(tr)
      if (changed.length === 0) return
      const at = this.now()
      const { linkId, name, source } = author
      const edits = changed.map((list): CellEditBatch => ({
        workbookId,
        sheetId,
        at,
        linkId,
        name,
        source,
        cells: list,
      }))
      this.store.recordCellEdits(edits).catch((err: unknown) => {
        // The cells themselves are stored; only their history misses this change.
        this.log.error({ err, doc: entry.name }, 'could not record cell edits')
      })
    })
  }
}
