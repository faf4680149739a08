/** One cell write addressed by position in the writer's current view. */
export interface CellWrite {
  row: number
  col: number
  value: string
}

/**
 * One simulated user of a shared sheet, the same for every system so every workload runs
 * unchanged against each: edits address cells by their position *as this user sees them*, as a
 * person clicking a grid does; each system then carries that intent its own way (Cellmate and
 * y-websocket by row id, the plain broadcast server by index).
 */
export interface SheetClient {
  /** Rows in this client's current view. */
  readonly rowCount: number
  /** Writes one cell (one transaction, one message). */
  setCellAt(row: number, col: number, value: string): void
  /** Inserts an empty row at `row`, then types `label` into its column 0 (two actions). */
  insertRowAt(row: number, label: string): void
  /** Writes many cells as one paste (one transaction, one message). */
  paste(cells: readonly CellWrite[]): void
  /** Grows the sheet to at least `rows` rows (Yjs systems; the broadcast table grows on write). */
  ensureRows(rows: number): void
  /** Called with each cell value another client wrote, when it reaches this one. */
  onRemoteValue(listener: (value: string) => void): void
  /**
   * Resolves when the server has confirmed every edit made so far: Cellmate acks after the
   * update is durably stored; y-websocket has no ack, so a sync-step-1 round trip sent after
   * the edits proves the server applied them; the broadcast server acks each message.
   */
  acked(): Promise<void>
  /** The first `rows` rows of columns `0..cols-1` as this client sees them now. */
  view(cols: number, rows: number): string[][]
  /** Bytes of the document's encoded state (Yjs systems), null otherwise. */
  encodedSize(): number | null
  close(): void
}
