import Fastify, { type FastifyInstance } from 'fastify'
import fastifySwagger from '@fastify/swagger'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import { Server as SocketServer } from 'socket.io'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import { CellmateError, ERROR_CODES, LIMITS, SYNC_NAMESPACE } from '@cellmate/protocol'
import { DEFAULT_SHEET_LIMITS } from '@cellmate/model'
import { DEFAULT_RATE_LIMITS, type ServerConfig } from './config.js'
import { DocumentRegistry } from './documentRegistry.js'
import { WorkbookEvaluator } from './evaluation/workbookEvaluator.js'
import { SqliteStore } from './store/sqliteStore.js'
import type { Store } from './store/store.js'
import { WorkbookService } from './workbookService.js'
import { attachSyncNamespace } from './sync/syncNamespace.js'
import { UpdateInspector } from './sync/updateInspector.js'
import { installErrorHandler } from './routes/errorHandler.js'
import { healthRoutes } from './routes/healthRoutes.js'
import { workbookRoutes } from './routes/workbookRoutes.js'
import { sheetRoutes } from './routes/sheetRoutes.js'
import { cellRoutes } from './routes/cellRoutes.js'
import { WorkbookAccess, installWorkbookAccess } from './routes/workbookAccess.js'
import { linkRoutes } from './routes/linkRoutes.js'
import { ShareLinkService } from './shareLinkService.js'
import { contentSecurityPolicy } from './routes/securityHeaders.js'
import { resolveWebDist, webAppRoutes } from './routes/webAppRoutes.js'

export interface CellmateServer {
  app: FastifyInstance
  io: SocketServer
  registry: DocumentRegistry
  /** Formula evaluation of workbooks, for REST reads and exports. */
  evaluator: WorkbookEvaluator
  store: Store
  /** Starts listening; resolves to the bound address, e.g. `http://127.0.0.1:41235`. */
  listen(): Promise<string>
  /** Stops accepting, disconnects sockets, compacts and closes the store. */
  close(): Promise<void>
}

/** What `createServer` needs; the settings a test rarely cares about have defaults. */
export type ServerOptions = Omit<
  ServerConfig,
  'sheetLimits' | 'publicUrl' | 'trustProxy' | 'rateLimits'
> &
  Partial<Pick<ServerConfig, 'sheetLimits' | 'publicUrl' | 'trustProxy' | 'rateLimits'>>

/** Builds the whole server (HTTP, REST, Socket.IO sync, store) without starting it. */
export async function createServer(config: ServerOptions): Promise<CellmateServer> {
  const rateLimits = config.rateLimits ?? DEFAULT_RATE_LIMITS
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: LIMITS.maxUpdateBytes + 64 * 1024,
    trustProxy: config.trustProxy ?? false,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)

  const store = new SqliteStore(config.dataDir)
  const io = new SocketServer(app.server, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.maxUpdateBytes + 64 * 1024,
    // Same origin only: the web app is served from this server.
    cors: undefined,
  })
  const nsp = io.of(SYNC_NAMESPACE)
  const registry = new DocumentRegistry({
    store,
    log: app.log,
    idleUnloadMs: config.idleUnloadMs,
    broadcast: (event, doc, update, except) => {
      const target = except ? nsp.to(doc).except(except) : nsp.to(doc)
      target.emit(event, { doc, update })
    },
  })
  const evaluator = new WorkbookEvaluator({ registry, log: app.log, idleMs: config.idleUnloadMs })
  const workbooks = new WorkbookService(store)
  const links = new ShareLinkService(store)
  const inspector = new UpdateInspector({ log: app.log })
  attachSyncNamespace(nsp, { registry, workbooks, links, inspector, log: app.log })
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

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cellmate API', version: '0.1.0' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger())
  await app.register(healthRoutes, { registry })
  const access = new WorkbookAccess(registry)
  const limits = config.sheetLimits ?? DEFAULT_SHEET_LIMITS
  await app.register(workbookRoutes, {
    registry,
    workbooks,
    createPerMinute: rateLimits.createPerMinute,
  })
  await app.register(cellRoutes, { registry, evaluator, access, limits })
  await app.register(sheetRoutes, { registry, access, limits })
  await app.register(linkRoutes, { links, publicUrl: config.publicUrl ?? null })
  const webDist = resolveWebDist()
  if (webDist) await app.register(webAppRoutes, { root: webDist })
  else app.log.warn('web app not built (run `pnpm build`); serving the API only')

  let closed = false
  return {
    app,
    io,
    registry,
    evaluator,
    store,
    async listen() {
      return app.listen({ port: config.port, host: config.host })
    },
    async close() {
      if (closed) return
      closed = true
      // Fastify closes the HTTP server; Socket.IO only drops its transports, which clients
      // see as a lost connection and retry (an explicit disconnect would stop them).
      io.engine.close()
      await app.close()
      await inspector.close()
      evaluator.close()
      await registry.close()
      await store.close()
    },
  }
}
