import * as z from 'zod/mini'
import { LIMITS } from './limits.js'
import { isValidId, parseDocName } from './docName.js'
import type { ErrorBody } from './errors.js'
import { lazySchema } from './lazySchema.js'

/** Parts one join answer may come in (`JoinOk.parts`): far more than any sheet's state needs. */
export const MAX_JOIN_PARTS = 1_000_000

/** Bumped on any incompatible change to the events below. Sent in the handshake. */
export const PROTOCOL_VERSION = 5

/** Socket.IO namespace of the sync protocol. */
export const SYNC_NAMESPACE = '/sync'

/** Where a join answer's rest is downloaded (`JoinOk.download`): this, a slash and a ticket. */
export const JOIN_DOWNLOAD_PATH = '/sync/join-state'
const JOIN_DOWNLOAD_PATTERN = /^\/sync\/join-state\/[A-Za-z0-9_-]{16,64}$/

/** Event names on the `/sync` namespace. */
export const EVENTS = {
  join: 'join',
  update: 'update',
  awareness: 'awareness',
  leave: 'leave',
  /** Server -> client: the link this connection uses was revoked; a disconnect follows. */
  accessRevoked: 'access-revoked',
  /** Client -> server: add, duplicate, delete or restore a sheet (`sheetOpRequest`). */
  sheetOp: 'sheet',
  /** Server -> client: a sheet's first screen, before its join answer (`sheetPreview`). */
  preview: 'preview',
  /** Server -> client: slices of a join answer that follow its ack (`joinPartMessage`). */
  joinPart: 'join-part',
} as const

export type EventName = (typeof EVENTS)[keyof typeof EVENTS]

/**
 * What a socket may do in a workbook. A `commenter` views and writes comments only (the
 * server refuses any other write of theirs).
 */
export const ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/**
 * Binary payloads arrive as `Buffer` on Node and as `ArrayBuffer` in browsers (Socket.IO
 * attachments); both are normalised to a plain `Uint8Array` view.
 */
const binary = () =>
  z.pipe(
    z.custom<Uint8Array | ArrayBuffer>(
      (v) => v instanceof Uint8Array || v instanceof ArrayBuffer,
      'expected binary data',
    ),
    z.transform((v: Uint8Array | ArrayBuffer) => (v instanceof Uint8Array ? v : new Uint8Array(v))),
  )

const docName = () =>
  z.string().check(
    z.maxLength(LIMITS.maxDocNameChars),
    z.refine((n) => parseDocName(n) !== null, 'unknown document name'),
  )

/** A Yjs client id: a random unsigned 32-bit integer (what `new Y.Doc()` picks). */
const clientId = () => z.int().check(z.minimum(0), z.maximum(0xffffffff))

/**
 * Client -> server: open a document; the ack carries sync step 2 and the server's state vector.
 * `clientId` is the client's Yjs client id for this document: the join binds it to the
 * connection's session (`clientKey`) before anyone else can see it, so no other session can
 * write with it.
 */
export const joinRequest = lazySchema(() =>
  z.object({
    doc: docName(),
    stateVector: binary(),
    clientId: z.optional(clientId()),
    /**
     * The client applies the answer in slices (`JoinOk.more`) and yields between them, so a big
     * document never holds its thread for long. Without it the answer is one update.
     */
    slices: z.optional(z.boolean()),
    /**
     * With `slices`: the slices after the first come as `joinPart` messages tagged with this
     * number (any the client tells its joins apart by), a few hundred KB each, instead of in
     * `JoinOk.more`. One message of a big sheet's whole state (31 MB for 1,000,000 cells) held a
     * browser's main thread 0.5-1 s while it arrived, and nothing applied before all of it was in.
     */
    stream: z.optional(z.int().check(z.minimum(0), z.maximum(0xffffffff))),
    /**
     * With `stream`: the client can download the rest over HTTP (`JoinOk.download`), which the
     * server offers when the rest is big. A browser takes a WebSocket's messages on its main
     * thread and stops reading while that thread is busy: a 1,000,000-cell sheet's 31 MB took
     * ~2 s to arrive between the slices it was applying, against ~0.2 s for an HTTP body.
     */
    download: z.optional(z.boolean()),
    /** For a sheet: send its first screen (`preview`) before the answer. */
    preview: z.optional(z.boolean()),
  }),
)
export type JoinRequest = z.infer<typeof joinRequest.schema>

/** Client -> server (and relayed server -> client): a Yjs update to a joined document. */
export const updateMessage = lazySchema(() =>
  z.object({
    doc: docName(),
    update: binary().check(z.refine((u) => u.byteLength > 0, 'empty update')),
  }),
)
export type UpdateMessage = z.infer<typeof updateMessage.schema>

/** y-protocols awareness update, relayed to the room, never stored. */
export const awarenessMessage = lazySchema(() => z.object({ doc: docName(), update: binary() }))
export type AwarenessMessage = z.infer<typeof awarenessMessage.schema>

/** Client -> server: stop receiving a document. */
export const leaveRequest = lazySchema(() => z.object({ doc: docName() }))
export type LeaveRequest = z.infer<typeof leaveRequest.schema>

