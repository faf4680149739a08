import type { OpeningDoc } from './earlyConnection'
import type { PersistedDoc } from './persistedDoc'

/** A sheet document shared by whoever uses it: the open sheet, the formula engine. */
export interface SheetDocEntry {
  ready: Promise<PersistedDoc | null>
  users: number
}

/** What the workbook does as its sheet documents open and close. */
export interface SheetDocumentHooks {
  /** Opens a sheet's document (or takes the one opened early). */
  open: (sheetId: string) => OpeningDoc
  /** A sheet's document is in. */
  loaded: (sheetId: string, binding: PersistedDoc) => void
  /** A sheet's document is about to close: nobody uses it and its edits are stored. */
  released: (sheetId: string, binding: PersistedDoc | null) => void
}

/**
 * The sheet documents of one workbook session, each loaded once and counted by its users
 * (the open sheet, the formula engine).
 */
export class SheetDocuments {
  private readonly entries = new Map<string, SheetDocEntry>()

  constructor(private readonly hooks: SheetDocumentHooks) {}

  /** The document of a sheet in use, if any. */
  get(sheetId: string): SheetDocEntry | undefined {
    return this.entries.get(sheetId)
  }

  /** The sheet's document, loaded on first use; one more user until `release`. */
  acquire(sheetId: string): SheetDocEntry {
    let entry = this.entries.get(sheetId)
    if (!entry) {
      entry = { ready: this.load(sheetId), users: 0 }
      this.entries.set(sheetId, entry)
    }
    entry.users++
    return entry
  }

  /**
   * A sheet nobody uses keeps syncing until its edits are stored on the server, so switching
   * tabs right after typing (or right after creating a sheet) loses nothing for the others;
   * reopening it meanwhile reuses the same document.
   */
  release(sheetId: string): void {
    const entry = this.entries.get(sheetId)
    if (!entry || --entry.users > 0) return
    void entry.ready.then(async (binding) => {
      await binding?.synced.flushed()
      if (entry.users > 0 || this.entries.get(sheetId) !== entry) return
      this.entries.delete(sheetId)
      this.hooks.released(sheetId, binding)
      binding?.close()
      binding?.doc.destroy()
    })
  }

  /** Closes every document, used or not (the session is over). */
  closeAll(): void {
    for (const entry of this.entries.values()) {
      void entry.ready.then((binding) => {
        binding?.close()
        binding?.doc.destroy()
      })
    }
    this.entries.clear()
  }

  private async load(sheetId: string): Promise<PersistedDoc | null> {
    const binding = await this.hooks.open(sheetId).ready
    if (binding) this.hooks.loaded(sheetId, binding)
    return binding
  }
}
