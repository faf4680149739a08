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

/** Vite's content-hashed output (`assets/<name>-<hash>.<ext>`): a new build has new names. */
const HASHED_DIR = 'assets'
const CACHE_FOR_GOOD = 'public, max-age=31536000, immutable'
/** Compressed copies made at build time, next to the file they compress. */
const COMPRESSED_COPY = /\.(?:br|gz)$/

/**
 * Serves the single-page app: every built file at its path (`wildcard: false` registers one
 * route per file found at start-up), and `index.html` for every app route (`/`, `/w/<id>`) so
 * deep links and reloads work.
 *
 * Hashed assets are cached for good, and everything else (`index.html`, which names the
 * current hashes) is revalidated on every load, so a deploy reaches a reload at once. Scripts
 * and styles go out as the brotli or gzip copy the web build made beside them (`preCompressed`),
 * whichever the browser accepts, never compressed per request.
 */
export const webAppRoutes: FastifyPluginAsync<{ root: string }> = async (app, opts) => {
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    index: false,
    preCompressed: true,
    // `send` would otherwise set its own `cache-control: public, max-age=0` over ours.
    cacheControl: false,
    allowedPath: (pathname) => !COMPRESSED_COPY.test(pathname),
    setHeaders(res, filePath) {
      const [top] = path.relative(opts.root, filePath).split(path.sep)
      res.setHeader('cache-control', top === HASHED_DIR ? CACHE_FOR_GOOD : 'no-cache')
      res.setHeader('vary', 'accept-encoding')
    },
  })
  const indexHtml = fs.readFileSync(path.join(opts.root, 'index.html'), 'utf8')
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml)
  app.get('/', { schema: { hide: true } }, sendIndex)
  app.get('/w/*', { schema: { hide: true } }, sendIndex)
}
