import type { Socket } from 'socket.io'
import type { FastifyBaseLogger } from 'fastify'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import {
  CellmateError,
  ERROR_CODES,
  EVENTS,
  LIMITS,
  awarenessMessage,
  describeIssues,
  joinRequest,
  leaveRequest,
  parseDocName,
  sheetOpRequest,
  updateMessage,
  type JoinAck,
  type SheetOpOk,
  type UpdateAck,
} from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { SheetService } from '../sheetService.js'
import type { UpdateInspector } from './updateInspector.js'
import { awarenessClients } from './awarenessClients.js'
import type { JoinedDocs } from './joinedDocs.js'
import type { JoinDownloads } from './joinDownloads.js'
import { joinState, type JoinShape } from './joinState.js'
import { sheetPreview, worthAPreview } from './sheetPreview.js'
import { REVOKED_MESSAGE } from './linkRevocation.js'
import type { SocketState } from './syncHandshake.js'
import { socketAuthor } from './socketAuthor.js'

/** What the event handlers of a `/sync` socket work with. */
export interface SyncHandlerDeps {
  registry: DocumentRegistry
  sheets: SheetService
  inspector: UpdateInspector
  joined: JoinedDocs
  downloads: JoinDownloads
  log: FastifyBaseLogger
}

/** Documents one socket may hold open at once (the workbook and its sheets). */
const MAX_DOCS_PER_SOCKET = LIMITS.maxSheets + 1

/**
 * `join {doc, stateVector}`: Yjs sync step 1 and 2 in one round trip. The joiner waits only
 * for its own document (loaded once, shared) and the binding of its client id.
 */
export async function handleJoin(
  deps: SyncHandlerDeps,
  socket: Socket,
  raw: unknown,
): Promise<JoinAck> {
  const { registry, joined } = deps
  const state = socket.data as SocketState
  const req = joinRequest.safeParse(raw)
  if (!req.success) throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(req.error))
  const name = req.data.doc
  await joined.authorize(state, name)
  let entry = await joined.live(state, name)
  if (!entry) {
    if (state.docs.size >= MAX_DOCS_PER_SOCKET) {
      throw new CellmateError(
        ERROR_CODES.LIMIT_EXCEEDED,
        `one connection may open at most ${MAX_DOCS_PER_SOCKET} documents`,
      )
    }
    entry = await registry.acquire(name)
    if (socket.disconnected) {
      registry.release(entry)
      throw new CellmateError(ERROR_CODES.NOT_JOINED, 'disconnected')
    }
    state.docs.set(name, entry)
  }
  // A batch sent to the room but not applied yet (a big one is applied after its acks) is in
  // neither the stream nor the snapshot of a socket that joins now: wait for it. A copy
  // dropped meanwhile (its flush failed) is swapped for the document as stored.
  while (entry.applying || entry.poisoned) {
    if (entry.applying) {
      await entry.applying
      continue
    }
    const fresh = await joined.live(state, name)
    if (!fresh) throw new CellmateError(ERROR_CODES.NOT_JOINED, 'disconnected')
    entry = fresh
  }
  // Bind the client id before anyone can see it (awareness shows it to the room, and waits
  // for the binding), so no other session can write with it first. The join itself does not
  // wait for the store: a newcomer waits for nothing but its own sync.
  if (
    req.data.clientId !== undefined &&
    !joined.claimAtJoin(entry, req.data.clientId, state.owner)
  ) {
    throw new CellmateError(
      ERROR_CODES.CLIENT_ID_TAKEN,
      'this client id belongs to another session; pick a new one',
    )
  }
  // Join the room before encoding, in the same tick as the wait above: any update stored
  // after this point is broadcast to this socket too, so none falls between the snapshot and
  // the stream.
  await socket.join(name)
  // The first screen goes out before the whole state, which may take a while to encode and
  // download: let it leave before encoding. Updates stored meanwhile reach this socket through
  // the room as well as in the state, which applying twice ignores.
  if (req.data.preview && parseDocName(name)?.kind === 'sheet' && worthAPreview(entry.doc)) {
    socket.emit(EVENTS.preview, sheetPreview(entry.doc, name))
    await new Promise((resolve) => setImmediate(resolve))
  }
  const stream = req.data.slices === true ? req.data.stream : undefined
  const shape: JoinShape =
    req.data.slices !== true
      ? 'whole'
      : stream === undefined
        ? 'sliced'
        : req.data.download === true
          ? 'download'
          : 'parts'
  const { update, more, parts, stateVector } = joinState(entry.doc, req.data.stateVector, shape)
  // A big rest goes over HTTP to a client that can take it so: the same framed slices (encoded
  // once per document change, like the rest), behind a ticket only this ack carries.
  const download = shape === 'download' && more ? deps.downloads.issue(socket.id, more) : undefined
  // Someone who may write has the document open: the checking worker a paste of theirs
  // needs starts now rather than after the paste arrives (once this join has been answered).
  if (state.role !== 'viewer') setImmediate(() => deps.inspector.warm())
  const states = [...entry.awareness.getStates().keys()]
  if (states.length > 0) {
    socket.emit(EVENTS.awareness, {
      doc: name,
      update: encodeAwarenessUpdate(entry.awareness, states),
    })
  }
  if (parts && stream !== undefined) {
    // After the ack, which the caller sends once this resolves (in a microtask; an immediate
    // runs after it): the client reads how many parts to wait for there. Socket.IO keeps a
    // socket's messages in order.
    setImmediate(() => {
      parts.forEach((slices, index) => {
        if (socket.connected)
          socket.emit(EVENTS.joinPart, { doc: name, join: stream, index, slices })
      })
    })
  }
  return {
    ok: true,
    update,
    ...(download ? { download } : parts ? { parts: parts.length } : { more }),
    stateVector,
    role: state.role,
    session: state.owner,
  }
}

