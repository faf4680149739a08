import type { Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { CellmateError, ERROR_CODES, parseDocName } from '@cellmate/protocol'
import type { DocEntry } from '../docEntry.js'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import type { SocketState } from './syncHandshake.js'

/** The documents sockets have joined: who may open what, the live copy of each, leaving. */
export class JoinedDocs {
  constructor(
    private readonly registry: DocumentRegistry,
    private readonly sheets: SheetService,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Refuses a document outside the socket's workbook. A sheet must be one of the workbook's
   * live sheets by the server's record: what the workbook document lists (editors write it)
   * decides nothing.
   */
  async authorize(state: SocketState, name: string): Promise<void> {
    const ref = parseDocName(name)
    if (!ref) throw new CellmateError(ERROR_CODES.BAD_REQUEST, `unknown document ${name}`)
    const workbookId = ref.kind === 'workbook' ? ref.id : ref.workbookId
    if (workbookId !== state.workbookId) {
      throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this connection is for another workbook')
    }
    if (ref.kind === 'sheet') await this.sheets.require(state.workbookId, ref.id)
  }

  /**
   * Binds a joiner's client id to its session; false when another session owns it already.
   * The join does not wait for the store (`DocumentRegistry.claimClient`). A store that cannot
   * write must still let people open and read: the id is then bound at its first write instead
   * (which the store refuses too until it recovers), and the joiner's presence waits for that.
   */
  claimAtJoin(entry: DocEntry, clientId: number, owner: string): boolean {
    return this.registry.claimClient(entry, clientId, owner, (err) => {
      if (err instanceof CellmateError && err.code === ERROR_CODES.STORAGE_FAILED) {
        this.log.warn(
          { doc: entry.name },
          'joined without binding the client id: the store cannot write',
        )
      } else this.log.error({ err, doc: entry.name }, "failed to bind a joiner's client id")
    })
  }

  /**
   * The socket's entry of a joined document. A copy the registry dropped (the store refused a
   * change already applied to it) is swapped for the document as stored: the socket was never
   * sent anything that is not stored, so it goes on as if nothing happened.
   */
  async live(state: SocketState, name: string): Promise<DocEntry | undefined> {
    const entry = state.docs.get(name)
    if (!entry?.poisoned) return entry
    let renewing = state.renewing.get(name)
    if (!renewing) {
      renewing = this.registry.acquire(name).then((fresh) => {
        if (state.docs.get(name) === entry) {
          state.docs.set(name, fresh)
          this.registry.release(entry)
        } else this.registry.release(fresh)
        return state.docs.get(name) as DocEntry
      })
      renewing.finally(() => state.renewing.delete(name)).catch(() => {})
      state.renewing.set(name, renewing)
    }
    return renewing
  }

  leave(socket: Socket, state: SocketState, name: string): void {
    const entry = state.docs.get(name)
    if (!entry) return
    state.docs.delete(name)
    void socket.leave(name)
    this.registry.dropAwareness(entry, socket.id)
    this.registry.release(entry)
  }
}
