import { expect } from 'vitest'
import * as Y from 'yjs'
import {
  SyncProvider,
  RestClient,
  newClientKey,
  RestError,
  type OpenOptions,
} from '@cellmate/client'
import { SheetLayout, formatA1, parseA1, setCells } from '@cellmate/model'
import type { CellmateServer, ServerOptions } from '../../src/index.js'
import { createServer } from '../../src/index.js'
import { ServerProcess, freePort, tempDataDir, waitUntil } from '../support/testServer.js'
import {
  HealthProbe,
  RawClient,
  describeAck,
  sheetDoc,
  type Ack,
  type ProbeReport,
} from './attacks.js'
import { sheetRead, type SheetRead } from './sheetRead.js'
import { Victim } from './victim.js'

/**
 * The test bed of the hostile suite: a real server on 127.0.0.1 with a temp data dir, victims
 * that are real `@cellmate/client` SyncProviders, attackers that are raw sockets, a `/healthz`
 * probe running for the whole life of the bed, and the checks every attack ends with —
 * acknowledged edits present (over sync and over REST), no divergence between the server, a
 * fresh reader and the victims, other workbooks untouched.
 */

/** A workbook the bed created: its id, the owner's token and its first sheet. */
export interface Workbook {
  id: string
  token: string
  sheetId: string
}

export class HostileBed {
  private readonly providers: SyncProvider[] = []
  private readonly raws: RawClient[] = []

  private constructor(
    readonly url: string,
    /** The server object when it runs in this process; null for a child process. */
    private inProcess: CellmateServer | null,
    private stopServer: () => Promise<void>,
    private readonly data: { dir: string; remove: () => void },
    private readonly probe: HealthProbe,
  ) {}

  /** The server's data dir. */
  get dataDir(): string {
    return this.data.dir
  }

  /** The in-process server (for tests that reach into it, e.g. its store). */
  get server(): CellmateServer {
    if (!this.inProcess) throw new Error('the server runs in a child process')
    return this.inProcess
  }

  /**
   * Starts a server in this process, warms it up (first export, first join: lazy loads are
   * not an attack) and begins probing its `/healthz`.
   */
  static async start(
    overrides: Partial<ServerOptions> = {},
    probe: { acceptStatus?: number[] } = {},
  ): Promise<HostileBed> {
    const data = tempDataDir()
    const server = await createServer(inProcessConfig(data.dir, 0, overrides))
    const url = await server.listen()
    await warmUp(url)
    return new HostileBed(
      url,
      server,
      () => server.close(),
      data,
      await HealthProbe.start(url, probe),
    )
  }

  /**
   * Stops the in-process server and starts a new one on the same data dir and address (clients
   * reconnect to it), e.g. with another store.
   */
  async restart(overrides: Partial<ServerOptions> = {}): Promise<void> {
    await this.stopServer()
    const server = await createServer(
      inProcessConfig(this.data.dir, Number(new URL(this.url).port), overrides),
    )
    await server.listen()
    this.inProcess = server
    this.stopServer = () => server.close()
  }

  /**
   * Starts the built server (`dist/main.js`) as a child process, for attacks whose effect on
   * the server must be measured apart from this process's own work (victims, readers), or that
   * could kill it. `env` adds settings, e.g. `NODE_OPTIONS` with a heap cap.
   */
  static async startProcess(
    env: NodeJS.ProcessEnv = {},
    probe: { budgetMs?: number } = {},
  ): Promise<HostileBed> {
    const data = tempDataDir()
    const proc = new ServerProcess(
      data.dir,
      await freePort(),
      {
        IDLE_UNLOAD_MS: '200',
        RATE_LIMIT_CREATE_PER_MIN: '0',
        RATE_LIMIT_API_PER_MIN: '0',
        ...env,
      },
      45_000,
    )
    await proc.start()
    await warmUp(proc.url)
    const bed = new HostileBed(
      proc.url,
      null,
      async () => {
        await proc.stop()
      },
      data,
      await HealthProbe.start(proc.url, probe),
    )
    bed.budgetMs = probe.budgetMs ?? 1000
    bed.process = proc
    return bed
  }

  /** How long a `/healthz` probe may take before it counts as unanswered. */
  budgetMs = 1000

  /** The child process of `startProcess`, null in process. */
  process: ServerProcess | null = null

