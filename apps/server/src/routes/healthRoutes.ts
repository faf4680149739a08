import type { FastifyPluginAsync } from 'fastify'
import type { DocumentRegistry } from '../documentRegistry.js'

/** `/healthz`: liveness for load balancers and tests. */
export const healthRoutes: FastifyPluginAsync<{ registry: DocumentRegistry }> = async (
  app,
  opts,
) => {
  app.get('/healthz', { schema: { hide: true } }, () => ({
    status: 'ok',
    documentsLoaded: opts.registry.loadedCount,
  }))
}
