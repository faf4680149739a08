// errors.ts
export type { ErrorCode, ErrorBody } from './errors.js'
export { ERROR_CODES, RETRYABLE_ERROR_CODES, CellmateError } from './errors.js'

// limits.ts
export { LIMITS } from './limits.js'

// docName.ts
export type { DocRef } from './docName.js'
export { isValidId, isValidIdAt, parseDocName } from './docName.js'

// messages.ts
export type {
  EventName,
  Role,
  JoinRequest,
  UpdateMessage,
  AwarenessMessage,
  LeaveRequest,
  HandshakeAuth,
  AccessRevokedMessage,
  ErrorAck,
  JoinOk,
  JoinAck,
  JoinPartMessage,
  UpdateAck,
  SheetOpRequest,
  SheetOpOk,
  SheetOpAck,
} from './messages.js'
export {
  PROTOCOL_VERSION,
  SYNC_NAMESPACE,
  JOIN_DOWNLOAD_PATH,
  EVENTS,
  ROLES,
  joinRequest,
  updateMessage,
  awarenessMessage,
  leaveRequest,
  handshakeAuth,
  accessRevokedMessage,
  joinAck,
  joinPartMessage,
  MAX_JOIN_PARTS,
  updateAck,
  sheetOpRequest,
  sheetOpAck,
  describeIssues,
} from './messages.js'

// sheetPreview.ts
export type { SheetPreview } from './sheetPreview.js'
export { PREVIEW_BLOCK, PREVIEW_CELL_CHARS, sheetPreview } from './sheetPreview.js'

// lazySchema.ts
export type { LazySchema } from './lazySchema.js'
export { lazySchema } from './lazySchema.js'

// slicedState.ts
export { SliceReader, frameSlices, unframeSlices } from './slicedState.js'
