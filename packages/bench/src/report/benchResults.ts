/** The systems compared, in table order: Cellmate first, then its peers. */
export const SYSTEMS = [
  'cellmate',
  'y-websocket',
  'hocuspocus',
  'hocuspocus-db',
  'broadcast',
] as const
/** The sync servers: every server workload runs against each (`createSystem`). */
export type ServerSystemName = (typeof SYSTEMS)[number]
/** Spreadsheet UIs timed in the browser rows only (`workloads/browserPeers.ts`). */
export const BROWSER_PEER_SYSTEMS = ['univer', 'fortunesheet'] as const
export type SystemName = ServerSystemName | (typeof BROWSER_PEER_SYSTEMS)[number]

export const SYSTEM_TITLES: Record<SystemName, string> = {
  cellmate: 'Cellmate',
  'y-websocket': 'y-websocket',
  hocuspocus: 'Hocuspocus',
  'hocuspocus-db': 'Hocuspocus + SQLite',
  broadcast: 'plain broadcast',
  univer: 'Univer 0.25',
  fortunesheet: 'FortuneSheet 1.0',
}

/** How a figure is printed. */
export type Unit = 'ms' | 's' | '%' | 'edits/s' | 'kB' | 'MB' | 'count' | 'cores'

/** One system's figure in a row: a number, or why there is none. */
export interface Figure {
  value: number | null
  /** Shown instead of (or, with a value, after) the number: "n/a: no store", "saturated". */
  note?: string
}

/**
 * One line of the table. Sections group lines by workload; a later workload (e.g. browser
 * metrics measured for Cellmate only) just adds rows whose peers are absent.
 */
export interface MetricRow {
  section: string
  metric: string
  unit: Unit
  /** Which direction is good: it tells the reader whether a ratio below 1 favours Cellmate. */
  better: 'lower' | 'higher'
  figures: Partial<Record<SystemName, Figure>>
}

/** Everything one `pnpm bench` run writes to `bench/results/latest.json`. */
export interface BenchResults {
  mode: 'quick' | 'full'
  startedAt: string
  durationMs: number
  machine: {
    cpus: number
    cpuModel: string
    totalMemoryMB: number
    node: string
    platform: string
    /** 1-minute load average at start and end: other work on the machine skews timings. */
    loadAverage: { start: number; end: number }
  }
  seed: number
  rows: MetricRow[]
  /** Lost acknowledged edits or crashes: any entry makes the run exit non-zero. */
  failures: string[]
  /** Things that did not finish or were skipped, with the reason. */
  notes: string[]
  /** Per-workload raw figures (histogram percentiles, counts) for anyone digging deeper. */
  details: Record<string, unknown>
}
