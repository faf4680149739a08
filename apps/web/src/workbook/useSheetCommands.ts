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

  // The address always names the sheet on screen, so a reload or a copied address opens it:
  // filled in when it named none, corrected when it named a sheet that is gone (deleted here,
  // by someone else, or by an undo) so the sheet does not pop back in if it is restored. The
  // fragment (already stripped of its token, see `takeTokenFromLocation`) is kept.
  watch([activeSheetId, requestedSheetId], () => {
    const shown = activeSheetId.value
    if (shown === undefined || shown === requestedSheetId.value) return
    if (sheets.value.length > 0) {
      void router.replace({ path: sheetPath(shown), hash: window.location.hash })
    }
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
