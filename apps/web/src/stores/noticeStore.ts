import { defineStore } from 'pinia'
import { ref } from 'vue'

/** `info` tells what happened (and fades); `error` says why something was refused. */
export type NoticeKind = 'info' | 'error'

export interface Notice {
  message: string
  kind: NoticeKind
}

/** How long an `info` notice stays; an `error` stays until dismissed or replaced. */
export const INFO_NOTICE_MS = 8000

/**
 * One short message for the user under the toolbar: a refused structural edit ("a sheet keeps
 * at least one of its rows"), or the sheet they were on being deleted by someone else.
 */
export const useNoticeStore = defineStore('notice', () => {
  const current = ref<Notice | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null

  function show(message: string, kind: NoticeKind): void {
    if (timer) clearTimeout(timer)
    timer = null
    current.value = { message: sentenceCase(message), kind }
    if (kind === 'info') timer = setTimeout(dismiss, INFO_NOTICE_MS)
  }

  /** Shows why `err` (usually a model `CellmateError`) refused an edit. */
  function showError(err: unknown): void {
    show(err instanceof Error ? err.message : String(err), 'error')
  }

  function dismiss(): void {
    if (timer) clearTimeout(timer)
    timer = null
    current.value = null
  }

  return { current, show, showError, dismiss }
})

/** Model messages are lower-case clauses ("a sheet keeps …"); a notice is a sentence. */
function sentenceCase(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}
