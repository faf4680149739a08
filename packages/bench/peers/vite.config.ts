import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url))

/** The browser peers' pages (`pnpm --filter @cellmate/bench build:peers`), one per library. */
export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'error',
  resolve: {
    alias: {
      // Univer's docs import this stylesheet, which the package's `exports` do not list.
      'univer-sheets-core.css': here(
        '../node_modules/@univerjs/presets/lib/styles/preset-sheets-core.css',
      ),
    },
  },
  build: {
    outDir: here('../dist-peers'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 10_000,
    rollupOptions: {
      input: { univer: here('univer.html'), fortunesheet: here('fortunesheet.html') },
    },
  },
})
