import { onScopeDispose, watch, type Ref } from 'vue'
import { useRouter } from 'vue-router'
import type { SheetInfo } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import type { WorkbookSession } from '../sync/workbookSession'

/**
 * Sheet tab commands and the navigation that goes with them. Renaming and moving edit the
 * workbook document (everyone sees them at once, offline too); adding, duplicating and
 * deleting are server operations, so they need a connection. A refusal (a duplicate name, the
 * last sheet, no connection) becomes a notice, as does an undo of a sheet operation that failed.
 */
export function useSheetCommands(
  session: WorkbookSession,
  sheets: Ref<SheetInfo[]>,
  activeSheetId: Ref<string | undefined>,
  requestedSheetId: Ref<string | undefined>,
) {
  const router = useRouter()
  const notices = useNoticeStore()
  onScopeDispose(session.history.onFailure((err) => notices.showError(err)))

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

  async function add(): Promise<void> {
    try {
      const info = await session.addSheet()
      await router.push(sheetPath(info.id))
    } catch (err) {
      notices.showError(err)
    }
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
    const offline = session.sheetOpProblem('Deleting a sheet')
    if (offline) {
      notices.showError(new Error(offline))
      return
    }
    const list = sheets.value
    const index = list.findIndex((s) => s.id === id)
    const neighbour = list[index + 1] ?? list[index - 1]
    if (id === activeSheetId.value && neighbour && list.length > 1) {
      await router.replace(sheetPath(neighbour.id))
    }
    try {
      await session.deleteSheet(id)
    } catch (err) {
      notices.showError(err)
    }
  }

  return { add, duplicate, rename, move, remove, sheetPath }
}
