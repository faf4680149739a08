import { openLightClient } from '../clients/openLightClient.js'
import { openSheetClient } from '../clients/openSheetClient.js'
import type { LightClient } from '../clients/lightClient.js'
import type { SheetClient } from '../clients/sheetClient.js'
import { parseTimedValue, type TimedValue } from '../clients/timedValue.js'
import { LatencyHistogram } from '../stats/latencyHistogram.js'
import type { RoomRef } from '../systems/roomRef.js'
import { mapLimit } from '../timing/deadline.js'
import { epochMs } from '../timing/clock.js'
import type { ClientKind, ConnectResult } from './workerProtocol.js'

/** Connections opened at once: enough to be quick, few enough not to time each other out. */
const CONNECT_CONCURRENCY = 16
const SHEET_ROWS = 1000
const EDITABLE_COLS = 25

export interface GroupMember {
  /** Unique across all workers of a run: it picks the member's own cell and column. */
  index: number
  client: SheetClient
}

/** Anyone who makes timed edits: a full member or a light client. */
export interface Editor {
  index: number
  editor: Pick<LightClient, 'setCellAt'>
}

/** Receipts of one measured step: how many arrived and how long each took. */
export interface StepStats {
  received: number
  histogram: LatencyHistogram
}

/** The cell a member overwrites in timed workloads: its own, so no two members conflict. */
export function ownCell(index: number): { row: number; col: number } {
  return { row: index % SHEET_ROWS, col: 1 + (Math.floor(index / SHEET_ROWS) % EDITABLE_COLS) }
}

/** The clients a load worker runs, and the receipt statistics they collect. */
export class ClientGroup {
  /** Full clients (SDKs), for the workloads that check what users see. */
  members: GroupMember[] = []
  /** Everyone connected, full or light, for the timed workloads. */
  editors: Editor[] = []
  private closers: Array<() => void> = []
  private readonly steps = new Map<string, StepStats>()

  async connect(
    room: RoomRef,
    kind: ClientKind,
    count: number,
    firstIndex: number,
    timeoutMs: number,
  ): Promise<ConnectResult> {
    const started = epochMs()
    let firstError: string | null = null
    const opened = await mapLimit(
      Array.from({ length: count }, (_, i) => firstIndex + i),
      CONNECT_CONCURRENCY,
      async (index) => {
        try {
          return await this.open(room, kind, index, timeoutMs)
        } catch (err) {
          firstError ??= err instanceof Error ? err.message : String(err)
          return null
        }
      },
    )
    this.editors = opened.filter((e): e is Editor => e !== null)
    return {
      connected: this.editors.length,
      failed: count - this.editors.length,
      firstError,
      ms: epochMs() - started,
    }
  }

  stats(step: string): StepStats {
    let s = this.steps.get(step)
    if (!s) this.steps.set(step, (s = { received: 0, histogram: new LatencyHistogram() }))
    return s
  }

  disconnect(): void {
    for (const close of this.closers) close()
    this.closers = []
    this.members = []
    this.editors = []
    this.steps.clear()
  }

  private async open(
    room: RoomRef,
    kind: ClientKind,
    index: number,
    timeoutMs: number,
  ): Promise<Editor> {
    const receive = (v: TimedValue): void => this.onReceipt(v, index)
    if (kind === 'light') {
      const light = await openLightClient(room, timeoutMs)
      light.onTimedValue(receive)
      this.closers.push(() => light.close())
      return { index, editor: light }
    }
    const client = await openSheetClient(room, timeoutMs)
    client.onRemoteValue((value) => {
      const timed = parseTimedValue(value)
      if (timed) receive(timed)
    })
    this.closers.push(() => client.close())
    this.members.push({ index, client })
    return { index, editor: client }
  }

  /** One receipt by user `receiver`; y-websocket echoes a writer's own edits, which don't count. */
  private onReceipt(value: TimedValue, receiver: number): void {
    if (value.writer === receiver) return
    const s = this.stats(value.step)
    s.received++
    s.histogram.record(epochMs() - value.sentAt)
  }
}
