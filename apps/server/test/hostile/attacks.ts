import { Worker } from 'node:worker_threads'
import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { wireParser } from '@cellmate/client/wire'
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness'
import { ERROR_CODES, EVENTS, PROTOCOL_VERSION, SYNC_NAMESPACE } from '@cellmate/protocol'

/**
 * Reusable attack builders for the hostile suite: a raw Socket.IO client speaking the sync
 * protocol (no `@cellmate/client` logic in the way), a mirror of a server document built from
 * a real join, updates crafted against that mirror (overwrites, mid-array inserts, pending
 * structs and delete sets, another client's id), and a `/healthz` probe that runs on its own
 * thread while an attack is under way.
 */

/** Name of a workbook's document (the one place the suite spells it). */
export function workbookDoc(workbookId: string): string {
  return `wb:${workbookId}`
}

/** Name of a sheet's document (the one place the suite spells it). */
export function sheetDoc(workbookId: string, sheetId: string): string {
  return `sheet:${workbookId}:${sheetId}`
}

/** Any ack of the sync protocol, as received (binary fields as Node `Buffer`s). */
export interface Ack {
  ok?: true
  update?: Uint8Array
  stateVector?: Uint8Array
  role?: string
  session?: string
  error?: { code: string; message: string }
}

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES))

/**
 * True when `ack` is a refusal with one of the protocol's codes other than the ones that mean
 * "the server failed" or "try later": a hostile update must be refused for what it is.
 */
export function isRefusal(ack: Ack | undefined): boolean {
  const code = ack?.error?.code
  return (
    code !== undefined &&
    KNOWN_CODES.has(code) &&
    code !== ERROR_CODES.INTERNAL &&
    code !== ERROR_CODES.RATE_LIMITED &&
    code !== ERROR_CODES.STORAGE_FAILED
  )
}

/** One line for a test message: `ok` or `CODE: message`. */
export function describeAck(ack: Ack | undefined): string {
  if (!ack) return 'no ack'
  if (ack.error) return `${ack.error.code}: ${ack.error.message}`
  return ack.ok ? 'ok' : JSON.stringify(ack)
}

/**
 * A Socket.IO connection to `/sync` as an outsider's script opens it: the handshake a client
 * sends, then whatever events the caller chooses. Awareness relayed to it is recorded, so the
 * attacker learns the other users' Yjs client ids the way any participant does.
 */
export class RawClient {
  /** Client ids announced in each document's awareness. */
  readonly awarenessClients = new Map<string, Set<number>>()
  /** The size of every awareness update relayed to this client, in bytes. */
  readonly awarenessBytes: number[] = []
  private readonly mirrors = new Map<string, Y.Doc>()

  private constructor(readonly socket: Socket) {
    socket.on(EVENTS.awareness, (msg: { doc?: unknown; update?: unknown }) => {
      if (typeof msg?.doc !== 'string' || !(msg.update instanceof Uint8Array)) return
      this.awarenessBytes.push(msg.update.byteLength)
      const scratch = new Awareness(new Y.Doc())
      try {
        applyAwarenessUpdate(scratch, msg.update, 'relay')
      } catch {
        return
      }
      let ids = this.awarenessClients.get(msg.doc)
      if (!ids) this.awarenessClients.set(msg.doc, (ids = new Set()))
      for (const id of scratch.getStates().keys()) ids.add(id)
      scratch.destroy()
    })
    socket.on(EVENTS.update, (msg: { doc?: unknown; update?: unknown }) => {
      if (typeof msg?.doc !== 'string' || !(msg.update instanceof Uint8Array)) return
      const mirror = this.mirrors.get(msg.doc)
      if (mirror) Y.applyUpdate(mirror, msg.update, 'server')
    })
  }

