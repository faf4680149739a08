import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '@cellmate/client'
import { describeSyncStatus } from '../sync/syncStatusText'

const INITIAL: SyncStatus = { connection: 'connecting', pending: 0 }

/** The open workbook's connection, as the header shows it. */
export const useConnectionStore = defineStore('connection', () => {
  const status = ref<SyncStatus>({ ...INITIAL })
  const indicator = computed(() => describeSyncStatus(status.value))
  /** The last refusal from the server, shown until dismissed or the workbook is closed. */
  const problem = ref<string | null>(null)

  function update(next: SyncStatus): void {
    status.value = { connection: next.connection, pending: next.pending }
  }

  function report(message: string): void {
    problem.value = message
  }

  function dismissProblem(): void {
    problem.value = null
  }

  function reset(): void {
    status.value = { ...INITIAL }
    problem.value = null
  }

  return { status, indicator, problem, update, report, dismissProblem, reset }
})
