import { writeFile } from 'node:fs/promises'
import { test as base, type BrowserContext, type Page, type TestInfo } from '@playwright/test'
import { CellmateServer, type TestWorkbook } from './cellmateServer.js'
import { labelPage, openEditor } from './grid.js'

/** One person at one browser: an isolated context (own cookies, localStorage, IndexedDB). */
export interface User {
  name: string
  context: BrowserContext
  page: Page
}

interface Fixtures {
  /**
   * Whether the test needs a server process of its own (`test.use({ ownServer: true })`): one
   * that it stops, restarts or kills. Otherwise it shares its worker's server, and starts on a
   * workbook of its own all the same.
   */
  ownServer: boolean
  /**
   * The server: the worker's shared one (its `log` holds this test's lines only), or a fresh
   * process and data directory for this test alone when `ownServer` is set.
   */
  server: CellmateServer
  /** A new workbook on `server`, created over REST. */
  workbook: TestWorkbook
  /**
   * Opens `workbook` (or another one) in a new browser context with its link, waits until the
   * tab is in sync, and returns the user. Contexts close at the end of the test; on failure
   * each user's screenshot and browser console are attached to the report.
   */
  openUser: (name: string, workbook?: TestWorkbook) => Promise<User>
  /** A user with an empty browser profile who has not opened anything yet. */
  newUser: (name: string) => Promise<User>
}

interface WorkerFixtures {
  /** The worker's server, started for its first test that shares one. */
  sharedServer: () => Promise<CellmateServer>
}

/**
 * The shared server serves every test of a worker from one loopback address: its per-address
 * request budgets (sized for one person, default 30 workbooks and 600 requests a minute) would
 * count a whole suite's users as one. No e2e test is about those budgets (the server's own
 * tests are), so they are set out of reach here, as a server of its own per test had them.
 */
const SHARED_SERVER_ENV = {
  RATE_LIMIT_CREATE_PER_MIN: '100000',
  RATE_LIMIT_API_PER_MIN: '1000000',
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  ownServer: [false, { option: true }],

  sharedServer: [
    // Playwright reads a fixture's dependencies from its destructuring pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const held: { server?: Promise<CellmateServer> } = {}
      await use(() => (held.server ??= CellmateServer.launch(SHARED_SERVER_ENV)))
      // A worker ends after a failed test too, so a retry gets a new server.
      if (held.server) await (await held.server).dispose()
    },
    { scope: 'worker' },
  ],

  server: async ({ ownServer, sharedServer }, use, testInfo) => {
    const server = ownServer ? await CellmateServer.launch() : await sharedServer()
    server.beginTest()
    try {
      await use(server)
      // A shared server that died under this test would fail the next ones instead.
      if (!ownServer && !server.running) throw new Error('the shared server exited during the test')
    } finally {
      if (ownServer) await server.dispose()
      if (failed(testInfo) || process.env.E2E_ATTACH_SERVER_LOG) {
        // As a file: the reporter prints only the head of an inline body, and a failure's
        // cause (a shutdown that hangs, say) is usually at the end.
        const logPath = testInfo.outputPath('server.log')
        await writeFile(logPath, server.log.join('\n'))
        await testInfo.attach('server.log', { path: logPath, contentType: 'text/plain' })
      }
    }
  },

  baseURL: async ({ server }, use) => {
    await use(server.url)
  },

  workbook: async ({ server }, use) => {
    await use(await server.createWorkbook('E2E workbook'))
  },

  newUser: async ({ browser, server, viewport }, use, testInfo) => {
    const users: User[] = []
    const consoles = new Map<string, string[]>()
    await use(async (name) => {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: viewport ?? { width: 1280, height: 720 },
      })
      const page = await context.newPage()
      labelPage(page, name)
      const lines: string[] = []
      consoles.set(name, lines)
      page.on('console', (msg) => lines.push(`[${msg.type()}] ${msg.text()}`))
      page.on('pageerror', (err) => lines.push(`[pageerror] ${err.stack ?? err.message}`))
      const user = { name, context, page }
      users.push(user)
      return user
    })
    if (failed(testInfo)) await attachUsers(testInfo, users, consoles)
    for (const user of users) await user.context.close()
  },

  openUser: async ({ newUser, server, workbook }, use) => {
    await use(async (name, wb = workbook) => {
      const user = await newUser(name)
      await openEditor(user.page, server.editorUrl(wb))
      return user
    })
  },
})

export { expect } from '@playwright/test'

function failed(testInfo: TestInfo): boolean {
  return testInfo.status !== testInfo.expectedStatus
}

async function attachUsers(
  testInfo: TestInfo,
  users: readonly User[],
  consoles: ReadonlyMap<string, string[]>,
): Promise<void> {
  for (const user of users) {
    const file = testInfo.outputPath(`${user.name}.png`)
    try {
      await user.page.screenshot({ path: file, fullPage: true })
      await testInfo.attach(`${user.name}.png`, { path: file, contentType: 'image/png' })
    } catch (err) {
      await testInfo.attach(`${user.name}.png (failed)`, { body: String(err) })
    }
    await testInfo.attach(`${user.name}-console.log`, {
      body: (consoles.get(user.name) ?? []).join('\n'),
      contentType: 'text/plain',
    })
  }
}
