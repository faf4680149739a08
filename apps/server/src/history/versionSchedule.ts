import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { VersionService } from './versionService.js'

interface Activity {
  /** First edit since the last version. */
  since: number
  lastEdit: number
}

/**
 * Automatic versions: a workbook edited on this node gets a version once editing has been
 * quiet for `quietMs`, or, while editing goes on, once `busyMs` has passed since its last
 * version. `check` does the looking; a timer calls it every `checkEveryMs`, tests call it
 * after moving their clock. With several nodes, each one versions the workbooks edited on it,
 * and skips one whose newest version (taken anywhere) is already newer than its edits.
 */
export class VersionSchedule {
  private readonly active = new Map<string, Activity>()
  private readonly lastVersion = new Map<string, number>()
  private timer: NodeJS.Timeout | null = null
  private checking: Promise<void> | null = null

  constructor(
    private readonly versions: VersionService,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts the timer (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.check(), this.versions.policy.checkEveryMs)
    this.timer.unref()
  }

  /** Call on every edit of a workbook made on this node. */
  edited(workbookId: string): void {
    const now = this.versions.now()
    const a = this.active.get(workbookId)
    if (a) a.lastEdit = now
    else this.active.set(workbookId, { since: now, lastEdit: now })
  }

  /** A version was taken for another reason (named, import, restore): it counts. */
  versioned(workbookId: string, at: number): void {
    this.lastVersion.set(workbookId, at)
    const a = this.active.get(workbookId)
    if (a && a.lastEdit <= at) this.active.delete(workbookId)
  }

  /** Takes the versions that are due; resolves once they are stored. */
  check(): Promise<void> {
    this.checking ??= this.takeDue().finally(() => {
      this.checking = null
    })
    return this.checking
  }

  /** Takes a version of every workbook still edited since its last one (shutdown). */
  async flush(): Promise<void> {
    await this.check()
    for (const workbookId of [...this.active.keys()]) await this.takeOne(workbookId)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private async takeDue(): Promise<void> {
    const { quietMs, busyMs } = this.versions.policy
    const now = this.versions.now()
    for (const [workbookId, a] of [...this.active]) {
      const last = this.lastVersion.get(workbookId) ?? a.since
      if (now - a.lastEdit >= quietMs || now - last >= busyMs) await this.takeOne(workbookId)
    }
  }

  private async takeOne(workbookId: string): Promise<void> {
    const a = this.active.get(workbookId)
    if (!a) return
    try {
      const latest = await this.versions.latest(workbookId)
      if (latest && latest.createdAt >= a.lastEdit) {
        // Another node (or a named version) already holds these edits.
        this.versioned(workbookId, latest.createdAt)
        return
      }
      const version = await this.versions.take(workbookId, 'auto')
      this.versioned(workbookId, version.createdAt)
    } catch (err) {
      // A workbook that is gone is forgotten; any other failure is retried at the next check.
      if (err instanceof CellmateError && err.code === ERROR_CODES.NOT_FOUND) {
        this.active.delete(workbookId)
      }
      this.log.error({ err, workbookId }, 'automatic version failed')
    }
  }
}
