import type * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'

/**
 * Hocuspocus' wire format (`@hocuspocus/server` 3.4 `MessageType`): every message starts with
 * the document name, then its type; sync messages carry the y-protocols sync payload. What
 * `HocuspocusProvider` sends, minus awareness (bots have no cursor).
 */
export const MESSAGE = { sync: 0, auth: 2, syncReply: 4, syncStatus: 8 } as const

const AUTH_TOKEN = 0

function message(doc: string, type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, doc)
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** The token message every connection starts with (the bench server has no auth hook). */
export function authMessage(doc: string): Uint8Array {
  return message(doc, MESSAGE.auth, (e) => {
    encoding.writeVarUint(e, AUTH_TOKEN)
    encoding.writeVarString(e, '')
  })
}

export function syncStep1Message(doc: string, ydoc: Y.Doc): Uint8Array {
  return message(doc, MESSAGE.sync, (e) => syncProtocol.writeSyncStep1(e, ydoc))
}

export function updateMessage(doc: string, update: Uint8Array): Uint8Array {
  return message(doc, MESSAGE.sync, (e) => syncProtocol.writeUpdate(e, update))
}

/** A received message: its type, and for sync messages the sync type and payload. */
export interface Received {
  type: number
  sync?: { type: number; payload: Uint8Array }
}

export function readMessage(data: Uint8Array): Received {
  const decoder = decoding.createDecoder(data)
  decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  if (type !== MESSAGE.sync && type !== MESSAGE.syncReply) return { type }
  const syncType = decoding.readVarUint(decoder)
  return { type, sync: { type: syncType, payload: decoding.readVarUint8Array(decoder) } }
}

export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate
