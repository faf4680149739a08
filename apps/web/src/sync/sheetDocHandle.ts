import type * as Y from 'yjs'
import type { SyncedDoc } from '@cellmate/client'

/** The sheet document a session reads, and how to give it back when the session closes. */
export interface SheetDocHandle {
  readonly doc: Y.Doc
  /** Presence of the people on this sheet (relayed by the server); absent in tests. */
  readonly awareness?: SyncedDoc['awareness']
  /** The session the server knows this tab by (a comment's author); null before it said. */
  session?(): string | null
  /** Called once when the session closes; the owner decides when the document goes. */
  release(): void
  /**
   * The document is the server's first screen of the sheet (`previewDoc`), shown while the
   * real one loads: nothing may be written to it.
   */
  readonly preview?: boolean
}
