import type { FastifyPluginAsync } from 'fastify'
import type { ServerMetrics } from '../metrics/serverMetrics.js'

/**
 * `/metrics`: Prometheus text format for this process. Meant for a scraper on the private
 * network; a public reverse proxy should not forward it (see the README's nginx example).
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: ServerMetrics }> = async (app, opts) => {
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_, reply) =>
    reply.type(opts.metrics.contentType).send(await opts.metrics.render()),
  )
}
