import type { SheetClient } from './sheetClient.js'
import { parseTimedValue, type TimedValue } from './timedValue.js'

/**
 * A user reduced to what its server sees: a real connection that joins the sheet and sends real
 * edits in the system's own wire protocol, but finds timed values in the bytes it receives
 * instead of applying every update to a document. With hundreds of users on two cores, full
 * clients would spend the machine applying each other's updates and the figure would measure
 * the load generator, not the server; each real user pays that cost on their own machine.
 */
export interface LightClient {
  /** Writes one cell as the user sees it (rows and columns known from the join). */
  setCellAt(row: number, col: number, value: string): void
  /** Called with each timed value that reaches this connection (possibly its own echo). */
  onTimedValue(listener: (value: TimedValue) => void): void
  close(): void
}

/** A full client used where it is already light (the broadcast table applies by index). */
export function asLightClient(client: SheetClient): LightClient {
  return {
    setCellAt: (row, col, value) => client.setCellAt(row, col, value),
    onTimedValue: (listener) =>
      client.onRemoteValue((value) => {
        const timed = parseTimedValue(value)
        if (timed) listener(timed)
      }),
    close: () => client.close(),
  }
}
