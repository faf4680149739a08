import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const server = 'http://localhost:3000'

export default defineConfig({
  plugins: [vue()],
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
  },
})
