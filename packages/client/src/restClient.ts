import { HistoryRest } from './historyRest.js'

/**
 * Thin typed wrapper over Cellmate's REST API, for scripts, bots and tests (Node 20 or a
 * browser; uses the global `fetch`).
 *
 * Its methods are written per resource, each group a class extending the one before (the order
 * means nothing): `RestHttp` → `SheetRest` → `CommentRest` → `SheetRulesRest` → `SharingRest` →
 * `TransferRest` → `HistoryRest`. Mixin functions could not carry the protected HTTP core into
 * declaration files (TS4094), and one-line delegates would repeat every signature.
 */
export class RestClient extends HistoryRest {
  /** The same client acting with another capability token. */
  withToken(token: string): RestClient {
    return new RestClient(this.baseUrl, token, this.clientKey)
  }

  /**
   * The same client acting as the session of a sync client key (`SyncProviderOptions.clientKey`):
   * comments it writes are that session's, to edit and delete from either side. Without one, a
   * client's session is its link.
   */
  withClientKey(clientKey: string): RestClient {
    return new RestClient(this.baseUrl, this.token, clientKey)
  }
}
