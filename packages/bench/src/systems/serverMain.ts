import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `apps/server/dist-bundle/main.js`, found through the package: the production bundle, which
 * is what `pnpm start` and the Dockerfile run, so the bench's figures (memory first) are of
 * what users run. `dist/` is the server's tsc output, the bundle's neighbour.
 */
export function serverMain(): string {
  const index = fileURLToPath(import.meta.resolve('@cellmate/server'))
  return path.join(path.dirname(index), '..', 'dist-bundle', 'main.js')
}