/**
 * `update {doc, update}`: checked, stored, then acknowledged; the registry applies it and
 * broadcasts it to the room once stored.
 */
export async function handleUpdate(
  deps: SyncHandlerDeps,
  socket: Socket,
  raw: unknown,
): Promise<UpdateAck> {
  const state = socket.data as SocketState
  // This socket's updates reach their documents' write queues in the order it sent them, while
  // their checks run side by side: an update checked inline overtakes a larger one sent before
  // it that a checking worker holds (or one of two workers finishes first), and the document
  // would refuse the later one as building on edits it does not have (OUT_OF_ORDER: a rejoin
  // and a resend of everything after it, each time a paste is followed by more edits).
  const previous = state.updateTurn
  let release = (): void => {}
  state.updateTurn = new Promise<void>((resolve) => (release = resolve))
  try {
    return await checkAndApplyUpdate(deps, socket, raw, previous, release)
  } finally {
    release()
  }
}

async function checkAndApplyUpdate(
  deps: SyncHandlerDeps,
  socket: Socket,
  raw: unknown,
  previous: Promise<void>,
  queued: () => void,
): Promise<UpdateAck> {
  const { registry, inspector, joined, log } = deps
  const state = socket.data as SocketState
  const msg = updateMessage.safeParse(raw)
  if (!msg.success) throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(msg.error))
  const entry = await joined.live(state, msg.data.doc)
  if (!entry) throw new CellmateError(ERROR_CODES.NOT_JOINED, 'join the document first')
  if (state.role === 'viewer') {
    log.warn(
      { socket: socket.id, doc: msg.data.doc, linkId: state.linkId },
      'refused an update from a viewer',
    )
    throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this link can only view the workbook')
  }
  const ref = parseDocName(msg.data.doc)
  if (!ref) throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'unknown document')
  // A commenter writes comments, which live in sheet documents only; what it writes there is
  // checked struct by struct (`checkCommentWrites`).
  if (state.role === 'commenter' && ref.kind !== 'sheet') {
    throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this link can only comment on the workbook')
  }
  if (msg.data.update.byteLength > LIMITS.maxUpdateBytes) {
    throw new CellmateError(
      ERROR_CODES.UPDATE_TOO_LARGE,
      `update of ${msg.data.update.byteLength} bytes exceeds the limit of ${LIMITS.maxUpdateBytes}`,
    )
  }
  await inspector.inspect(msg.data.update, ref.kind, msg.data.doc)
  await previous
  // The link may have been revoked while the update was inspected.
  if (state.revoked) throw new CellmateError(ERROR_CODES.FORBIDDEN, REVOKED_MESSAGE)
  const stored = registry.applyUpdate(entry, msg.data.update, {
    socketId: socket.id,
    owner: state.owner,
    role: state.role,
    author: socketAuthor(state, socket.id),
  })
  queued()
  await stored
  return { ok: true }
}