  rest(token?: string): RestClient {
    return new RestClient(this.url, token)
  }

  /** Creates a workbook, writes `cells` to its first sheet over REST. */
  async workbook(title: string, cells: Record<string, string> = {}): Promise<Workbook> {
    const created = await this.rest().createWorkbook(title)
    const wb = { id: created.id, token: created.token, sheetId: created.sheets[0]!.id }
    if (Object.keys(cells).length > 0) {
      await this.rest(wb.token).writeCells(wb.id, wb.sheetId, cells)
    }
    return wb
  }

  /** A token of an edit link: attackers hold one (the harder case). */
  async editToken(wb: Workbook): Promise<string> {
    return (await this.rest(wb.token).createLink(wb.id, 'edit')).token
  }

  /** A real client with the workbook's sheet open and synced. */
  async victim(
    wb: Workbook,
    options: {
      token?: string
      /** An existing document (a reload restoring local state keeps its client id). */
      doc?: Y.Doc
      /** The session secret; a reload passes the one its earlier session had. */
      clientKey?: string
      open?: OpenOptions
    } = {},
  ): Promise<Victim> {
    const clientKey = options.clientKey ?? newClientKey()
    const doc = options.doc ?? new Y.Doc()
    const provider = this.provider(wb, options.token ?? wb.token, clientKey)
    const synced = provider.open(sheetDoc(wb.id, wb.sheetId), doc, options.open)
    const victim = new Victim(provider, synced, doc, clientKey)
    await victim.sheet.whenSynced()
    return victim
  }

  /**
   * A workbook whose victim has made and flushed two edits (A1, B2), and an attacker joined to
   * its sheet with a mirror of it: `send` sends an update as the attacker and keeps its ack.
   */
  async sheetUnderAttack(name: string): Promise<{
    wb: Workbook
    victim: Victim
    doc: string
    mirror: Y.Doc
    send: (update: Uint8Array) => Promise<string>
    acks: Ack[]
  }> {
    const wb = await this.workbook(name)
    const victim = await this.victim(wb)
    victim.edit({ A1: 'alpha' })
    await victim.flushed()
    victim.edit({ B2: 'beta' })
    await victim.flushed()
    const attacker = await this.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await attacker.mirror(doc)
    const acks: Ack[] = []
    const send = async (update: Uint8Array): Promise<string> => {
      const ack = await attacker.send(doc, update)
      acks.push(ack)
      return describeAck(ack)
    }
    return { wb, victim, doc, mirror, send, acks }
  }

  /** A raw attacker socket on `wb` (an edit link by default). */
  async attacker(wb: Workbook, token?: string, localAddress?: string): Promise<RawClient> {
    const raw = await RawClient.connect(
      this.url,
      wb.id,
      token ?? (await this.editToken(wb)),
      localAddress,
    )
    this.raws.push(raw)
    return raw
  }

  /** Document `name` of `wb` as a fresh SyncProvider joining now receives it. */
  async readDoc(wb: Workbook, name: string): Promise<Y.Doc> {
    const provider = this.provider(wb, wb.token)
    try {
      const doc = new Y.Doc()
      await provider.open(name, doc).whenSynced()
      return doc
    } finally {
      provider.destroy()
    }
  }

  /** The first sheet of `wb` as a fresh SyncProvider joining now receives it. */
  async read(wb: Workbook, sheetId = wb.sheetId): Promise<SheetRead> {
    const provider = this.provider(wb, wb.token)
    try {
      const doc = new Y.Doc()
      await provider.open(sheetDoc(wb.id, sheetId), doc).whenSynced()
      return sheetRead(doc)
    } finally {
      provider.destroy()
    }
  }

  /**
   * The sheet document as the server holds it in memory, and whether it has pending structs;
   * null when the server runs in a child process.
   */
  async serverCopy(
    wb: Workbook,
    sheetId = wb.sheetId,
  ): Promise<(SheetRead & { pending: boolean }) | null> {
    if (!this.inProcess) return null
    return this.inProcess.registry.use(sheetDoc(wb.id, sheetId), (entry) => {
      const store = entry.doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
      return {
        ...sheetRead(entry.doc),
        pending: store.pendingStructs !== null || store.pendingDs !== null,
      }
    })
  }

