import { computed, markRaw, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import type { SheetInfo } from '@cellmate/model'
import { ERROR_CODES } from '@cellmate/protocol'
import { useAccessStore } from '../stores/accessStore'
import { useConnectionStore } from '../stores/connectionStore'
import { useNoticeStore } from '../stores/noticeStore'
import {
  forgetToken,
  recentRole,
  recentToken,
  recordOpened,
  rememberRole,
  updateRecentTitle,
} from '../home/recentWorkbooks'
import { resolveActiveSheet } from '../workbook/activeSheet'
import { takeTokenFromLocation, tokenFromFragment } from '../workbook/tokenFragment'
import { useDeletedSheetDraft } from '../workbook/useDeletedSheetDraft'
import { takeEarlyConnection } from './earlyConnection'
import type { SheetSession } from './sheetSession'
import { WorkbookSession } from './workbookSession'

/**
 * Opens a workbook for the lifetime of the calling component and the sheet the route asks
 * for (the first sheet when it asks for none or for one the workbook does not have), and keeps
 * that sheet on screen until the user goes elsewhere or it is deleted (see
 * `resolveActiveSheet`).
 *
 * The cells stay in the sheet's Y.Doc; `version` is the only reactive trace of them, bumped
 * on every change so the grid re-reads its visible window.
 */
export function useWorkbookSession(workbookId: string, requestedSheetId: Ref<string | undefined>) {
  const connection = useConnectionStore()
  const notices = useNoticeStore()
  const access = useAccessStore()
  const drafts = useDeletedSheetDraft()
  let unmounted = false
  const title = ref('')
  const sheets = shallowRef<SheetInfo[]>([])
  const sheet = shallowRef<SheetSession | null>(null)
  const version = shallowRef(0)
  const canUndo = ref(false)
  const canRedo = ref(false)
  /** The server refused this tab: no token, a wrong or revoked link, or no such workbook. */
  const denied = computed(() => access.denial !== null)

  // The page's first workbook is already connecting (main.ts), with the address's token.
  const early = takeEarlyConnection(workbookId)
  const token = early
    ? early.token
    : (takeTokenFromLocation(window.location, window.history) ??
      recentToken(localStorage, workbookId))
  recordOpened(localStorage, { id: workbookId, token, openedAt: Date.now() })

  // Read-only until the server says otherwise (or said so on an earlier visit with this token).
  access.reset()
  const remembered = token === undefined ? undefined : recentRole(localStorage, workbookId, token)
  if (remembered) access.grant(remembered, 'remembered')

  const session = markRaw(new WorkbookSession(workbookId, token, early))
  const stopStatus = session.watchStatus((status) => {
    if (status.connection === 'denied') {
      access.deny(
        session.provider.denial ?? {
          code: ERROR_CODES.FORBIDDEN,
          message: 'the server refused access to this workbook',
        },
      )
    }
    connection.update(status)
  })
  void session.joinedRole().then((role) => {
    if (unmounted || role === null) return
    access.grant(role, 'joined')
    if (token !== undefined) rememberRole(localStorage, workbookId, token, role)
  })
  const stopErrors = session.watchErrors((message) => connection.report(message))
  const stopHistory = session.history.onChange(() => {
    canUndo.value = session.history.canUndo
    canRedo.value = session.history.canRedo
  })
  let stopWorkbook: (() => void) | null = null
  void session.start().then(() => {
    if (unmounted) return
    stopWorkbook = session.watchWorkbook((info) => {
      const before = sheets.value
      sheets.value = info.sheets
      title.value = info.title
      showSheet(before, info.sheets)
      // An empty workbook document is one not yet loaded, whose title is only a placeholder.
      if (info.sheets.length > 0) updateRecentTitle(localStorage, workbookId, info.title)
    })
  })

  watch(
    denied,
    (refused) => {
      // The link no longer opens anything; it would only lead back to this page.
      if (refused) forgetToken(localStorage, workbookId, token)
    },
    // Refused already when the page mounts (the early connection's handshake can end before the
    // app's chunk has even arrived): without `immediate` the watch would never see the change.
    { immediate: true },
  )

  /**
   * The sheet on screen. Only this user's navigation changes it, or the sheet being deleted:
   * someone else moving, renaming or adding tabs leaves it, its selection and its draft alone.
   */
  const activeSheetId = ref<string | undefined>(requestedSheetId.value)

  function showSheet(before: readonly SheetInfo[], after: readonly SheetInfo[]): void {
    const next = resolveActiveSheet({
      current: activeSheetId.value,
      requested: requestedSheetId.value,
      before,
      after,
    })
    const shown = before.find((s) => s.id === activeSheetId.value)
    if (next.deleted && shown && !session.deletedHere(next.deleted.id)) {
      const now = after.find((s) => s.id === next.id)
      if (now) drafts.sheetDeleted(shown.name, now.name)
    }
    activeSheetId.value = next.id
  }
  watch(requestedSheetId, () => showSheet(sheets.value, sheets.value))

  let stopSheet: (() => void) | null = null
  let openGeneration = 0
  function closeSheet(): void {
    stopSheet?.()
    stopSheet = null
    sheet.value?.close()
    sheet.value = null
    access.previewing = false
  }

  function show(opened: SheetSession): void {
    closeSheet()
    access.previewing = opened.isPreview
    if (!opened.isPreview) stopSheet = opened.onChange(() => version.value++)
    sheet.value = markRaw(opened)
    version.value++
  }

  watch(
    activeSheetId,
    async (id) => {
      const generation = ++openGeneration
      closeSheet()
      if (id === undefined) return
      const stale = (): boolean => generation !== openGeneration || unmounted
      // A sheet never opened in this browser shows the server's first screen while it loads.
      const opened = await session.openSheet(id, stale, (preview) => {
        if (stale()) preview.close()
        else show(preview)
      })
      if (!opened) return
      show(opened)
      // The whole sheet is in and editable (`packages/bench/scripts/browserOpenProfile.mjs`).
      performance.mark('cellmate:sheet-ready')
    },
    { immediate: true },
  )

  // A link to this same workbook opened in this tab changes only the fragment, which reloads
  // nothing: open the workbook afresh with the link's token (the reload reads it), unless it is
  // the token already in use and working.
  const onHashChange = (): void => {
    const linked = tokenFromFragment(window.location.hash)
    if (linked === null) return
    if (linked === token && !denied.value) takeTokenFromLocation(window.location, window.history)
    else window.location.reload()
  }
  window.addEventListener('hashchange', onHashChange)

  onBeforeUnmount(() => {
    window.removeEventListener('hashchange', onHashChange)
    unmounted = true
    openGeneration++
    closeSheet()
    stopWorkbook?.()
    stopStatus()
    stopErrors()
    stopHistory()
    session.destroy()
    connection.reset()
    access.reset()
    notices.dismiss()
  })

  return {
    session,
    title,
    sheets,
    sheet,
    version,
    denied,
    activeSheetId,
    canUndo,
    canRedo,
  }
}
