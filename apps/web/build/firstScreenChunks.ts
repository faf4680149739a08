import type { Plugin } from 'vite'

/**
 * Puts what a first load runs into as few scripts as possible: `boot`, every module the entry
 * imports (the connection to the workbook: Yjs, Socket.IO, the protocol and the model), and
 * `app`, every module the app's chunk imports that the entry does not (Vue, Pinia, the grid,
 * the toolbar, the stores). Rolldown's automatic splitting cuts these into a chunk per set of
 * importers, sixteen scripts for an empty workbook; a browser fetches six at a time over
 * HTTP/1.1, and each wave took 120–200 ms on this machine although the server answers all
 * sixteen in under 35 ms. Whatever is only imported later (dialogs, panels, the formula
 * engine) is split as before.
 *
 * `entry` is the page's entry module and `app` the module it loads with `import()` once the
 * connection has started, both relative to Vite's root.
 */
export function firstScreenChunks(entry: string, app: string): Plugin {
  const boot = new Set<string>()
  const shown = new Set<string>()
  let root = ''
  return {
    name: 'cellmate:first-screen-chunks',
    apply: 'build',
    configResolved(config) {
      root = config.root
    },
    config() {
      return {
        build: {
          rolldownOptions: {
            output: {
              codeSplitting: {
                groups: [
                  { name: 'boot', test: (id: string) => boot.has(id), priority: 2 },
                  { name: 'app', test: (id: string) => shown.has(id), priority: 1 },
                ],
              },
            },
          },
        },
      }
    },
    buildEnd() {
      const staticClosure = (from: string, into: Set<string>, skip: Set<string>): void => {
        const stack = [from]
        while (stack.length > 0) {
          const id = stack.pop() as string
          if (into.has(id) || skip.has(id)) continue
          into.add(id)
          for (const next of this.getModuleInfo(id)?.importedIds ?? []) stack.push(next)
        }
      }
      // Vite's root is absolute, with forward slashes, as module ids are.
      const entryId = `${root}/${entry}`
      const appId = `${root}/${app}`
      if (!this.getModuleInfo(entryId) || !this.getModuleInfo(appId)) {
        throw new Error(`first-screen chunks: ${entry} or ${app} is not in the build`)
      }
      staticClosure(entryId, boot, new Set())
      // The entry stays the page's own small script; the app module heads its chunk.
      boot.delete(entryId)
      staticClosure(appId, shown, boot)
    },
  }
}