  /**
   * The sheet document as the store would load it (every stored entry applied to a fresh
   * document), and whether it keeps structs or deletions that never integrate; null when the
   * server runs in a child process.
   */
  async storedCopy(
    wb: Workbook,
    sheetId = wb.sheetId,
  ): Promise<(SheetRead & { pending: boolean }) | null> {
    if (!this.inProcess) return null
    const stored = await this.inProcess.store.loadDoc(sheetDoc(wb.id, sheetId))
    const doc = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
    const pending = store.pendingStructs !== null || store.pendingDs !== null
    const read = sheetRead(doc)
    doc.destroy()
    return { ...read, pending }
  }

  /** REST `GET …/cells` of the used range of `read` (formulas excepted: REST shows A1 form). */
  async expectRestAgrees(wb: Workbook, read: SheetRead, sheetId = wb.sheetId): Promise<void> {
    let maxRow = 0
    let maxCol = 0
    for (const address of read.grid.keys()) {
      const pos = parseA1(address)!
      maxRow = Math.max(maxRow, pos.row)
      maxCol = Math.max(maxCol, pos.col)
    }
    const range = `A1:${formatA1({ row: Math.min(maxRow, 999), col: Math.min(maxCol, 49) })}`
    const { inputs } = await this.rest(wb.token).readCells(wb.id, sheetId, range)
    const mismatches: string[] = []
    inputs.forEach((row, r) =>
      row.forEach((input, c) => {
        const expected = read.grid.get(formatA1({ row: r, col: c })) ?? ''
        if (expected.startsWith('=')) return
        if (input !== expected) {
          mismatches.push(`${formatA1({ row: r, col: c })}: REST ${input} vs sync ${expected}`)
        }
      }),
    )
    expect(mismatches, 'REST and a fresh reader disagree').toEqual([])
  }

  /**
   * No divergence: a fresh reader gets exactly the server's copy (cells and state vector),
   * with nothing pending; REST shows the same cells; every victim's copy converges to it.
   */
  async expectConverged(wb: Workbook, victims: readonly Victim[] = []): Promise<SheetRead> {
    const read = await this.read(wb)
    const held = await this.serverCopy(wb)
    if (held) {
      expect(held.pending, 'the server holds structs or deletions that never integrate').toBe(false)
      expect(read.cells).toEqual(held.cells)
      expect(read.stateVector).toEqual(held.stateVector)
      const stored = await this.storedCopy(wb)
      expect(stored?.pending, 'the store keeps structs or deletions that never integrate').toBe(
        false,
      )
      expect(stored?.cells, 'the stored document differs from the loaded one').toEqual(read.cells)
    }
    await this.expectRestAgrees(wb, read)
    for (const v of victims) {
      await waitUntil(() => isDeepEqual(v.rawCells(), read.cells), 10_000).catch(() => {
        expect(v.rawCells(), `${v.label}'s copy diverged from the server's`).toEqual(read.cells)
      })
    }
    return read
  }

  /** Every edit the victim saw acknowledged is on the server, over sync and over REST. */
  async expectAcknowledgedPresent(wb: Workbook, victim: Victim): Promise<void> {
    expect(victim.refusals, `${victim.label}'s own edits were refused`).toEqual([])
    const read = await this.read(wb)
    const missing: string[] = []
    for (const [key, value] of victim.acknowledged) {
      if (read.cells[key] !== value)
        missing.push(`${key}=${value} (server: ${String(read.cells[key])})`)
    }
    expect(missing, `acknowledged edits of ${victim.label} missing from the server`).toEqual([])
    // Over REST, at the position each acknowledged cell has on the server now.
    const positions = new Map<string, string>()
    for (const [key, value] of victim.acknowledged) {
      const address = read.addressOf.get(key)
      if (address) positions.set(address, value)
    }
    for (const [address, value] of positions) {
      const { inputs } = await this.rest(wb.token).readCells(wb.id, wb.sheetId, address)
      expect(inputs[0]?.[0], `REST ${address}`).toBe(value)
    }
  }

  /** What another workbook looks like now, to show later that an attack did not touch it. */
  async snapshot(wb: Workbook): Promise<unknown> {
    const read = await this.read(wb)
    const rest = this.rest(wb.token)
    const info = await rest.getWorkbook(wb.id)
    const cells = await rest.readCells(wb.id, wb.sheetId, 'A1:J20')
    return { cells: read.cells, sv: [...read.stateVector], info, rest: cells.inputs }
  }

