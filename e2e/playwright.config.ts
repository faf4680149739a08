import { defineConfig } from '@playwright/test'

/**
 * One worker, in order: the tests share the worker's server process (support/fixtures.ts) and
 * each drives two Chromium contexts, which is all two cores can run without timing out on CPU
 * starvation.
 * Chromium comes from the system (`apt-get install chromium`); `playwright install` is never
 * needed, so nothing here may ask for a downloaded browser.
 */
export default defineConfig({
  testDir: 'tests',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
})
