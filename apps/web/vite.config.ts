import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { compression } from 'vite-plugin-compression2'

const server = 'http://localhost:3000'

export default defineConfig({
  plugins: [
    vue(),
    // Brotli (quality 11) and gzip (level 9) copies of every script, style and SVG, made once
    // here and sent as they are (@fastify/static `preCompressed`). Compressing per response
    // (@fastify/compress) affords only brotli quality 4: measured on the 1.3 MB script, 357 kB
    // and ~180 ms of CPU per response, against 291 kB and none at quality 11.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
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
    // The formula engine's chunk is HyperFormula (~830 kB), loaded after the grid shows: a
    // warning on every build for it would only hide a real regression of the main chunk.
    chunkSizeWarningLimit: 900,
  },
})
