import { expect, test } from '../support/fixtures.js'
import { cell, expectCells, selectCell, typeInto, waitSaved } from '../support/grid.js'

const LONG = 'A sentence far longer than one column'

test.describe('how cells show what they hold', () => {
  test('text overflows into empty neighbours and is clipped at the next non-empty cell; numbers too wide show ### or, in General, a shorter form', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', LONG)
    await typeInto(page, 'A3', LONG)
    await typeInto(page, 'C3', 'stop')
    // Right-aligned text runs to the left.
    await typeInto(page, 'E5', LONG)
    await selectCell(page, 'E5')
    await page.getByTestId('format-align-right').click()
    // A number in currency format too wide for its column.
    await typeInto(page, 'B7', '1234567890')
    await selectCell(page, 'B7')
    await page.getByTestId('format-number').selectOption('currency')
    // Numbers in the General format too wide for it shorten instead, as in Excel.
    await typeInto(page, 'B8', '123456789012')
    await typeInto(page, 'B9', '3.14159265358979')
    await waitSaved(page)

    for (const p of [page, bob.page]) {
      await expect(cell(p, 'A1').locator('.spill-text.right')).toHaveText(LONG)
      // Its box reaches past its own cell and covers as much as the text needs.
      const own = await cell(p, 'A1').boundingBox()
      const spill = await cell(p, 'A1').locator('.spill-text').boundingBox()
      expect(spill && own && spill.width > own.width * 2).toBe(true)
      // A3 spills over B3 only: C3 holds text.
      const a3 = await cell(p, 'A3').locator('.spill-text').boundingBox()
      const c3 = await cell(p, 'C3').boundingBox()
      expect(a3 && c3 && a3.x + a3.width <= c3.x).toBe(true)
      await expect(cell(p, 'E5').locator('.spill-text.left')).toHaveText(LONG)
      await expect(cell(p, 'B7')).toHaveText('###')
      await expect(cell(p, 'B7')).toHaveAttribute('aria-label', /B7, \$1,234,567,890\.00/)
      await expect(cell(p, 'B8')).toHaveText(/^1(\.\d+)?E\+11$/)
      await expect(cell(p, 'B9')).toHaveText(/^3\.14\d*$/)
    }
    await page.screenshot({ path: testInfo.outputPath('overflow.png') })

    // Bob types next to A1: for both of them, A1's text now stops at its own border.
    await typeInto(bob.page, 'B1', 'x')
    for (const p of [page, bob.page]) {
      await expect(cell(p, 'B1')).toHaveText('x')
      await expect(cell(p, 'A1').locator('.spill-text')).toHaveCount(0)
    }
    await expectCells([page, bob.page], { A1: LONG })
  })

  test('double-clicking a column header’s border fits the column to its widest text, for everyone', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'B2', 'short')
    await typeInto(page, 'B4', LONG)
    await typeInto(page, 'C4', 'next')
    const header = page.getByRole('columnheader', { name: 'B', exact: true })
    const before = await header.boundingBox()
    if (!before) throw new Error('column B is not on screen')
    await page.mouse.dblclick(before.x + before.width - 1, before.y + before.height / 2)

    for (const p of [page, bob.page]) {
      const b = p.getByRole('columnheader', { name: 'B', exact: true })
      await expect.poll(async () => (await b.boundingBox())?.width ?? 0).toBeGreaterThan(200)
      // The whole text shows in its own cell now: nothing spills, C4 is untouched.
      await expect(cell(p, 'B4').locator('.spill-text')).toHaveCount(0)
      const fits = await cell(p, 'B4').evaluate((el) => el.scrollWidth <= el.clientWidth)
      expect(fits).toBe(true)
    }
    await expectCells([page, bob.page], { B4: LONG, C4: 'next' })
  })

  test('dates that come out of formulas show as dates, in the style of the date they come from', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await typeInto(page, 'A1', '1/31/2026')
    await typeInto(page, 'B1', '=A1+1')
    await typeInto(page, 'C1', '=DATE(2026,3,9)')
    await typeInto(page, 'D1', '=A1-DATE(2026,1,1)')
    await typeInto(page, 'E1', '=EDATE(A1,1)')
    await typeInto(page, 'A2', 'Jan 31, 2026')
    await typeInto(page, 'B2', '=A2+7')
    await typeInto(page, 'C2', '=TIME(17,30,0)-TIME(9,0,0)')
    await waitSaved(page)
    await expectCells([page, bob.page], {
      A1: '1/31/2026',
      B1: '2/1/2026',
      C1: '2026-03-09',
      D1: '30',
      E1: '2/28/2026',
      A2: 'Jan 31, 2026',
      B2: 'Feb 7, 2026',
      C2: '8:30:00',
    })
    // A format of the cell's own wins over the inherited one.
    await selectCell(page, 'B1')
    await page.getByTestId('format-number').selectOption('number')
    await expectCells([page, bob.page], { B1: '46,054.00' })
    await page.screenshot({ path: testInfo.outputPath('formula-dates.png') })
  })

  test('an array formula spills its result into the cells below and beside it, for everyone; a blocker shows #SPILL!', async ({
    openUser,
  }, testInfo) => {
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    const data: [string, string][] = [
      ['A1', 'East'],
      ['B1', '10'],
      ['A2', 'West'],
      ['B2', '5'],
      ['A3', 'east'],
      ['B3', '7'],
    ]
    for (const [address, text] of data) await typeInto(page, address, text)
    await typeInto(page, 'D1', '=SEQUENCE(3)')
    await typeInto(page, 'E1', '=GROUPBY(A1:A3,B1:B3,SUM)')
    await typeInto(page, 'H1', '=SORT(B1:B3,,-1)')
    await waitSaved(page)
    await expectCells([page, bob.page], {
      D1: '1',
      D2: '2',
      D3: '3',
      E1: 'East',
      F1: '17',
      E2: 'West',
      F2: '5',
      E3: 'Total',
      F3: '22',
      H1: '10',
      H2: '7',
      H3: '5',
    })
    await page.screenshot({ path: testInfo.outputPath('spills.png') })
    // A value typed where the array would spill blocks it.
    await typeInto(bob.page, 'D3', 'mine')
    await expectCells([page, bob.page], { D1: '#SPILL!', D2: '', D3: 'mine' })
  })
})
