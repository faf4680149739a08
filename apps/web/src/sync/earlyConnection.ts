import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import type { ErrorBody } from '@cellmate/protocol'
import { listSheets, sheetDocName, workbookDocName } from '@cellmate/model'
import { recentToken, type RecentStorage } from '../home/recentWorkbooks'
import { takeTokenFromLocation } from '../workbook/tokenFragment'
import { browserClientKey } from './clientKey'
import { openPersistedDoc, type PersistedDoc } from './persistedDoc'

/** A document opened over a workbook's connection: loading from IndexedDB, then joining. */
export interface OpeningDoc {
  doc: Y.Doc
  /** Null when its owner was gone before it had loaded (the document is then destroyed). */
  ready: Promise<PersistedDoc | null>
}

/** A connection to a workbook, and its documents, opened before the page that uses them. */
export interface EarlyConnection {
  workbookId: string
  /** The token it connected with: the address's (now removed from it) or a remembered one. */
  token: string | undefined
  provider: SyncProvider
  /** The workbook document (its title and sheet list). */
  workbook: OpeningDoc
  /**
   * Sheet documents already opened, by sheet id: the address's sheet at once, else the first
   * listed sheet as soon as the workbook document is in (the one the page would show).
   */
  sheets: Map<string, OpeningDoc>
  /**
   * True once the documents' owner is gone; a document still loading then closes instead of
   * joining. Whoever takes the connection over replaces it with its own.
   */
  cancelled: () => boolean
  /**
   * What the server refused on a document before the page listened (a sheet the workbook does
   * not have): the page reports these as it would have. Stops recording at `stopRecording`.
   */
  refusals: Array<[doc: string, error: ErrorBody]>
  stopRecording: () => void
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
  return pathPart(pathname, 1)
}

/** The sheet an editor address names (`/w/<id>/<sheetId>`), or null. */
export function sheetIdFromPath(pathname: string): string | null {
  return pathPart(pathname, 2)
}

function pathPart(pathname: string, index: 1 | 2): string | null {
  const match = /^\/w\/([^/]+)(?:\/([^/]+))?/.exec(pathname)
  const part = match?.[index]
  if (!part) return null
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}

/** How `connectEarly` connects and opens documents (replaced in tests). */
export interface EarlyOpeners {
  connect: typeof workbookProvider
  openDoc: typeof openPersistedDoc
}

const browserOpeners: EarlyOpeners = { connect: workbookProvider, openDoc: openPersistedDoc }

let early: EarlyConnection | null = null

/**
 * Starts connecting to the workbook the page's address opens, if it opens one, with the token
 * a workbook page would use (the link's, taken out of the address, else a remembered one), and
 * opens the documents the page will show: the workbook document and the address's sheet (or
 * the first sheet, once the workbook document says which it is).
 *
 * Run before the rest of the app is evaluated (`connectFromAddress.ts`): the WebSocket, the
 * server's handshake check and the joins then proceed while the app's code runs and its first
 * screen renders, instead of after. `WorkbookSession` takes the documents over; none is
 * joined twice.
 */
export function connectEarly(
  loc: Location,
  hist: History,
  storage: RecentStorage,
  openers: EarlyOpeners = browserOpeners,
): void {
  const workbookId = workbookIdFromPath(loc.pathname)
  if (workbookId === null) return
  const token = takeTokenFromLocation(loc, hist) ?? recentToken(storage, workbookId)
  const provider = openers.connect(workbookId, token)
  const workbook = new Y.Doc()
  const connection: EarlyConnection = {
    workbookId,
    token,
    provider,
    workbook: { doc: workbook, ready: Promise.resolve(null) },
    sheets: new Map(),
    cancelled: () => false,
    refusals: [],
    stopRecording: () => provider.off('error', record),
  }
  const record = (doc: string, error: ErrorBody): void =>
    void connection.refusals.push([doc, error])
  provider.on('error', record)
  const cancelled = (): boolean => connection.cancelled()
  const workbookReady = openOrDestroy(
    openers,
    provider,
    workbookDocName(workbookId),
    workbook,
    cancelled,
  )
  connection.workbook.ready = workbookReady
  const openSheet = (sheetId: string): void => {
    const doc = new Y.Doc()
    const name = sheetDocName(workbookId, sheetId)
    // As `WorkbookSession` opens sheets: joined once the workbook document is flushed.
    const ready = workbookReady.then((binding) =>
      binding ? openOrDestroy(openers, provider, name, doc, cancelled, binding.synced) : null,
    )
    connection.sheets.set(sheetId, { doc, ready })
  }
  const named = sheetIdFromPath(loc.pathname)
  if (named !== null) openSheet(named)
  else {
    void workbookReady
      .then((binding) => binding?.synced.whenSynced())
      .then(
        () => {
          // Once the page has the connection, it opens the sheets it shows itself.
          const first = listSheets(workbook)[0]
          if (early === connection && first && !cancelled()) openSheet(first.id)
        },
        // Refused: the page reports it from the provider's status.
        () => {},
      )
  }
  early = connection
}

async function openOrDestroy(
  openers: EarlyOpeners,
  provider: SyncProvider,
  name: string,
  doc: Y.Doc,
  cancelled: () => boolean,
  after?: PersistedDoc['synced'],
): Promise<PersistedDoc | null> {
  const binding = await openers.openDoc(provider, name, doc, cancelled, after)
  if (!binding) doc.destroy()
  return binding
}

/**
 * The connection `connectEarly` opened for `workbookId`, once; null when there is none. One
 * opened for another workbook is closed, with its documents.
 */
export function takeEarlyConnection(workbookId: string): EarlyConnection | null {
  const taken = early
  early = null
  if (taken === null || taken.workbookId === workbookId) return taken
  closeEarlyConnection(taken)
  return null
}

/** Closes an early connection and every document it opened that nobody took over. */
function closeEarlyConnection(connection: EarlyConnection): void {
  connection.cancelled = () => true
  connection.stopRecording()
  for (const opening of [connection.workbook, ...connection.sheets.values()]) {
    closeWhenReady(opening)
  }
  connection.sheets.clear()
  connection.provider.destroy()
}

/** Stops syncing and persisting a document once it has opened, and destroys it. */
export function closeWhenReady(opening: OpeningDoc): void {
  void opening.ready.then((binding) => {
    binding?.close()
    binding?.doc.destroy()
  })
}
