import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { SheetLimits } from '@cellmate/model'
import type { DocEntry, WriteJob } from '../docEntry.js'
import { BatchOverlay } from './batchOverlay.js'
import { checkSheetUpdate } from './sheetUpdateCheck.js'
import { checkWorkbookUpdate } from './workbookUpdateCheck.js'

type ClientWrite = Extract<WriteJob, { kind: 'client' }>

/**
 * Which client updates of one group commit may be stored, checked in order against the
 * document as the earlier ones of the batch will leave it (`BatchOverlay`): each refused one
 * is rejected here and leaves the batch; `claims` are the client ids written with that nobody
 * owns yet, to bind to their writers' sessions in the same commit. A workbook document is
 * checked on a copy, which cannot see the batch's earlier updates: after one accepted
 * workbook update, the rest go back to the front of the queue for the next turn.
 */
export function checkClientBatch(
  entry: DocEntry,
  batch: ClientWrite[],
  limits: SheetLimits,
): { ok: ClientWrite[]; claims: Map<number, string> } {
  const ok: ClientWrite[] = []
  const claims = new Map<number, string>()
  const overlay = new BatchOverlay()
  for (let i = 0; i < batch.length; i++) {
    const job = batch[i] as ClientWrite
    if (entry.kind === 'workbook' && ok.length > 0) {
      entry.queue.unshift(...batch.slice(i))
      break
    }
    try {
      if (entry.kind === 'sheet') {
        const checked = checkSheetUpdate(entry.doc, job.update, limits, overlay, {
          owner: job.from.owner,
          role: job.from.role ?? 'editor',
        })
        checkOwners(entry, checked.writers, job.from.owner, claims)
        overlay.add(checked)
      } else {
        checkOwners(entry, checkWorkbookUpdate(entry.doc, job.update), job.from.owner, claims)
      }
      ok.push(job)
    } catch (err) {
      job.reject(err)
    }
  }
  return { ok, claims }
}

/** Refuses writers owned by another session; records the ones nobody owns yet as claims. */
function checkOwners(
  entry: DocEntry,
  writers: Set<number>,
  owner: string,
  claims: Map<number, string>,
): void {
  for (const id of writers) {
    const current = entry.owners.get(id) ?? claims.get(id)
    if (current !== undefined && current !== owner) {
      throw new CellmateError(
        ERROR_CODES.CLIENT_ID_TAKEN,
        `client id ${id} belongs to another session of this document`,
      )
    }
  }
  for (const id of writers) if (!entry.owners.has(id)) claims.set(id, owner)
}