  /**
   * Connects with a workbook's token; rejects with the handshake's refusal code. `localAddress`
   * (another loopback address, e.g. `127.0.0.2`) makes the server see another client address.
   */
  static connect(
    url: string,
    workbookId: string,
    token: string | undefined,
    localAddress?: string,
  ): Promise<RawClient> {
    const socket = io(`${url}${SYNC_NAMESPACE}`, {
      auth: { workbookId, token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: wireParser,
      ...(localAddress ? { localAddress } : {}),
    })
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new RawClient(socket)))
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        socket.close()
        reject(Object.assign(new Error(err.message), { code: err.data?.code }))
      })
    })
  }

  /** Emits an event and waits for its ack (rejects on timeout or disconnect). */
  async request(event: string, payload: unknown, timeoutMs = 15_000): Promise<Ack> {
    return (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack
  }

  join(doc: string, stateVector: Uint8Array = new Uint8Array([0])): Promise<Ack> {
    return this.request(EVENTS.join, { doc, stateVector })
  }

  send(doc: string, update: Uint8Array, timeoutMs?: number): Promise<Ack> {
    return this.request(EVENTS.update, { doc, update }, timeoutMs)
  }

  /**
   * Joins `doc` and returns a local copy of it: the join ack's state, kept current with the
   * updates the server relays afterwards. Crafted updates are built against this copy.
   */
  async mirror(doc: string): Promise<Y.Doc> {
    const existing = this.mirrors.get(doc)
    if (existing) return existing
    const ack = await this.join(doc)
    if (!ack.ok || !ack.update) throw new Error(`join of ${doc} refused: ${describeAck(ack)}`)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, ack.update, 'server')
    this.mirrors.set(doc, copy)
    return copy
  }

  /** Client ids seen in `doc`'s awareness so far. */
  clientsInAwareness(doc: string): number[] {
    return [...(this.awarenessClients.get(doc) ?? [])]
  }

  close(): void {
    this.socket.close()
    for (const d of this.mirrors.values()) d.destroy()
    this.mirrors.clear()
  }
}

/** A fresh client id that no real client is likely to hold (31 random bits, as Yjs picks). */
export function randomClientId(): number {
  return Math.floor(Math.random() * 0x7fffffff) + 1
}

/**
 * An update made against a copy of `base`: `edit` runs on the copy as client `clientId` (a
 * fresh one by default), and only what it changed is returned. Structs inserted next to
 * existing ones name their neighbours, not their parent, exactly like a real client's.
 */
export function craft(
  base: Y.Doc,
  edit: (doc: Y.Doc) => void,
  clientId: number = randomClientId(),
): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  // Set after loading: Yjs picks a new id when a loaded update already uses the doc's own.
  copy.clientID = clientId
  const before = Y.encodeStateVector(copy)
  edit(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}

/**
 * A copy of `base` that writes as `clientId`: an attacker's own replica, for a series of
 * edits with consecutive clocks (take each one's update with `updateOf`).
 */
export function forkAs(base: Y.Doc, clientId: number = randomClientId()): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  copy.clientID = clientId
  return copy
}

