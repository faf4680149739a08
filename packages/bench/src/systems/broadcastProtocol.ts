/**
 * The naive protocol of collaborative tables built on a broadcast server (the Flask-SocketIO
 * pattern): clients address cells by **index**, the server applies each message to its array in
 * arrival order and forwards it to everyone else. Nothing says *which* row an index meant when
 * it was sent, which is exactly what the correctness workload exposes.
 */
export const BROADCAST_EVENTS = {
  /** `{room}` -> ack `{rows}`: the room's table (created with `DEFAULT_ROWS` empty rows). */
  join: 'join',
  /** `{row, col, value}` -> ack `{ok}`; forwarded to the room. */
  edit: 'edit',
  /** `{at}`: insert an empty row at index `at` -> ack `{ok}`; forwarded to the room. */
  insertRow: 'insertRow',
  /** `{cells: [row, col, value][]}`: a paste, used to seed big sheets -> ack `{ok}`; forwarded. */
  paste: 'paste',
} as const

export const BROADCAST_DEFAULT_ROWS = 1000

export interface CellEditMessage {
  row: number
  col: number
  value: string
}

export interface InsertRowMessage {
  at: number
}

export interface PasteMessage {
  cells: Array<[row: number, col: number, value: string]>
}

/** Applies an edit to a table as both ends of the naive protocol do: by index, no questions. */
export function applyEdit(table: string[][], { row, col, value }: CellEditMessage): void {
  while (table.length <= row) table.push([])
  const cells = table[row] as string[]
  cells[col] = value
}

export function applyInsertRow(table: string[][], { at }: InsertRowMessage): void {
  table.splice(Math.min(Math.max(at, 0), table.length), 0, [])
}

export function applyPaste(table: string[][], { cells }: PasteMessage): void {
  for (const [row, col, value] of cells) applyEdit(table, { row, col, value })
}
