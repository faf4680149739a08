import type { Locator } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import { expectCell, typeInto, waitSaved } from '../support/grid.js'

test.use({ viewport: { width: 390, height: 844 } })

type Box = { x: number; y: number; width: number; height: number }

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox()
  if (!b) throw new Error(`${locator.toString()} is not visible`)
  return b
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/**
 * A phone (390×844) gets a usable read-and-edit layout: the header's controls wrap instead of
 * overlapping, the name prompt has a line of its own, the toolbar scrolls sideways.
 */
test.describe('on a phone', () => {
  test('the header does not overlap, the toolbar scrolls, and a cell can be edited', async ({
    openUser,
  }, testInfo) => {
    const { page } = await openUser('alice')
    const header = {
      title: page.getByTestId('workbook-title'),
      status: page.getByTestId('sync-status'),
      share: page.getByTestId('share'),
      prompt: page.getByTestId('display-name-form'),
      file: page.getByRole('button', { name: 'File' }),
    }
    await expect(header.prompt).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('phone.png') })
    const boxes = await Promise.all(
      Object.entries(header).map(async ([name, l]) => [name, await box(l)] as const),
    )
    for (const [i, [name, a]] of boxes.entries()) {
      expect(a.x + a.width, `${name} fits the screen`).toBeLessThanOrEqual(390)
      for (const [other, b] of boxes.slice(i + 1)) {
        expect(overlaps(a, b), `${name} and ${other} overlap`).toBe(false)
      }
    }

    // The toolbar is wider than the screen: it scrolls to its last button.
    const toolbar = page.getByRole('toolbar', { name: 'Edit' })
    expect(await toolbar.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    const clear = page.getByTestId('format-clear')
    await clear.scrollIntoViewIfNeeded()
    const bar = await box(toolbar)
    const button = await box(clear)
    expect(button.x + button.width).toBeLessThanOrEqual(bar.x + bar.width + 1)

    await page.getByTestId('display-name-input').fill('Ana')
    await page.getByTestId('display-name-save').click()
    await typeInto(page, 'B2', 'from a phone')
    await expectCell(page, 'B2', 'from a phone')
    await waitSaved(page)
    await page.screenshot({ path: testInfo.outputPath('phone-edited.png') })
  })
})

/**
 * Between a phone and a wide screen (half a laptop screen), the open name prompt used to run
 * under the version-history button and the save status beside it. At every width the
 * header's controls, and the prompt's own field and buttons, stay apart and on screen.
 */
test.describe('a narrow window', () => {
  test('the name prompt overlaps nothing in the header at 700 to 1280 px', async ({ openUser }) => {
    const { page } = await openUser('alice')
    const header = {
      title: page.getByTestId('workbook-title'),
      history: page.getByTestId('history-toggle'),
      status: page.getByTestId('sync-status'),
      comments: page.getByTestId('comments-toggle'),
      share: page.getByTestId('share'),
      input: page.getByTestId('display-name-input'),
      ok: page.getByTestId('display-name-save'),
      skip: page.getByTestId('display-name-form').getByRole('button', { name: 'Skip' }),
      file: page.getByRole('button', { name: 'File' }),
    }
    await expect(header.input).toBeVisible()
    for (const width of [700, 900, 1024, 1100, 1280]) {
      await page.setViewportSize({ width, height: 700 })
      const boxes = await Promise.all(
        Object.entries(header).map(async ([name, l]) => [name, await box(l)] as const),
      )
      for (const [i, [name, a]] of boxes.entries()) {
        expect(a.x + a.width, `${name} fits ${width} px`).toBeLessThanOrEqual(width)
        for (const [other, b] of boxes.slice(i + 1)) {
          expect(overlaps(a, b), `${name} and ${other} overlap at ${width} px`).toBe(false)
        }
      }
    }
  })
})
