import type { FastifyRequest } from 'fastify'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { Store } from '../store/store.js'
import type { Author } from '../store/historyRecords.js'

/**
 * Refuses a viewer (or commenter) the workbook's history (versions, cell history) unless the
 * owner allows it (`viewersSeeHistory`, an owner-only setting). Owners and editors always may.
 */
export async function requireHistoryAccess(
  store: Store,
  request: FastifyRequest,
  workbookId: string,
): Promise<void> {
  // Viewers and commenters read history only with the owner's leave.
  if (request.workbookRole === 'owner' || request.workbookRole === 'editor') return
  if ((await store.getWorkbookSettings(workbookId)).viewersSeeHistory) return
  throw new CellmateError(
    ERROR_CODES.FORBIDDEN,
    "the owner has not let viewers see this workbook's history",
  )
}

/** Who a REST write is attributed to: its share link (the owner's token has none). */
export function restAuthor(request: FastifyRequest): Author {
  return { linkId: request.workbookLinkId, name: null, source: 'rest' }
}
