import { defineAsyncComponent, type Component } from 'vue'

/**
 * UI that a workbook's first screen never shows — dialogs, side panels, the version history,
 * the no-access page — each in its own chunk, so the app's chunk a first load waits for holds
 * the grid, the toolbar and the menus' buttons only. Every one of them opens on a click (none on
 * a keystroke typed straight into it), and `prefetchLazyComponents` loads them all once the
 * sheet is on screen, so a first click finds its chunk there.
 */
const loaders = {
  ShareDialog: () => import('./access/ShareDialog.vue'),
  ViewLinkDialog: () => import('./access/ViewLinkDialog.vue'),
  NoAccessPage: () => import('./access/NoAccessPage.vue'),
  SortDialog: () => import('./dataTools/SortDialog.vue'),
  TableDialog: () => import('./table/TableDialog.vue'),
  FormatTableDialog: () => import('./table/FormatTableDialog.vue'),
  CustomFormatDialog: () => import('./format/CustomFormatDialog.vue'),
  ShortcutsDialog: () => import('./grid/ShortcutsDialog.vue'),
  FunctionListDialog: () => import('./help/FunctionListDialog.vue'),
  CommentsPanel: () => import('./comments/CommentsPanel.vue'),
  ConditionalFormatPanel: () => import('./conditionalFormat/ConditionalFormatPanel.vue'),
  ValidationPanel: () => import('./validation/ValidationPanel.vue'),
  NamedRangesPanel: () => import('./namedRanges/NamedRangesPanel.vue'),
  HistoryPanel: () => import('./history/HistoryPanel.vue'),
  CellHistoryDialog: () => import('./history/CellHistoryDialog.vue'),
} satisfies Record<string, () => Promise<{ default: Component }>>

export const ShareDialog = defineAsyncComponent(loaders.ShareDialog)
export const ViewLinkDialog = defineAsyncComponent(loaders.ViewLinkDialog)
export const NoAccessPage = defineAsyncComponent(loaders.NoAccessPage)
export const SortDialog = defineAsyncComponent(loaders.SortDialog)
export const TableDialog = defineAsyncComponent(loaders.TableDialog)
export const FormatTableDialog = defineAsyncComponent(loaders.FormatTableDialog)
export const CustomFormatDialog = defineAsyncComponent(loaders.CustomFormatDialog)
export const ShortcutsDialog = defineAsyncComponent(loaders.ShortcutsDialog)
export const FunctionListDialog = defineAsyncComponent(loaders.FunctionListDialog)
export const CommentsPanel = defineAsyncComponent(loaders.CommentsPanel)
export const ConditionalFormatPanel = defineAsyncComponent(loaders.ConditionalFormatPanel)
export const ValidationPanel = defineAsyncComponent(loaders.ValidationPanel)
export const NamedRangesPanel = defineAsyncComponent(loaders.NamedRangesPanel)
export const HistoryPanel = defineAsyncComponent(loaders.HistoryPanel)
export const CellHistoryDialog = defineAsyncComponent(loaders.CellHistoryDialog)

let prefetched = false

/**
 * Loads every lazy component's chunk when the page is idle (once per page), so opening a
 * dialog or a panel later waits for no download — and last the formula engine's code (only
 * fetched, not built: `WorkbookFormulas` builds it once a sheet holds a formula), so a formula
 * typed after the connection drops is calculated there and then instead of reading `#CALC!`.
 */
export function prefetchLazyComponents(): void {
  if (prefetched) return
  prefetched = true
  loadInIdleTurns([...Object.values(loaders), () => import('./formula/formulaEngine')], whenIdle)
}

/**
 * Starts the loaders one per idle turn (`idle` calls back once the page has a moment): each
 * start adds the chunk's preload links to the page, and all fifteen in one callback made a
 * 50-75 ms task right after a big sheet came in (issue 19).
 */
export function loadInIdleTurns(
  queue: ReadonlyArray<() => Promise<unknown>>,
  idle: (then: () => void) => void,
): void {
  let next = 0
  const turn = (): void => {
    const loader = queue[next++]
    if (!loader) return
    void loader().catch(() => {})
    idle(turn)
  }
  idle(turn)
}

function whenIdle(then: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(then, { timeout: 2000 })
  else setTimeout(then, 0)
}