/** Handshake `auth` of a socket: which workbook, with which capability token. */
export const handshakeAuth = lazySchema(() =>
  z.object({
    workbookId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
    token: z.optional(z.string().check(z.maxLength(256))),
    protocol: z.optional(z.literal(PROTOCOL_VERSION)),
    /**
     * A secret the client keeps across reconnects and reloads (128+ random bits). The Yjs client
     * ids a connection writes with are bound to it, so only the same session can write with
     * them again; without one, the ids are bound to this connection alone.
     */
    clientKey: z.optional(z.string().check(z.minLength(16), z.maxLength(128))),
  }),
)
export type HandshakeAuth = z.infer<typeof handshakeAuth.schema>

const sheetId = () => z.string().check(z.refine(isValidId, 'not a sheet id'))
const sheetName = () => z.string().check(z.maxLength(LIMITS.maxSheetNameChars))
const tabIndex = () => z.int().check(z.minimum(0), z.maximum(LIMITS.maxSheets - 1))

/**
 * Client -> server `sheet`: the sheet operations only the server may perform, because they
 * change which sheets a workbook has (its records, and ids it issues). Editors and owners only.
 * - `add`: an empty sheet after the others (or at tab `index`), named `name` or `SheetN`;
 * - `duplicate`: a copy of `sheetId` right after it;
 * - `delete`: never the last sheet; its document is kept, so `restore` can bring it back;
 * - `restore`: a sheet deleted before (an undo), at tab `index`, named `name` (numbered if taken).
 * Renaming and moving tabs are ordinary edits of the workbook document.
 */
export const sheetOpRequest = lazySchema(() =>
  z.discriminatedUnion('op', [
    z.object({
      op: z.literal('add'),
      name: z.optional(sheetName()),
      index: z.optional(tabIndex()),
    }),
    z.object({ op: z.literal('duplicate'), sheetId: sheetId() }),
    z.object({ op: z.literal('delete'), sheetId: sheetId() }),
    z.object({
      op: z.literal('restore'),
      sheetId: sheetId(),
      name: sheetName(),
      index: tabIndex(),
    }),
  ]),
)
export type SheetOpRequest = z.infer<typeof sheetOpRequest.schema>

/** The sheet an operation added, copied to, deleted or restored, as the workbook now lists it. */
export interface SheetOpOk {
  sheet: { id: string; name: string }
}
export type SheetOpAck = SheetOpOk | ErrorAck

export const sheetOpAck = lazySchema(() =>
  z.union([
    z.object({ sheet: z.object({ id: z.string(), name: z.string() }) }),
    z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
)

/**
 * Server -> client `access-revoked`: sent just before the server disconnects a socket whose
 * share link was revoked, so the client stops reconnecting and says why.
 */
export const accessRevokedMessage = lazySchema(() =>
  z.object({
    error: z.object({ code: z.string(), message: z.string() }),
  }),
)
export type AccessRevokedMessage = z.infer<typeof accessRevokedMessage.schema>

/** Error answer of any ack. */
export interface ErrorAck {
  error: ErrorBody
}

export interface JoinOk {
  ok: true
  /**
   * Everything the server has that the client's state vector lacks, or (when the join asked
   * for `slices`) its first slice.
   */
  update: Uint8Array
  /**
   * The rest, when the join asked for `slices`: updates to apply after `update`, in order,
   * framed as one binary (`frameSlices`/`unframeSlices`).
   */
  more?: Uint8Array
  /**
   * When the join asked to `stream`: how many `joinPart` messages follow the ack, holding the
   * rest of the slices in order (then `more` is absent).
   */
  parts?: number
  /**
   * When the join asked to `download`: the path on this server (`JOIN_DOWNLOAD_PATH/<ticket>`)
   * whose body holds the rest of the slices in order, framed (`frameSlices`). The ticket is
   * single-use, expires, and dies with the connection that was given it.
   */
  download?: string
  /** The server's state vector: the client answers with what the server lacks. */
  stateVector: Uint8Array
  role: Role
  /**
   * The session the server knows this connection by (from its `clientKey`): what the
   * connection may write as a comment's author, so the client can tell its own comments.
   */
  session?: string
}
export type JoinAck = JoinOk | ErrorAck

export type UpdateAck = { ok: true } | ErrorAck

/** Validates a join ack as received (binary fields normalised). */
export const joinAck = lazySchema(() =>
  z.union([
    z.object({
      ok: z.literal(true),
      update: binary(),
      more: z.optional(binary()),
      parts: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_JOIN_PARTS))),
      download: z.optional(z.string().check(z.maxLength(200), z.regex(JOIN_DOWNLOAD_PATTERN))),
      stateVector: binary(),
      role: z.enum(ROLES),
      session: z.optional(z.string().check(z.maxLength(200))),
    }),
    z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
)

/**
 * Server -> client: part `index` (0-based) of the answer to the join that asked to `stream`
 * with `join`: slices to apply after the ack's `update` and the parts before it, framed as one
 * binary (`frameSlices`/`unframeSlices`).
 */
export const joinPartMessage = lazySchema(() =>
  z.object({
    doc: docName(),
    join: z.int().check(z.minimum(0), z.maximum(0xffffffff)),
    index: z.int().check(z.minimum(0), z.maximum(MAX_JOIN_PARTS - 1)),
    slices: binary(),
  }),
)
export type JoinPartMessage = z.infer<typeof joinPartMessage.schema>

export const updateAck = lazySchema(() =>
  z.union([
    z.object({ ok: z.literal(true) }),
    z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
)

/** Formats a zod failure as one readable line for an error ack. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ')
}
