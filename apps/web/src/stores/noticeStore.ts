import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { asSentence } from '../workbook/noticeText'

/** `info` tells what happened (and fades); `error` says why something was refused. */
export type NoticeKind = 'info' | 'error'

/** A one-click follow-up offered with a notice ("Restore mine", "Copy my text"). */
export interface NoticeAction {
  label: string
  run: () => void
}

export interface Notice {
  message: string
  kind: NoticeKind
  action?: NoticeAction
}

/** How long an `info` notice stays; an `error` stays until dismissed or replaced. */
export const INFO_NOTICE_MS = 8000
/** An `info` notice that offers an action stays longer: there is something to decide. */
export const ACTION_NOTICE_MS = 20000

export interface NoticeOptions {
  action?: NoticeAction
  /** Stays until dismissed or replaced, even as `info` (it holds something the user needs). */
  persistent?: boolean
}

/**
 * One short message for the user under the toolbar: a refused structural edit ("a sheet keeps
 * at least one of its rows"), the sheet they were on being deleted by someone else, a cell
 * edit that met someone else's. The timer pauses while the pointer or focus is on the notice,
 * so it never fades under a hand reaching for its button.
 */
export const useNoticeStore = defineStore('notice', () => {
  const current = shallowRef<Notice | null>(null)
  const held = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let lifetime: number | null = null

  function clearTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  function startTimer(): void {
    clearTimer()
    if (lifetime !== null && !held.value) timer = setTimeout(dismiss, lifetime)
  }

  function show(message: string, kind: NoticeKind, options: NoticeOptions = {}): void {
    const notice: Notice = { message: asSentence(message), kind }
    if (options.action) notice.action = options.action
    current.value = notice
    lifetime =
      kind === 'error' || options.persistent
        ? null
        : options.action
          ? ACTION_NOTICE_MS
          : INFO_NOTICE_MS
    startTimer()
  }

  /** Shows why `err` (usually a model `CellmateError`) refused an edit. */
  function showError(err: unknown): void {
    show(err instanceof Error ? err.message : String(err), 'error')
  }

  /** Runs the notice's action and closes it (the action may show a notice of its own). */
  function act(): void {
    const action = current.value?.action
    dismiss()
    action?.run()
  }

  /** The pointer or focus is on the notice: keep it until `release`. */
  function hold(): void {
    held.value = true
    clearTimer()
  }

  function release(): void {
    held.value = false
    if (current.value) startTimer()
  }

  function dismiss(): void {
    clearTimer()
    lifetime = null
    current.value = null
  }

  return { current, show, showError, act, hold, release, dismiss }
})
