import Fastify, { type FastifyInstance } from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import { Server as SocketServer } from 'socket.io'
import { wireParser } from '@cellmate/client/wire'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import {
  CellmateError,
  ERROR_CODES,
  EVENTS,
  LIMITS,
  SYNC_NAMESPACE,
  parseDocName,
} from '@cellmate/protocol'
import { DEFAULT_SHEET_LIMITS } from '@cellmate/model'
import {
  DEFAULT_EXPORT_MAX_CELLS,
  DEFAULT_IMPORT_CONCURRENCY,
  DEFAULT_METRICS_HOST,
  DEFAULT_SOCKET_LIMITS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  httpTimeouts,
  type ServerConfig,
} from './config.js'
import { DocumentRegistry } from './documentRegistry.js'
import type { DocEntry } from './docEntry.js'
import { WorkbookEvaluator } from './evaluation/workbookEvaluator.js'
import { openStore } from './store/openStore.js'
import type { RedisCluster } from './cluster/redisCluster.js'
import { ServerMetrics } from './metrics/serverMetrics.js'
import { startMetricsListener, type MetricsListener } from './routes/metricsRoutes.js'
import type { Store } from './store/store.js'
import type { Author } from './store/historyRecords.js'
import { StoreHealth, monitorStore } from './store/storeHealth.js'
import { WorkbookService } from './workbookService.js'
import { SheetService } from './sheetService.js'
import { RuleSheetRenames } from './ruleSheetRenames.js'
import { attachSyncNamespace } from './sync/syncNamespace.js'
import { SocketLimits } from './sync/socketLimits.js'
import { writeToRoom } from './sync/roomWriter.js'
import { UpdateFanout } from './sync/updateFanout.js'
import { UpdateInspector } from './sync/updateInspector.js'
import { installErrorHandler } from './routes/errorHandler.js'
import { installUploadGate } from './routes/uploadGate.js'
import { DEFAULT_IMPORT_CONFIG } from './transfer/importConfig.js'
import { healthRoutes } from './routes/healthRoutes.js'
import { installOpenApiRoutes } from './routes/openApiRoutes.js'
import { joinDownloadRoutes } from './routes/joinDownloadRoutes.js'
import { JoinDownloads } from './sync/joinDownloads.js'
import { workbookRoutes } from './routes/workbookRoutes.js'
import { sheetRoutes } from './routes/sheetRoutes.js'
import { sortRoutes } from './routes/sortRoutes.js'
import { hiddenRoutes } from './routes/hiddenRoutes.js'
import { cellRoutes } from './routes/cellRoutes.js'
import { commentRoutes } from './routes/commentRoutes.js'
import { mergeRoutes } from './routes/mergeRoutes.js'
import { tableRoutes } from './routes/tableRoutes.js'
import { validationRoutes } from './routes/validationRoutes.js'
import { conditionalFormatRoutes } from './routes/conditionalFormatRoutes.js'
import { nameRoutes } from './routes/nameRoutes.js'
import { filterRoutes } from './routes/filterRoutes.js'
import { installWorkbookAccess } from './routes/workbookAccess.js'
import { linkRoutes } from './routes/linkRoutes.js'
import { transferRoutes } from './routes/transferRoutes.js'
import { ShareLinkService } from './shareLinkService.js'
import { contentSecurityPolicy } from './routes/securityHeaders.js'
import { resolveWebDist, webAppRoutes } from './routes/webAppRoutes.js'
import { historyRoutes } from './routes/historyRoutes.js'
import { endConnectionsAfter, runShutdownSteps, trackConnections } from './shutdownSteps.js'
import { CellEditLog } from './history/cellEditLog.js'
import { VersionService } from './history/versionService.js'
import { VersionSchedule } from './history/versionSchedule.js'
import { DEFAULT_VERSION_POLICY } from './history/versionPolicy.js'
import { requestLogSerializers } from './requestLog.js'

