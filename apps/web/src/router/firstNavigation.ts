import type { Router } from 'vue-router'
import { nextTask } from '../sync/nextTask'

/**
 * Holds the router's first navigation until `later()` resolves (by default the next task), so
 * the first page's view, a workbook's being the heaviest to set up, mounts in a task after
 * the app's chunk ran and the app mounted: the two in one task held the main thread past
 * 50 ms (issue 19). Navigations after the first are not held.
 */
export function holdFirstNavigation(router: Router, later: () => Promise<void> = nextTask): void {
  const remove = router.beforeEach(async () => {
    remove()
    await later()
  })
}
