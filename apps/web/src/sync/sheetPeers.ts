import type { SyncedDoc } from '@cellmate/client'
import { cellKey } from '@cellmate/model'
import { parsePeer, type PresenceUser } from '../presence/presenceState'

type Awareness = SyncedDoc['awareness']

/**
 * Who is on one sheet document, by the Yjs client id they write with (a tab's presence is
 * published under its document's client id): their name and colour, remembered after they
 * leave or go offline so an edit of theirs arriving later still has a name, and whose editor
 * is open on which cell now.
 */
export class SheetPeers {
  private readonly seen = new Map<number, PresenceUser>()

  constructor(private readonly awareness: Awareness) {
    awareness.on('change', this.refresh)
    this.refresh()
  }

  /** The person who writes with `clientId`, if they were ever seen on this sheet. */
  user(clientId: number): PresenceUser | null {
    return this.seen.get(clientId) ?? null
  }

  /** The client ids of the other tabs whose editor is open on the cell `key` now. */
  editorsOf(key: string): number[] {
    const out: number[] = []
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue
      const selection = parsePeer(clientId, state)?.selection
      if (selection?.editing && cellKey(selection.active.rowId, selection.active.colId) === key) {
        out.push(clientId)
      }
    }
    return out
  }

  destroy(): void {
    this.awareness.off('change', this.refresh)
  }

  private readonly refresh = (): void => {
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue
      const peer = parsePeer(clientId, state)
      if (peer) this.seen.set(clientId, peer.user)
    }
  }
}
