/** Limits both ends enforce. The server is the authority; clients check early for a clear UI. */
export const LIMITS = {
  /** Bytes of one Yjs update sent over `update` (a 10,000-row paste fits comfortably). */
  maxUpdateBytes: 2 * 1024 * 1024,
  /** Characters in one cell's raw input (Google Sheets allows 50,000). */
  maxCellChars: 50_000,
  /** Addressable rows and columns of a sheet, as in Excel. */
  maxRows: 1_048_576,
  maxCols: 16_384,
  /** Sheets in one workbook (as Google Sheets). */
  maxSheets: 200,
  /** Characters of a sheet name (Excel allows 31; we are more lenient). */
  maxSheetNameChars: 100,
  /** Cells one REST read or write may touch. */
  maxCellsPerRequest: 100_000,
  /** Characters of a workbook title. */
  maxTitleChars: 200,
  /**
   * Bytes of one presence (awareness) update a client sends: its own state, a name, a selection
   * and what it is typing in, is well under 1 KB. The server drops a larger one unread (it
   * would parse it, keep it and relay it to every user of the sheet).
   */
  maxAwarenessBytes: 8 * 1024,
  /** Characters of a document name. */
  maxDocNameChars: 128,
} as const
