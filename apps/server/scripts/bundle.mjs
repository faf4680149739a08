// The production bundle, `dist-bundle/`: `dist/` (what tsc made) bundled and minified by
// esbuild, started by `pnpm start`, the Dockerfile and the bench. An idle server holds its
// modules' source text and ~900 module records; bundled it holds ~30 minified ones, ~15 MiB
// less RSS (README, "Memory"). Tests import `dist/` as before.
//
// Everything lands in one flat directory, entry points under their `dist/` file names: the
// server finds its worker threads with `new URL('./<name>Worker.js', import.meta.url)`, which
// is right both beside `dist/sync/updateInspector.js` and in a chunk of `dist-bundle/`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, 'dist-bundle')

/** The bundle's entry points, by output name: the server and the worker threads it starts. */
const entryPoints = {
  main: 'dist/main.js',
  updateInspectorWorker: 'dist/sync/updateInspectorWorker.js',
  sqliteAppendWorker: 'dist/store/sqliteAppendWorker.js',
  importParseWorker: 'dist/transfer/importParseWorker.js',
}

/**
 * Loaded from `node_modules` at run time: native addons (found through their own file paths)
 * and optional packages that may not be installed (their `require` sits in a try/catch).
 */
const external = ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate']

fs.rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  legalComments: 'linked',
  // The CommonJS packages inside call `require` for Node's built-ins, which an ES module lacks.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
})