export interface CellmateServer {
  app: FastifyInstance
  io: SocketServer
  registry: DocumentRegistry
  /** Formula evaluation of workbooks, for REST reads and exports. */
  evaluator: WorkbookEvaluator
  store: Store
  /** Versions of workbooks (take, open, restore, retention). */
  versions: VersionService
  /** Automatic versions: `check()` takes the ones due (tests call it after moving `now`). */
  versionSchedule: VersionSchedule
  /** The other processes of a multi-node deployment (`REDIS_URL`); null on a single node. */
  cluster: RedisCluster | null
  metrics: ServerMetrics
  /** Big join answers waiting to be downloaded (`JoinOk.download`). */
  downloads: JoinDownloads
  /** The checking of untrusted updates (its worker threads). */
  inspector: UpdateInspector
  /**
   * Starts listening (and the metrics listener, with `metricsPort`); resolves to the bound
   * address, e.g. `http://127.0.0.1:41235`.
   */
  listen(): Promise<string>
  /** Where `/metrics` is served once listening; null without `metricsPort`. */
  readonly metricsUrl: string | null
  /** Stops accepting, disconnects sockets, compacts and closes the store. */
  close(): Promise<void>
}

/** Settings with a default, which callers of `createServer` (tests) may leave out. */
type DefaultedSetting =
  | 'sheetLimits'
  | 'publicUrl'
  | 'trustProxy'
  | 'rateLimits'
  | 'databaseUrl'
  | 'redisUrl'
  | 'requestTimeoutMs'
  | 'importConcurrency'
  | 'exportMaxCells'
  | 'socketLimits'
  | 'metricsPort'
  | 'metricsHost'
  | 'versionPolicy'

/** What `createServer` needs; the settings a test rarely cares about have defaults. */
export type ServerOptions = Omit<ServerConfig, DefaultedSetting> &
  Partial<Pick<ServerConfig, DefaultedSetting>> & {
    /**
     * An open store to use instead of the one `databaseUrl`/`dataDir` name (embedding, tests
     * of storage failures); closed with the server.
     */
    store?: Store
    /** Epoch ms now, for version times and the version schedule (tests move it). */
    now?: () => number
    /** Where log lines go instead of stdout (tests read them). */
    logStream?: { write(line: string): void }
  }

