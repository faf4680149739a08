import { sheetTypes } from '@cellmate/model'
import type { SyncedDoc } from '@cellmate/client'
import type { SheetPreview } from '@cellmate/protocol'
import { nextTask } from './nextTask'
import { SheetSession } from './sheetSession'
import { previewDoc } from './sheetPreview'

/**
 * A sheet this browser has never held: nothing to show or edit until the server's state is
 * in. Its first screen (`SyncedDoc.preview`) is shown meanwhile, read-only, through
 * `showPreview`; edits wait for the real document, so none is made on the preview.
 * `cancelled`: true once the preview is no longer wanted (the session closed, the tab left).
 */
export async function awaitFirstSync(
  sheetId: string,
  synced: SyncedDoc,
  origin: object,
  cancelled: () => boolean,
  showPreview: (preview: SheetSession) => void,
): Promise<void> {
  const show = async (preview: SheetPreview): Promise<void> => {
    if (cancelled()) return
    // Three tasks, none near 50 ms on a busy machine: the preview's document, the grid's
    // first render of it, then sizing the cell index (zeroing a 1,000,000-cell sheet's
    // 24 MB), which comes after the first screen so that it does not delay it. Shown even
    // if the sheet is in by then: the whole sheet is shown two tasks later (`openSheet`),
    // after this one (tasks queued by `nextTask` run in order).
    const doc = previewDoc(preview)
    await nextTask()
    if (cancelled()) {
      doc.destroy()
      return
    }
    const handle = { doc, preview: true, release: () => doc.destroy() }
    showPreview(new SheetSession(sheetId, handle, origin))
    const entries = preview.cellEntries
    if (entries === undefined) return
    await nextTask()
    // Sized once for the whole sheet, not doubled again and again while its state applies.
    sheetTypes(synced.doc).cells.reserve(entries)
  }
  const stop = synced.watchPreview((preview) => void show(preview))
  try {
    if (synced.preview) void show(synced.preview)
    await synced.whenSynced()
  } catch {
    // Refused: the session opens on what there is, and the refusal is reported as usual.
  } finally {
    stop()
  }
}

/**
 * Lays out a freshly loaded sheet's rows and columns (`SheetLayout`) in this task and yields:
 * for a 1,000,000-cell sheet the 100,000 row ids take tens of milliseconds, which the grid's
 * first render of the sheet would otherwise add to its own task.
 */
export async function warmLayout(session: SheetSession): Promise<void> {
  void session.layout.rowCount
  void session.layout.colCount
  await nextTask()
}
