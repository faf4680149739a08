import { newClientKey } from '@cellmate/client'

const KEY = 'cellmate.clientKey'

/**
 * This browser's session secret for sync (`SyncProviderOptions.clientKey`), kept in local
 * storage: the server binds the Yjs client ids this browser writes with to it, so edits kept
 * offline in IndexedDB can still be sent after a reload, and nobody else can write with them.
 * Without storage (private mode refusing it) a key per page load still protects the ids.
 */
export function browserClientKey(storage: Storage | undefined): string {
  try {
    const stored = storage?.getItem(KEY)
    if (stored && stored.length >= 16) return stored
    const key = newClientKey()
    storage?.setItem(KEY, key)
    return key
  } catch {
    return newClientKey()
  }
}