/** Builds the whole server (HTTP, REST, Socket.IO sync, store) without starting it. */
export async function createServer(config: ServerOptions): Promise<CellmateServer> {
  const rateLimits = config.rateLimits ?? DEFAULT_RATE_LIMITS
  const app = Fastify({
    logger: {
      level: config.logLevel,
      serializers: requestLogSerializers,
      ...(config.logStream ? { stream: config.logStream } : {}),
    },
    bodyLimit: LIMITS.maxUpdateBytes + 64 * 1024,
    trustProxy: config.trustProxy ?? false,
    // A request trickled in slower than this is answered 408 and its connection closed.
    ...httpTimeouts(config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)

  // Read at scrape time, once `nsp` and `registry` below exist.
  const metrics = new ServerMetrics({
    connectedSockets: () => nsp.sockets.size,
    loadedDocuments: () => registry.loadedCount,
  })
  // Every store call is watched: storage failures become STORAGE_FAILED and show in /healthz.
  const storeHealth = new StoreHealth()
  const store = monitorStore(
    config.store ?? (await openStore(config, app.log, () => metrics.postgresError())),
    storeHealth,
  )
  let cluster: RedisCluster | null = null
  if (config.redisUrl) {
    // Loaded on demand: a single process never pays for the Redis client and adapter.
    const { RedisCluster } = await import('./cluster/redisCluster.js')
    try {
      cluster = await RedisCluster.connect({
        url: config.redisUrl,
        log: app.log,
        onError: () => metrics.redisError(),
        onPublish: () => metrics.updatesSent('nodes'),
      })
    } catch (err) {
      await store.close()
      throw err
    }
  }
  const socketLimits = new SocketLimits({
    ...(config.socketLimits ?? DEFAULT_SOCKET_LIMITS),
    trustProxy: config.trustProxy ?? false,
    log: app.log,
  })
  // Ended by the shutdown if they outlive its grace period (`endConnectionsAfter`).
  const connections = trackConnections(app.server)
  const io = new SocketServer(app.server, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.maxUpdateBytes + 64 * 1024,
    // Same origin only: the web app is served from this server.
    cors: undefined,
    allowRequest: socketLimits.allowRequest,
    // A packet with binary data in one frame; every client speaks it too.
    parser: wireParser,
  })
  // Rooms and awareness relays reach every node's sockets through Redis.
  if (cluster) io.adapter(cluster.adapter())
  const nsp = io.of(SYNC_NAMESPACE)
  // The updates of one group commit leave as one message per document, and a big room gets at
  // most one message per window (see UpdateFanout).
  const fanout = new UpdateFanout(
    (doc, update, except) => {
      // Encoded once, and only if someone but the senders is in the room (writeToRoom).
      const recipients = writeToRoom(nsp, doc, EVENTS.update, { doc, update }, except)
      if (recipients > 0) metrics.updatesSent('sockets', recipients)
    },
    (doc) => nsp.adapter.rooms.get(doc)?.size ?? 0,
  )
  const now = config.now ?? Date.now
  const cellEdits = new CellEditLog(store, app.log, now)
  // Set once `versions` exists below; only documents loaded after start-up call these.
  let onWritten: (workbookId: string, author: Author) => void = () => {}
  // Set once `registry` exists below: the workbook documents it loads are watched for renames.
  let watchRenames: (entry: DocEntry) => void = () => {}
  const registry = new DocumentRegistry({
    store,
    onLoaded: (entry) => {
      cellEdits.watch(entry)
      watchRenames(entry)
    },
    onWritten: (entry, author) => {
      const ref = parseDocName(entry.name)
      if (ref) onWritten(ref.kind === 'sheet' ? ref.workbookId : ref.id, author)
    },
    log: app.log,
    idleUnloadMs: config.idleUnloadMs,
    fanout: cluster ?? undefined,
    onUpdateIn: (source) => metrics.updateIn(source),
    onPersist: (seconds) => metrics.persisted(seconds),
    limits: config.sheetLimits ?? DEFAULT_SHEET_LIMITS,
    broadcast: (event, doc, update, except) => {
      // Updates go to this node's sockets only: every other node that has the document loaded
      // receives it over the document's Redis channel, applies it, and relays it to its own.
      if (event === 'update') fanout.push(doc, update, except)
      else (except ? nsp.to(doc).except(except) : nsp.to(doc)).emit(event, { doc, update })
    },
    sendBroadcasts: (doc) => fanout.sendNow(doc),
  })
  cluster?.onReconnect(() => void registry.resyncFromStore())
  const workbooks = new WorkbookService(store, cluster ?? undefined)
  const sheets = new SheetService({ store, registry, workbooks, log: app.log })
  const ruleRenames = new RuleSheetRenames({ registry, workbooks, log: app.log })
  watchRenames = (entry) => ruleRenames.watch(entry)
  const evaluator = new WorkbookEvaluator({
    registry,
    sheetIds: (workbookId) => workbooks.sheetIds(workbookId),
    log: app.log,
    idleMs: config.idleUnloadMs,
  })
  const links = new ShareLinkService(store)
  const versions = new VersionService({
    store,
    registry,
    workbooks,
    log: app.log,
    policy: config.versionPolicy ?? DEFAULT_VERSION_POLICY,
    now,
  })
  const versionSchedule = new VersionSchedule(versions, app.log)
  onWritten = (workbookId, author) => {
    versions.noteParticipant(workbookId, author)
    versionSchedule.edited(workbookId)
  }
  const inspector = new UpdateInspector({ log: app.log })
  const downloads = new JoinDownloads()
  attachSyncNamespace(nsp, {
    registry,
    downloads,
    workbooks,
    sheets,
    links,
    inspector,
    log: app.log,
    cluster: cluster ?? undefined,
    messageLimiter: (socket) => socketLimits.messageLimiter(socket),
  })
  socketLimits.install(app.server, io, nsp)
  io.engine.on('connection_error', (err: { code: number; message: string }) =>
    app.log.debug({ code: err.code, message: err.message }, 'engine.io connection refused'),
  )

  // Security headers on every response; no CORS plugin: the API answers its own origin only.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy() },
  })
  // Registered before the routes: it hooks each route as it is added.
  await app.register(fastifyRateLimit, {
    global: rateLimits.apiPerMinute > 0,
    max: rateLimits.apiPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      new CellmateError(
        ERROR_CODES.RATE_LIMITED,
        `too many requests; try again in ${context.after}`,
      ),
  })
  installWorkbookAccess(app, workbooks)
  installUploadGate(app, {
    maxBytes: (config.importConfig ?? DEFAULT_IMPORT_CONFIG).maxBytes,
    concurrency: config.importConcurrency ?? DEFAULT_IMPORT_CONCURRENCY,
  })

  installOpenApiRoutes(app)
  await app.register(healthRoutes, { registry, storeHealth })
  await app.register(joinDownloadRoutes, { downloads })
  const limits = config.sheetLimits ?? DEFAULT_SHEET_LIMITS
  await app.register(workbookRoutes, {
    registry,
    workbooks,
    sheets,
    createPerMinute: rateLimits.createPerMinute,
  })
  await app.register(cellRoutes, { registry, evaluator, sheets, limits, versions, store })
  await app.register(historyRoutes, {
    store,
    registry,
    workbooks,
    sheets,
    versions,
    schedule: versionSchedule,
  })
  await app.register(sheetRoutes, { registry, sheets, limits, ruleRenames })
  await app.register(sortRoutes, { registry, evaluator, sheets })
  await app.register(hiddenRoutes, { registry, sheets })
  await app.register(commentRoutes, { registry, sheets })
  await app.register(mergeRoutes, { registry, sheets })
  await app.register(tableRoutes, { registry, sheets })
  await app.register(validationRoutes, { registry, sheets, evaluator })
  await app.register(conditionalFormatRoutes, { registry, sheets, evaluator })
  await app.register(filterRoutes, { registry, evaluator, sheets })
  await app.register(nameRoutes, { registry, evaluator })
  await app.register(linkRoutes, {
    links,
    publicUrl: config.publicUrl ?? null,
    settings: (id) => store.getWorkbookSettings(id),
  })
  await app.register(transferRoutes, {
    registry,
    workbooks,
    evaluator,
    sheets,
    limits,
    importConfig: config.importConfig,
    exportMaxCells: config.exportMaxCells ?? DEFAULT_EXPORT_MAX_CELLS,
    createPerMinute: rateLimits.createPerMinute,
    publicUrl: config.publicUrl ?? null,
    onImported: async (workbookId, files) => {
      try {
        const version = await versions.take(workbookId, 'import', `Imported ${files}`.slice(0, 200))
        versionSchedule.versioned(workbookId, version.createdAt)
      } catch (err) {
        // The import is stored; only its version is missing (the next automatic one has it).
        app.log.error({ err, workbookId }, 'could not take the version of an import')
      }
    },
  })
  const webDist = resolveWebDist()
  if (webDist) await app.register(webAppRoutes, { root: webDist })
  else app.log.warn('web app not built (run `pnpm build`); serving the API only')

  let closed = false
  let metricsListener: MetricsListener | null = null
  return {
    app,
    io,
    registry,
    evaluator,
    store,
    versions,
    versionSchedule,
    cluster,
    metrics,
    downloads,
    inspector,
    async listen() {
      const address = await app.listen({ port: config.port, host: config.host })
      versionSchedule.start()
      if (config.metricsPort != null) {
        metricsListener = await startMetricsListener(
          metrics,
          { port: config.metricsPort, host: config.metricsHost ?? DEFAULT_METRICS_HOST },
          app.log,
        )
      }
      return address
    },
    get metricsUrl() {
      return metricsListener?.url ?? null
    },
    async close() {
      if (closed) return
      closed = true
      await runShutdownSteps(
        [
          {
            // Socket.IO only drops its transports, which clients see as a lost connection
            // and retry (an explicit disconnect would stop them); new sessions are refused.
            name: 'sync connections',
            run: () => {
              socketLimits.close()
              io.engine.close()
            },
          },
          { name: 'metrics listener', run: () => metricsListener?.close() },
          {
            name: 'http server',
            run: () => endConnectionsAfter(app.close(), connections, app.log),
          },
          { name: 'update inspector', run: () => inspector.close() },
          { name: 'evaluator', run: () => evaluator.close() },
          {
            // Edits not yet in a version get one (a restart must not lose the next automatic one).
            name: 'pending versions',
            run: async () => {
              versionSchedule.stop()
              await versionSchedule.flush()
            },
          },
          { name: 'documents', run: () => registry.close() },
          { name: 'cluster', run: () => cluster?.close() },
          { name: 'store', run: () => store.close() },
        ],
        app.log,
      )
    },
  }
}
