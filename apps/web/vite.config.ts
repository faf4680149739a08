import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { compression } from 'vite-plugin-compression2'
import { firstScreenChunks } from './build/firstScreenChunks.js'

const server = 'http://localhost:3000'

export default defineConfig({
  plugins: [
    vue(),
    // Brotli (quality 11) and gzip (level 9) copies of every script, style and SVG, made once
    // here and sent as they are (@fastify/static `preCompressed`). Compressing per response
    // (@fastify/compress) affords only brotli quality 4: measured on the 1.3 MB script, 357 kB
    // and ~180 ms of CPU per response, against 291 kB and none at quality 11.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
    firstScreenChunks('src/main.ts', 'src/mountApp.ts'),
    appPreload('src/mountApp.ts'),
  ],
  resolve: {
    // Two copies of Yjs in one page break `instanceof` checks inside Yjs itself.
    dedupe: ['yjs'],
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The formula engine's chunk is HyperFormula and Cellmate's function plugins (~1 MB),
    // loaded after the grid shows: a warning on every build for it would only hide a real
    // regression of the first screen's chunks (`boot` ~270 kB, `app` ~420 kB).
    chunkSizeWarningLimit: 1200,
    // One stylesheet, linked from index.html: the app's chunk is loaded with import(), whose
    // own stylesheet would otherwise hold its first render back until fetched.
    cssCodeSplit: false,
    rolldownOptions: {
      treeshake: {
        // numfmt's value parser builds its date-format tries when its module runs (~8 ms of the
        // app chunk's evaluation, on the first screen's path); Cellmate formats with numfmt and
        // never parses with it, and numfmt's index only re-exports the parser, so the module
        // goes unless something uses it.
        moduleSideEffects: (id: string) =>
          /[\\/]numfmt[\\/]lib[\\/]parseValue\.js$/.test(id) ? false : undefined,
      },
    },
  },
})

/**
 * Adds `<link rel="modulepreload">` for the chunk of `entry` (a module the entry loads with
 * `import()`, see `main.ts`) and the chunks it imports, so the browser fetches and compiles it
 * while the entry chunk runs instead of when the entry asks for it.
 */
function appPreload(entry: string): Plugin {
  return {
    name: 'cellmate:app-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {})
        // The chunk holding the module (which `firstScreenChunks` may have grouped with the
        // modules it imports, so it need not be the chunk's facade).
        const app = chunks.find(
          (c) => c.type === 'chunk' && c.moduleIds.some((id) => id.endsWith(entry)),
        )
        if (app?.type !== 'chunk') throw new Error(`no chunk for ${entry}`)
        // The chunk and every chunk it imports, however deep (the browser would find those
        // only as it parses each one).
        const files = new Set<string>()
        const visit = (file: string): void => {
          const chunk = ctx.bundle?.[file]
          if (files.has(file) || chunk?.type !== 'chunk') return
          files.add(file)
          for (const imported of chunk.imports) visit(imported)
        }
        visit(app.fileName)
        return [...files]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head',
          }))
      },
    },
  }
}
