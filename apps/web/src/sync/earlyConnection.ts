import { SyncProvider } from '@cellmate/client'
import { recentToken, type RecentStorage } from '../home/recentWorkbooks'
import { takeTokenFromLocation } from '../workbook/tokenFragment'
import { browserClientKey } from './clientKey'

/** A connection to a workbook opened before the page that uses it was built. */
export interface EarlyConnection {
  workbookId: string
  /** The token it connected with: the address's (now removed from it) or a remembered one. */
  token: string | undefined
  provider: SyncProvider
}

/** This tab's connection to a workbook (same origin), with this browser's session secret. */
export function workbookProvider(workbookId: string, token: string | undefined): SyncProvider {
  return new SyncProvider({
    url: '',
    workbookId,
    token,
    clientKey: browserClientKey(globalThis.localStorage),
  })
}

/** The workbook an editor address opens (`/w/<id>` or `/w/<id>/<sheetId>`), or null. */
export function workbookIdFromPath(pathname: string): string | null {
  const match = /^\/w\/([^/]+)/.exec(pathname)
  if (!match?.[1]) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return null
  }
}

let early: EarlyConnection | null = null

/**
 * Starts connecting to the workbook the page's address opens, if it opens one, with the token
 * a workbook page would use (the link's, taken out of the address, else a remembered one).
 * Run before the rest of the app is evaluated (`connectFromAddress.ts`): the WebSocket and the
 * server's handshake check then proceed while the app's code runs and its first screen renders,
 * instead of after.
 */
export function connectEarly(
  loc: Location,
  hist: History,
  storage: RecentStorage,
  connect: typeof workbookProvider = workbookProvider,
): void {
  const workbookId = workbookIdFromPath(loc.pathname)
  if (workbookId === null) return
  const token = takeTokenFromLocation(loc, hist) ?? recentToken(storage, workbookId)
  early = { workbookId, token, provider: connect(workbookId, token) }
}

/**
 * The connection `connectEarly` opened for `workbookId`, once; null when there is none. One
 * opened for another workbook is closed.
 */
export function takeEarlyConnection(workbookId: string): EarlyConnection | null {
  const taken = early
  early = null
  if (taken === null || taken.workbookId === workbookId) return taken
  taken.provider.destroy()
  return null
}