/** The update `edit` makes on `doc` (applied there too). */
export function updateOf(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  edit(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

/**
 * Structs whose clocks start `gap` above what `base` has for `clientId`: the server can never
 * integrate them (the earlier clocks never arrive), so they would stay pending.
 */
export function pendingStructs(
  base: Y.Doc,
  edit: (doc: Y.Doc) => void,
  clientId: number = randomClientId(),
  gap = 1,
): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  copy.clientID = clientId
  // Clocks that are spent but never sent: a map entry written `gap` times (one clock each).
  const filler = copy.getMap('__filler__')
  for (let i = 0; i < gap; i++) filler.set('k', i)
  const before = Y.encodeStateVector(copy)
  edit(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}

/** One delete range of a delete set: `len` clocks of `client` from `clock`. */
export interface DeleteRange {
  client: number
  clock: number
  len: number
}

/**
 * A v1 update without structs whose delete set holds `ranges` — built byte by byte, because a
 * real document only ever encodes deletions of structs it has.
 */
export function deleteSetUpdate(ranges: readonly DeleteRange[]): Uint8Array {
  const byClient = new Map<number, DeleteRange[]>()
  for (const r of ranges) {
    let list = byClient.get(r.client)
    if (!list) byClient.set(r.client, (list = []))
    list.push(r)
  }
  const out: number[] = []
  writeVarUint(out, 0) // no structs
  writeVarUint(out, byClient.size)
  for (const [client, list] of byClient) {
    writeVarUint(out, client)
    writeVarUint(out, list.length)
    for (const r of list.sort((a, b) => a.clock - b.clock)) {
      writeVarUint(out, r.clock)
      writeVarUint(out, r.len)
    }
  }
  return Uint8Array.from(out)
}

/**
 * A v1 update of one item with deleted content whose origin is the current value of `key` in
 * the root map `root` of `base`, and an empty delete set — built byte by byte, because Yjs
 * would list the value it replaces in the delete set. Integrated, the item becomes the key's
 * last item and removes that value (`Item.integrate` deletes its left): a removal the delete
 * set does not show.
 */
export function deletedOverwrite(
  base: Y.Doc,
  root: string,
  key: string,
  clientId: number = randomClientId(),
): Uint8Array {
  const current = base.getMap(root)._map.get(key)
  if (!current) throw new Error(`${root} has no "${key}"`)
  const CONTENT_DELETED = 1
  const HAS_ORIGIN = 0x80
  const out: number[] = []
  writeVarUint(out, 1) // one client
  writeVarUint(out, 1) // one struct
  writeVarUint(out, clientId)
  writeVarUint(out, Y.getState(base.store, clientId))
  out.push(CONTENT_DELETED | HAS_ORIGIN)
  writeVarUint(out, current.id.client)
  writeVarUint(out, current.id.clock)
  writeVarUint(out, 1) // deleted content's length
  writeVarUint(out, 0) // an empty delete set
  return Uint8Array.from(out)
}

/**
 * A v1 update of one item between the neighbours `origin` and `rightOrigin` (either may be
 * null, not both), holding `value` (or deleted content when `value` is null), and an empty
 * delete set — built byte by byte, because Yjs only ever writes an item between neighbours of
 * one list. Yjs takes the item's parent (and map key) from its right neighbour, but links it
 * after its left one: neighbours in different places put it in one list while it belongs to
 * another.
 */
export function itemBetween(
  base: Y.Doc,
  origin: Y.ID | null,
  rightOrigin: Y.ID | null,
  value: string | null,
  clientId: number = randomClientId(),
): Uint8Array {
  if (!origin && !rightOrigin) throw new Error('an item between neighbours needs one')
  const CONTENT_DELETED = 1
  const CONTENT_ANY = 8
  const out: number[] = []
  writeVarUint(out, 1) // one client
  writeVarUint(out, 1) // one struct
  writeVarUint(out, clientId)
  writeVarUint(out, Y.getState(base.store, clientId))
  out.push(
    (value === null ? CONTENT_DELETED : CONTENT_ANY) |
      (origin ? 0x80 : 0) |
      (rightOrigin ? 0x40 : 0),
  )
  for (const id of [origin, rightOrigin]) {
    if (!id) continue
    writeVarUint(out, id.client)
    writeVarUint(out, id.clock)
  }
  if (value === null) {
    writeVarUint(out, 1) // deleted content's length
  } else {
    const bytes = new TextEncoder().encode(value)
    writeVarUint(out, 1) // one value
    out.push(119) // a string (lib0 `writeAny`)
    writeVarUint(out, bytes.length)
    out.push(...bytes)
  }
  writeVarUint(out, 0) // an empty delete set
  return Uint8Array.from(out)
}

/**
 * A pending delete set of about `bytes` bytes: one-clock ranges with gaps (so they cannot be
 * merged) of clocks `client` does not have yet, from `fromClock` on.
 */
export function largePendingDeleteSet(
  client: number,
  fromClock: number,
  bytes: number,
): Uint8Array {
  const ranges: DeleteRange[] = []
  // Each range costs about 4-5 bytes (a 3-4 byte clock varint and a 1 byte length).
  const count = Math.floor(bytes / (varUintSize(fromClock + 2 * (bytes / 4)) + 1))
  for (let i = 0; i < count; i++) ranges.push({ client, clock: fromClock + 2 * i, len: 1 })
  return deleteSetUpdate(ranges)
}

/** Appends `n` to `out` as lib0 writes an unsigned varint. */
export function writeVarUint(out: number[], n: number): void {
  let v = n
  while (v > 0x7f) {
    out.push(0x80 | (v & 0x7f))
    v = Math.floor(v / 128)
  }
  out.push(v)
}

function varUintSize(n: number): number {
  let size = 1
  for (let v = n; v > 0x7f; v = Math.floor(v / 128)) size++
  return size
}

/** Every client id with structs in `doc`, with its next clock (its state vector). */
export function stateOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/** Client ids whose structs `update` carries. */
export function structClients(update: Uint8Array): Set<number> {
  const clients = new Set<number>()
  for (const s of Y.decodeUpdate(update).structs) clients.add(s.id.client)
  return clients
}

/** Result of a `/healthz` probe run. */
export interface ProbeReport {
  probes: number
  /** Each failed probe: a timeout over the budget, an error, or a status other than 200. */
  failures: string[]
  maxMs: number
}

/**
 * Polls `/healthz` every `intervalMs` from a worker thread (its own event loop, so the
 * measurement does not wait for the test's own work), each request with a `budgetMs` timeout.
 * `report()` returns every probe since the last report that did not answer within the budget
 * with an accepted status; it waits for a probe in flight and probes once itself when none
 * finished since the last report, so a report is never empty. `stop()` ends it with a last
 * report. The worker's first request (its own start-up) is not counted.
 */
export class HealthProbe {
  private readonly worker: Worker
  private readonly reports: Array<(r: ProbeReport) => void> = []
  private readonly ready: Promise<void>

  private constructor(url: string, intervalMs: number, budgetMs: number, acceptStatus: number[]) {
    this.worker = new Worker(PROBE_SOURCE, {
      eval: true,
      workerData: { url: `${url}/healthz`, intervalMs, budgetMs, acceptStatus },
    })
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: 'ready' | ProbeReport) => {
        if (msg === 'ready') resolve()
        else this.reports.shift()?.(msg)
      })
      this.worker.once('error', reject)
    })
  }

  /**
   * Starts probing once the worker is up. `acceptStatus` lists the answers that count as
   * answered (a degraded store answers 503, and that is still an answer).
   */
  static async start(
    url: string,
    options: { intervalMs?: number; budgetMs?: number; acceptStatus?: number[] } = {},
  ): Promise<HealthProbe> {
    const probe = new HealthProbe(
      url,
      options.intervalMs ?? 100,
      options.budgetMs ?? 1000,
      options.acceptStatus ?? [200],
    )
    await probe.ready
    return probe
  }

  /** The probes since the last report. */
  report(): Promise<ProbeReport> {
    return new Promise((resolve) => {
      this.reports.push(resolve)
      this.worker.postMessage('report')
    })
  }

  async stop(): Promise<ProbeReport> {
    const last = await this.report()
    await this.worker.terminate()
    return last
  }
}

