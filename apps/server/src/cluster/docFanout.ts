/** What one node tells the others about a document it serves. */
export interface RemoteDocMessage {
  /** `update`: a stored Yjs update; `awareness`: a y-protocols awareness update (not stored). */
  kind: 'update' | 'awareness'
  payload: Uint8Array
}

/**
 * The channel between the server processes that share one store: each document has its own,
 * which every node that has the document loaded listens to. Absent on a single node.
 */
export interface DocFanout {
  /**
   * Starts delivering `doc`'s messages from other nodes to `onMessage` (never this node's own).
   * Resolves once the subscription is in place, so a load that starts afterwards misses
   * nothing: what is stored after the load read arrives here.
   */
  subscribe(doc: string, onMessage: (message: RemoteDocMessage) => void): Promise<void>
  /** Stops delivering `doc`'s messages (the document was unloaded). */
  unsubscribe(doc: string): void
  /** Sends to the other nodes that have `doc` loaded. Failures are logged and counted, not thrown. */
  publish(doc: string, message: RemoteDocMessage): void
}
