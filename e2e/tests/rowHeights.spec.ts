import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import { cell, grid, selectCell, typeInto, waitSaved } from '../support/grid.js'

const LONG = 'Quarterly revenue grew in every region except the north, where two stores closed'

function rowHeader(page: Page, row: number) {
  return page.getByRole('rowheader', { name: String(row), exact: true })
}

async function rowHeight(page: Page, row: number): Promise<number> {
  return (await rowHeader(page, row).boundingBox())?.height ?? 0
}

/** Mouse on the bottom border of a row header. */
async function rowBorder(page: Page, row: number): Promise<{ x: number; y: number }> {
  const box = await rowHeader(page, row).boundingBox()
  if (!box) throw new Error(`row ${row} is not on screen`)
  return { x: box.x + box.width / 2, y: box.y + box.height - 1 }
}

async function colBorder(page: Page, col: string): Promise<{ x: number; y: number }> {
  const box = await page.getByRole('columnheader', { name: col, exact: true }).boundingBox()
  if (!box) throw new Error(`column ${col} is not on screen`)
  return { x: box.x + box.width - 1, y: box.y + box.height / 2 }
}

test.describe('row heights', () => {
  test('wrapped text grows its row for everyone, and shrinks it again as the column widens or the wrap goes', async ({
    openUser,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A2', LONG)
    await selectCell(page, 'A2')
    await page.getByTestId('format-wrap').click()
    await waitSaved(page)
    for (const p of [page, bob.page]) {
      await expect.poll(() => rowHeight(p, 2)).toBeGreaterThan(60)
      // Every line shows: the wrapped text fits its cell.
      const fits = await cell(p, 'A2').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)
      expect(fits).toBe(true)
      expect(await rowHeight(p, 3)).toBeLessThan(30)
    }
    await page.screenshot({ path: testInfo.outputPath('wrapped-row.png') })

    // A wider column needs fewer lines: Bob drags it wider, both rows shrink.
    const tall = await rowHeight(bob.page, 2)
    const border = await colBorder(bob.page, 'A')
    await bob.page.mouse.move(border.x, border.y)
    await bob.page.mouse.down()
    await bob.page.mouse.move(border.x + 300, border.y, { steps: 4 })
    await bob.page.mouse.up()
    for (const p of [page, bob.page]) {
      await expect.poll(() => rowHeight(p, 2)).toBeLessThan(tall)
    }
    // Without the wrap the row is one line again.
    await selectCell(page, 'A2')
    await page.getByTestId('format-wrap').click()
    for (const p of [page, bob.page]) {
      await expect.poll(() => rowHeight(p, 2)).toBeLessThan(30)
    }
  })

  test('a row sized by hand keeps its height; double-clicking its border fits the wrapped text, and one undo takes that back', async ({
    openUser,
  }) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    // Alice sets row 3 to about 40 px by hand.
    const border = await rowBorder(page, 3)
    await page.mouse.move(border.x, border.y)
    await page.mouse.down()
    await page.mouse.move(border.x, border.y + 16, { steps: 4 })
    await page.mouse.up()
    await expect.poll(() => rowHeight(page, 3)).toBeGreaterThan(35)
    const manual = await rowHeight(page, 3)

    await typeInto(page, 'B3', LONG)
    await selectCell(page, 'B3')
    await page.getByTestId('format-wrap').click()
    await waitSaved(page)
    await expect.poll(() => rowHeight(bob.page, 3)).toBe(manual)
    expect(await rowHeight(page, 3)).toBe(manual)

    // Autofit: the row drops its hand-set height and fits its tallest wrapped cell.
    const at = await rowBorder(page, 3)
    await page.mouse.dblclick(at.x, at.y)
    for (const p of [page, bob.page]) {
      await expect.poll(() => rowHeight(p, 3)).toBeGreaterThan(manual + 20)
    }
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    for (const p of [page, bob.page]) {
      await expect.poll(() => rowHeight(p, 3)).toBe(manual)
    }
  })

  test('double-clicking a column border fits its widest value and is one undo step', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'C2', '1234567890.123456')
    await typeInto(page, 'C3', 'A heading that runs long')
    // Too wide for the column, a General number drops decimals (as in Excel), never cut off.
    const shortened = /^1234567890(\.\d{1,5})?$/
    await expect(cell(page, 'C2')).toHaveText(shortened)
    const at = await colBorder(page, 'C')
    await page.mouse.dblclick(at.x, at.y)
    for (const p of [page, bob.page]) {
      await expect(cell(p, 'C2')).toHaveText('1234567890.123456')
      const fits = await cell(p, 'C3').evaluate((el) => el.scrollWidth <= el.clientWidth)
      expect(fits).toBe(true)
    }
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    for (const p of [page, bob.page]) {
      await expect(cell(p, 'C2')).toHaveText(shortened)
    }
  })
})
