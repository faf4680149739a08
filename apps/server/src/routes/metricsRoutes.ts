import Fastify, { type FastifyBaseLogger, type FastifyPluginAsync } from 'fastify'
import type { ServerMetrics } from '../metrics/serverMetrics.js'

/** `/metrics`: Prometheus text format for this process. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: ServerMetrics }> = async (app, opts) => {
  app.get('/metrics', async (_, reply) =>
    reply.type(opts.metrics.contentType).send(await opts.metrics.render()),
  )
}

/** The metrics listener once it is up. */
export interface MetricsListener {
  /** Where `/metrics` is served, e.g. `http://127.0.0.1:9464`. */
  url: string
  close(): Promise<void>
}

/**
 * Serves `/metrics` on a listener of its own (`METRICS_PORT`, bound to `METRICS_HOST`,
 * 127.0.0.1 by default), never on the public port: the numbers describe the server's load
 * and are for a scraper on the same host or a private network, not for anyone who can reach
 * the app.
 */
export async function startMetricsListener(
  metrics: ServerMetrics,
  options: { port: number; host: string },
  log: FastifyBaseLogger,
): Promise<MetricsListener> {
  const app = Fastify({ loggerInstance: log.child({ listener: 'metrics' }) })
  await app.register(metricsRoutes, { metrics })
  const url = await app.listen({ port: options.port, host: options.host })
  return { url, close: () => app.close() }
}