/**
 * `sheetOp`: add, duplicate, delete or restore a sheet (the server's sheet record and
 * documents). Renaming and reordering are edits of the workbook document, sent as updates.
 */
export async function handleSheetOp(
  deps: SyncHandlerDeps,
  socket: Socket,
  raw: unknown,
): Promise<SheetOpOk> {
  const state = socket.data as SocketState
  const req = sheetOpRequest.safeParse(raw)
  if (!req.success) throw new CellmateError(ERROR_CODES.BAD_REQUEST, describeIssues(req.error))
  if (state.role === 'viewer' || state.role === 'commenter') {
    throw new CellmateError(ERROR_CODES.FORBIDDEN, 'this link can only view the workbook')
  }
  const sheet = await deps.sheets.run(state.workbookId, req.data)
  return { sheet }
}

/**
 * `awareness {doc, update}`: presence, relayed to the room and never stored; no ack. One larger
 * than `LIMITS.maxAwarenessBytes` is dropped before it is read.
 */
export function handleAwareness(deps: SyncHandlerDeps, socket: Socket, raw: unknown): void {
  const { registry, log } = deps
  const state = socket.data as SocketState
  if (state.revoked || !state.limiter.take()) return
  const msg = awarenessMessage.safeParse(raw)
  if (!msg.success) return
  const entry = state.docs.get(msg.data.doc)
  if (!entry) return
  if (msg.data.update.byteLength > LIMITS.maxAwarenessBytes) {
    log.debug(
      { socket: socket.id, bytes: msg.data.update.byteLength },
      'dropped an oversized awareness update',
    )
    return
  }
  // Presence speaks only for this session's own client ids: nobody shows a cursor or a name
  // in someone else's place. A joiner's id whose binding is being stored waits for it.
  const clients = awarenessClients(msg.data.update)
  const relay = (): void => {
    if (!clients?.every((id) => entry.owners.get(id) === state.owner)) {
      log.debug({ socket: socket.id }, 'dropped an awareness update for client ids not its own')
      return
    }
    if (state.docs.get(msg.data.doc) !== entry) return
    try {
      registry.applyAwareness(entry, msg.data.update, socket.id)
      socket.to(msg.data.doc).emit(EVENTS.awareness, msg.data)
    } catch (err) {
      log.warn({ err, socket: socket.id }, 'dropped a malformed awareness update')
    }
  }
  if (clients?.some((id) => entry.claiming.has(id))) {
    void registry.untilClaimed(entry, clients).then(relay)
  } else relay()
}

/** `leave {doc}`: the socket's reference and presence in the document go; no ack. */
export function handleLeave(deps: SyncHandlerDeps, socket: Socket, raw: unknown): void {
  const msg = leaveRequest.safeParse(raw)
  if (!msg.success) return
  deps.joined.leave(socket, socket.data as SocketState, msg.data.doc)
}
