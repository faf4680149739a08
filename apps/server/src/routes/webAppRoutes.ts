import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'

/** Where the built web app is: `WEB_DIST` or the `dist/` of the `@cellmate/web` package. */
export function resolveWebDist(): string | null {
  const fromEnv = process.env.WEB_DIST
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null
  try {
    const pkg = createRequire(import.meta.url).resolve('@cellmate/web/package.json')
    const dist = path.join(path.dirname(pkg), 'dist')
    return fs.existsSync(path.join(dist, 'index.html')) ? dist : null
  } catch {
    return null
  }
}

/**
 * Serves the single-page app: every built file at its path (`wildcard: false` registers one
 * route per file found at start-up), hashed assets cached for good, and `index.html` for every
 * app route (`/`, `/w/<id>`) so deep links and reloads work.
 */
export const webAppRoutes: FastifyPluginAsync<{ root: string }> = async (app, opts) => {
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable')
      }
    },
  })
  const indexHtml = fs.readFileSync(path.join(opts.root, 'index.html'), 'utf8')
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml)
  app.get('/', { schema: { hide: true } }, sendIndex)
  app.get('/w/*', { schema: { hide: true } }, sendIndex)
}
