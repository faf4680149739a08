/**
 * Where load clients find one shared sheet. Plain data: the orchestrator creates the room and
 * sends this to the load workers over IPC.
 */
export type RoomRef =
  | { system: 'cellmate'; url: string; workbookId: string; sheetId: string; token: string }
  | { system: 'y-websocket'; url: string; room: string }
  | { system: 'broadcast'; url: string; room: string }
  | { system: 'hocuspocus' | 'hocuspocus-db'; url: string; room: string }
