import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ACTION_NOTICE_MS, INFO_NOTICE_MS, useNoticeStore } from './noticeStore'

describe('notices', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('reads as a sentence whatever the model or server wrote', () => {
    const notices = useNoticeStore()
    notices.show('this link can only view the workbook', 'error')
    expect(notices.current?.message).toBe('This link can only view the workbook.')
  })

  it('an info notice fades; one with an action stays longer; a persistent one stays', () => {
    const notices = useNoticeStore()
    notices.show('saved', 'info')
    vi.advanceTimersByTime(INFO_NOTICE_MS)
    expect(notices.current).toBeNull()

    notices.show('replaced', 'info', { action: { label: 'Restore mine', run: () => {} } })
    vi.advanceTimersByTime(INFO_NOTICE_MS)
    expect(notices.current?.message).toBe('Replaced.')
    vi.advanceTimersByTime(ACTION_NOTICE_MS - INFO_NOTICE_MS)
    expect(notices.current).toBeNull()

    notices.show('your draft', 'info', { persistent: true })
    vi.advanceTimersByTime(10 * ACTION_NOTICE_MS)
    expect(notices.current?.message).toBe('Your draft.')
  })

  it('does not fade while held (pointer or focus on it), and runs its action once', () => {
    const notices = useNoticeStore()
    const run = vi.fn()
    notices.show('replaced', 'info', { action: { label: 'Restore mine', run } })
    notices.hold()
    vi.advanceTimersByTime(10 * ACTION_NOTICE_MS)
    expect(notices.current).not.toBeNull()
    notices.release()
    notices.act()
    expect(run).toHaveBeenCalledTimes(1)
    expect(notices.current).toBeNull()
    notices.act()
    expect(run).toHaveBeenCalledTimes(1)
  })
})
