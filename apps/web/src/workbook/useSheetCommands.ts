import { watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import type { SheetInfo } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { WorkbookSession } from '../sync/workbookSession'

/**
 * Sheet tab commands (add, rename, duplicate, delete, move) on the workbook document, which
 * everyone sees at once, and the navigation that goes with them. A refusal from the model
 * (a duplicate name, the last sheet) becomes a notice.
 */
export function useSheetCommands(
  session: WorkbookSession,
  sheets: Ref<SheetInfo[]>,
  activeSheetId: Ref<string | undefined>,
  requestedSheetId: Ref<string | undefined>,
) {
  const router = useRouter()
  const notices = useNoticeStore()

  function sheetPath(id: string): string {
    return `/w/${encodeURIComponent(session.workbookId)}/${encodeURIComponent(id)}`
  }

  function attempt<T>(command: () => T): T | undefined {
    try {
      return command()
    } catch (err) {
      notices.showError(err)
      return undefined
    }
  }

  // The address names a sheet that is gone (deleted here, by someone else, or by an undo):
  // show the sheet we fell back to, so the sheet does not pop back in if it is restored.
  watch([sheets, requestedSheetId], () => {
    const wanted = requestedSheetId.value
    const fallback = activeSheetId.value
    if (wanted === undefined || fallback === undefined || fallback === wanted) return
    if (sheets.value.length > 0) void router.replace(sheetPath(fallback))
  })

  function add(): void {
    const info = attempt(() => session.addSheet())
    if (info) void router.push(sheetPath(info.id))
  }

  async function duplicate(id: string): Promise<void> {
    try {
      const info = await session.duplicateSheet(id)
      await router.push(sheetPath(info.id))
    } catch (err) {
      notices.showError(err)
    }
  }

  function rename(id: string, name: string): void {
    attempt(() => session.renameSheet(id, name))
  }

  function move(id: string, index: number): void {
    attempt(() => session.moveSheet(id, index))
  }

  /** Deletes a sheet; deleting the one on screen first shows its neighbour. */
  async function remove(id: string): Promise<void> {
    const list = sheets.value
    const index = list.findIndex((s) => s.id === id)
    const neighbour = list[index + 1] ?? list[index - 1]
    if (id === activeSheetId.value && neighbour && list.length > 1) {
      await router.replace(sheetPath(neighbour.id))
    }
    attempt(() => session.deleteSheet(id))
  }

  return { add, duplicate, rename, move, remove, sheetPath }
}
