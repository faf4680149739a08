import type { FastifyPluginAsync } from 'fastify'
import type { DocumentRegistry } from '../documentRegistry.js'

/** `/healthz`: liveness for load balancers and tests. */
export const healthRoutes: FastifyPluginAsync<{ registry: DocumentRegistry }> = async (
  app,
  opts,
) => {
  // Load balancers and tests poll it; it is cheap and never rate limited.
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, () => ({
    status: 'ok',
    documentsLoaded: opts.registry.loadedCount,
  }))
}