const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { url, intervalMs, budgetMs, acceptStatus } = workerData
const t0 = performance.now()
const at = () => ' at +' + ((performance.now() - t0) / 1000).toFixed(1) + ' s'
let report = { probes: 0, failures: [], maxMs: 0 }
let inFlight = null
// A report waits for the probe in flight (a slow answer is what it is there to catch), and
// when no probe has finished since the last report (a short test between two ticks, or one
// long stall) it probes once more, so every report covers the moment it was asked for.
parentPort.on('message', async () => {
  if (inFlight) await inFlight
  if (report.probes === 0) await probe()
  parentPort.postMessage(report)
  report = { probes: 0, failures: [], maxMs: 0 }
})
function probe() {
  inFlight = probeOnce().finally(() => { inFlight = null })
  return inFlight
}
async function probeOnce() {
  const started = performance.now()
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(budgetMs) })
    await res.arrayBuffer()
    const ms = performance.now() - started
    report.maxMs = Math.max(report.maxMs, ms)
    if (!acceptStatus.includes(res.status)) {
      report.failures.push('status ' + res.status + ' after ' + Math.round(ms) + ' ms' + at())
    }
  } catch (err) {
    const ms = performance.now() - started
    report.maxMs = Math.max(report.maxMs, ms)
    report.failures.push((err && err.name) + ' after ' + Math.round(ms) + ' ms' + at())
  }
  report.probes++
}
async function loop() {
  // The worker's own first request loads fetch: not a measurement of the server.
  await fetch(url).then((r) => r.arrayBuffer()).catch(() => {})
  parentPort.postMessage('ready')
  for (;;) {
    await probe()
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
loop()
`
