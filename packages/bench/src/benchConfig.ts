import { SYSTEMS, type ServerSystemName } from './report/benchResults.js'

/** Sizes and durations of one run. `quick` is CI's (< 2 min), `full` the real one (~32 min). */
export interface BenchConfig {
  mode: 'quick' | 'full'
  /** The sync servers every server workload runs against, in table order (Cellmate first). */
  systems: readonly ServerSystemName[]
  /** Load worker processes the simulated users are spread over. */
  workers: number
  correctness: {
    clients: number
    opsPerClient: number
    insertProbability: number
    meanGapMs: number
    labelledRows: number
    settleMs: number
  }
  latency: {
    clientCounts: number[]
    /** How long every client keeps editing once a second, per client count. */
    durationMs: (clients: number) => number
    /** How long the fan-out step (10 edits/s in total) lasts, at every client count. */
    fanoutMs: number
    drainMs: number
    connectTimeoutMs: number
    /** Unmeasured edits at 500/s per load worker before the first step (`latency.ts`). */
    warmUpMs: number
  }
  throughput: {
    roomClients: number
    rates: number[]
    stepMs: number
    drainMs: number
    p99LimitMs: number
  }
  durability: {
    loadClients: number
    durationMs: number
    /** Unmeasured acknowledged edits per client before the measured runs, within a time. */
    warmUpEdits: number
    warmUpMaxMs: number
  }
  memory: { sheets: number; cellsPerSheet: number; bigSheetCells: number; concurrency: number }
  history: { overwrites: number; cells: number; writers: number; ackEvery: number }
  /** Cellmate's web app in Chromium, and the formula engine alone. */
  browser: {
    /** Sizes of the sheets whose opening is timed (25 columns wide), here and in the peers. */
    openCells: number[]
    /** Interleaved runs per system and size (the median is reported). */
    openRuns: number
    /** Rows of the sheet scrolled (100 columns wide). */
    scrollRows: number
    /** Wheel events per scrolling run, and as many jumps. */
    scrollSteps: number
    /**
     * Whether the browser peers also scroll and open the formula sheet. The quick run (CI)
     * times them opening a sheet only, which checks that their pages load: scrolling them adds
     * ~15 s, their formula sheets ~10 s.
     */
    allPeerRows: boolean
    /** Formulas of the recalculation sheet. */
    formulas: number
  }
  /**
   * A first-time visitor in Chromium (fresh profile each run): an empty workbook, and a sheet
   * of `rows` x `valueCols` numbers with a SUM per row (`rows` x (`valueCols` + 1) cells).
   */
  firstLoad: { runs: number; rows: number; valueCols: number }
  /**
   * Version history (in-process server on SQLite): a sheet of `cells` cells, `versions`
   * versions each after `editsPerVersion` cell edits.
   */
  versions: { cells: number; versions: number; editsPerVersion: number }
  /** Cellmate as two processes on Postgres + Redis (skipped where they are not installed). */
  twoNode: {
    writers: number
    readersPerNode: number
    rates: number[]
    stepMs: number
    drainMs: number
  }
}

export const QUICK: BenchConfig = {
  mode: 'quick',
  // CI's smoke run: Cellmate against the peers issue 18 sets its goals by. Hocuspocus + SQLite
  // and the plain broadcast server add ~22 s each and are in the full run.
  systems: ['cellmate', 'y-websocket', 'hocuspocus'],
  workers: 2,
  correctness: {
    clients: 8,
    opsPerClient: 50,
    insertProbability: 0.2,
    meanGapMs: 15,
    labelledRows: 30,
    settleMs: 1500,
  },
  latency: {
    clientCounts: [10, 50],
    durationMs: () => 1000,
    fanoutMs: 1000,
    drainMs: 3000,
    connectTimeoutMs: 20_000,
    // A third of the full run's warm-up: CI's run stays short, and its figures are a smoke test.
    warmUpMs: 1000,
  },
  throughput: {
    roomClients: 10,
    rates: [200, 800, 3200],
    stepMs: 1000,
    drainMs: 1000,
    p99LimitMs: 250,
  },
  durability: { loadClients: 10, durationMs: 1000, warmUpEdits: 150, warmUpMaxMs: 5000 },
  memory: { sheets: 50, cellsPerSheet: 1000, bigSheetCells: 100_000, concurrency: 16 },
  history: { overwrites: 10_000, cells: 1000, writers: 2, ackEvery: 5 },
  browser: {
    openCells: [100_000],
    openRuns: 1,
    scrollRows: 100_000,
    scrollSteps: 60,
    allPeerRows: false,
    formulas: 10_000,
  },
  firstLoad: { runs: 1, rows: 2000, valueCols: 9 },
  // Postgres + Redis + two servers take ~30 s to set up: the full run only (CI's multi-node
  // tests cover correctness).
  twoNode: { writers: 2, readersPerNode: 4, rates: [], stepMs: 1500, drainMs: 3000 },
  // One full state and the 31 deltas after it (`versionPolicy.ts`: a full state every 32):
  // per version, the same mix as the full run's 1,000.
  versions: { cells: 100_000, versions: 32, editsPerVersion: 50 },
}

export const FULL: BenchConfig = {
  mode: 'full',
  systems: SYSTEMS,
  workers: 2,
  correctness: {
    clients: 20,
    opsPerClient: 120,
    insertProbability: 0.15,
    meanGapMs: 20,
    labelledRows: 40,
    settleMs: 3000,
  },
  latency: {
    clientCounts: [10, 100, 500, 1000],
    // A p99 is only as good as its sample: 10 clients for 6 s made 60 edits, so the row's p99
    // was the slowest edit's (bench README, "Propagation latency").
    durationMs: (clients) => (clients <= 10 ? 24_000 : clients <= 100 ? 6000 : 4000),
    fanoutMs: 12_000,
    drainMs: 8000,
    connectTimeoutMs: 60_000,
    warmUpMs: 3000,
  },
  throughput: {
    roomClients: 10,
    rates: [200, 400, 800, 1600, 3200, 6400, 12_800, 25_600],
    stepMs: 2000,
    drainMs: 2000,
    p99LimitMs: 250,
  },
  durability: { loadClients: 20, durationMs: 3000, warmUpEdits: 400, warmUpMaxMs: 15_000 },
  memory: { sheets: 1000, cellsPerSheet: 1000, bigSheetCells: 1_000_000, concurrency: 16 },
  history: { overwrites: 1_000_000, cells: 1000, writers: 2, ackEvery: 10 },
  browser: {
    openCells: [100_000, 1_000_000],
    openRuns: 3,
    scrollRows: 1_000_000,
    scrollSteps: 150,
    allPeerRows: true,
    formulas: 100_000,
  },
  firstLoad: { runs: 5, rows: 2000, valueCols: 9 },
  twoNode: { writers: 4, readersPerNode: 8, rates: [50, 200, 800], stepMs: 4000, drainMs: 5000 },
  versions: { cells: 100_000, versions: 1000, editsPerVersion: 50 },
}