  /** REST reads and exports of `wb` answer (no 500 from a value an attack left behind). */
  async expectReadable(wb: Workbook): Promise<void> {
    const rest = this.rest(wb.token)
    const info = await rest.getWorkbook(wb.id)
    expect(info.sheets.length).toBeGreaterThan(0)
    for (const sheet of info.sheets) {
      await rest.readCells(wb.id, sheet.id, 'A1:Z50')
      await rest.exportCsv(wb.id, sheet.id)
    }
    await rest.exportXlsx(wb.id)
  }

  /**
   * The checks every attack ends with: REST reads and exports answer, the victims'
   * acknowledged edits are on the server, nobody diverges, `/healthz` answered throughout.
   */
  async expectUnharmed(wb: Workbook, victims: readonly Victim[]): Promise<void> {
    await this.expectReadable(wb)
    for (const v of victims) await this.expectAcknowledgedPresent(wb, v)
    await this.expectConverged(wb, victims)
    await this.expectHealthy()
  }

  /** Forgets the probes so far (e.g. those that failed while the server restarted). */
  async resetProbe(): Promise<void> {
    await this.probe.report()
  }

  /** Asserts `/healthz` answered within the budget every time since the last check. */
  async expectHealthy(): Promise<ProbeReport> {
    const report = await this.probe.report()
    expect(
      report.failures,
      `/healthz probes over ${this.budgetMs} ms (max ${Math.round(report.maxMs)} ms)`,
    ).toEqual([])
    if (this.budgetMs > 1000) {
      console.log(`/healthz: ${report.probes} probes, slowest ${Math.round(report.maxMs)} ms`)
    }
    expect(report.probes).toBeGreaterThan(0)
    return report
  }

  /**
   * Closes every victim and attacker connection opened so far (each test's own): one address
   * may only hold so many sync connections.
   */
  closeClients(): void {
    for (const p of this.providers.splice(0)) p.destroy()
    for (const r of this.raws.splice(0)) r.close()
  }

  async close(): Promise<void> {
    this.closeClients()
    await this.probe.stop()
    await this.stopServer()
    this.data.remove()
  }

  private provider(wb: Workbook, token: string, clientKey?: string): SyncProvider {
    const provider = new SyncProvider({
      url: this.url,
      workbookId: wb.id,
      token,
      clientKey,
      transports: ['websocket'],
      reconnectionDelayMs: 50,
      reconnectionDelayMaxMs: 200,
      ackTimeoutMs: 5000,
    })
    this.providers.push(provider)
    return provider
  }
}

function inProcessConfig(
  dataDir: string,
  port: number,
  overrides: Partial<ServerOptions>,
): ServerOptions {
  return {
    port,
    host: '127.0.0.1',
    dataDir,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    idleUnloadMs: 200,
    // The suite creates many workbooks and reads a lot over REST from one address.
    rateLimits: { createPerMinute: 0, apiPerMinute: 0 },
    ...overrides,
  }
}

/** First requests of each kind, so lazy loading (exceljs, the update checker) is done. */
async function warmUp(url: string): Promise<void> {
  const rest = new RestClient(url)
  const wb = await rest.createWorkbook('warm-up')
  const owner = rest.withToken(wb.token)
  const sheetId = wb.sheets[0]!.id
  await owner.writeCells(wb.id, sheetId, { A1: '1', B1: '=A1+1' })
  await owner.readCells(wb.id, sheetId, 'A1:B1')
  await owner.exportCsv(wb.id, sheetId)
  await owner.exportXlsx(wb.id)
  const provider = new SyncProvider({
    url,
    workbookId: wb.id,
    token: wb.token,
    transports: ['websocket'],
  })
  try {
    const doc = new Y.Doc()
    await provider.open(sheetDoc(wb.id, sheetId), doc).whenSynced()
    const layout = new SheetLayout(doc)
    setCells(doc, [{ rowId: layout.rowId(0)!, colId: layout.colId(2)!, value: 'x' }])
    layout.destroy()
    await provider.flushed()
  } finally {
    provider.destroy()
  }
}

/** A REST call's error status and code, or `ok`. */
export async function restOutcome(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'ok'
  } catch (err) {
    if (err instanceof RestError) return `${err.status} ${err.body?.code ?? ''}`.trim()
    throw err
  }
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b)
    return true
  } catch {
    return false
  }
}
