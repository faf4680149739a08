import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  nameBox,
  selectCell,
  syncStatus,
  typeInto,
  waitSaved,
} from '../support/grid.js'

test.describe('merged cells', () => {
  test('a merge made by one user shows as one cell for the other; arrows step over it', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'Quarterly sales')
    await selectCell(alice.page, 'A1')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.getByTestId('format-merge').click()

    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'A1')).toHaveClass(/merged/)
      await expect(cell(page, 'A1')).toHaveText('Quarterly sales')
      // The covered cells are not drawn: the block is one cell three columns wide.
      await expect(cell(page, 'B1')).toHaveCount(0)
    }
    await selectCell(bob.page, 'A1')
    await bob.page.keyboard.press('ArrowRight')
    await expect(nameBox(bob.page)).toHaveValue('D1')
    await bob.page.keyboard.press('ArrowLeft')
    await expect(nameBox(bob.page)).toHaveValue('A1')
  })

  test('a copied merged block pastes merged; one copied cell pasted on a merged block fills its top-left cell', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'one cell', B2: 'Header' })
    const { page, context } = await openUser('alice')
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await selectCell(page, 'B2')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.getByTestId('format-merge').click()
    await expect(cell(page, 'B2')).toHaveClass(/merged/)

    // A click anywhere in the block selects it (here its centre, over the covered C3); its
    // copy pasted at F5 is merged over F5:G6.
    await selectCell(page, 'A1')
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+c')
    await selectCell(page, 'F5')
    await page.keyboard.press('Control+v')
    await expect(cell(page, 'F5')).toHaveClass(/merged/)
    await expect(cell(page, 'F5')).toHaveText('Header')
    await expect(cell(page, 'G6')).toHaveCount(0)

    await selectCell(page, 'A1')
    await page.keyboard.press('Control+c')
    await selectCell(page, 'F5')
    await page.keyboard.press('Control+v')
    await expect(cell(page, 'F5')).toHaveText('one cell')
    await waitSaved(page)
    expect(await server.readCells(workbook, 'F5:G6')).toEqual([
      ['one cell', ''],
      ['', ''],
    ])
  })

  test('a cut merged block moves: merged where it is pasted and gone from where it was, for both users; Ctrl+Z puts both back; a paste over another merge is refused', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const api = new RestClient(server.url, workbook.token)
    await server.writeCells(workbook, { A1: 'Title', C1: 'beside' })
    await api.mergeCells(workbook.id, workbook.sheetId, 'A1:B2')
    await api.mergeCells(workbook.id, workbook.sheetId, 'H8:I9')
    const merges = async () =>
      (await api.getMerges(workbook.id, workbook.sheetId)).merges.slice().sort()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const { page } = alice
    await expect(cell(page, 'A1')).toHaveClass(/merged/)

    // The block selected whole (a click on it) and A1:C2 around it cut, pasted at D5.
    await nameBox(page).fill('A1:C2')
    await nameBox(page).press('Enter')
    await page.keyboard.press('Control+x')
    await selectCell(page, 'D5')
    await page.keyboard.press('Control+v')
    for (const p of [page, bob.page]) {
      await expect(cell(p, 'D5')).toHaveClass(/merged/)
      await expect(cell(p, 'D5')).toHaveText('Title')
      await expect(cell(p, 'E6')).toHaveCount(0)
      await expect(cell(p, 'F5')).toHaveText('beside')
      await expect(cell(p, 'A1')).not.toHaveClass(/merged/)
      await expect(cell(p, 'B2')).toHaveCount(1)
    }
    await waitSaved(page)
    await expect.poll(merges).toEqual(['D5:E6', 'H8:I9'])
    await page.screenshot({ path: testInfo.outputPath('cut-merged-block.png') })

    await page.keyboard.press('Control+z')
    for (const p of [page, bob.page]) {
      await expect(cell(p, 'A1')).toHaveClass(/merged/)
      await expect(cell(p, 'A1')).toHaveText('Title')
      await expect(cell(p, 'D5')).not.toHaveClass(/merged/)
      await expect(cell(p, 'D5')).toHaveText('')
    }
    await waitSaved(page)
    await expect.poll(merges).toEqual(['A1:B2', 'H8:I9'])

    // Pasted at G7, A1:B2 would merge G7:H8, overlapping H8:I9: refused, nothing moves.
    await selectCell(page, 'A1')
    await page.keyboard.press('Control+x')
    await selectCell(page, 'G7')
    await page.keyboard.press('Control+v')
    await expect(page.getByTestId('notice')).toContainText('H8:I9')
    await expect(cell(page, 'A1')).toHaveClass(/merged/)
    await expect(cell(page, 'G7')).toHaveText('')
    expect(await merges()).toEqual(['A1:B2', 'H8:I9'])
  })

  test('a click, double-click or right-click anywhere in a tall merged block is on the block', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { B2: 'block' })
    const { page } = await openUser('alice')
    await selectCell(page, 'B2')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.getByTestId('format-merge').click()
    await expect(cell(page, 'B2')).toHaveClass(/merged/)
    const block = (await cell(page, 'B2').boundingBox())!
    // The block's lower right quarter lies over C3, a row drawn after the block's own.
    const low = { x: block.width * 0.75, y: block.height * 0.8 }

    await selectCell(page, 'E7')
    await cell(page, 'B2').click({ position: low })
    await expect(nameBox(page)).toHaveValue('B2')
    const outline = (await page.locator('.active-outline').boundingBox())!
    expect(Math.abs(outline.height - block.height)).toBeLessThan(4)
    expect(Math.abs(outline.width - block.width)).toBeLessThan(4)

    await selectCell(page, 'E7')
    await cell(page, 'B2').dblclick({ position: low })
    await expect(cellEditor(page)).toHaveValue('block')
    await expect(nameBox(page)).toHaveValue('B2')
    await page.keyboard.press('Escape')

    await selectCell(page, 'E7')
    await cell(page, 'B2').click({ position: low, button: 'right' })
    await expect(page.getByRole('menu')).toBeVisible()
    await expect(nameBox(page)).toHaveValue('B2')
    await page.keyboard.press('Escape')

    // The rows the block reaches into keep their own cells.
    await selectCell(page, 'A3')
    await selectCell(page, 'D3')
  })

  test('a merge made while someone types inside it loses nothing: the value stays and the merge is held', async ({
    openUser,
    server,
    workbook,
  }) => {
    // Two users, one of them going offline and back: on a loaded 2-core runner the setup alone
    // (two browser contexts) has taken 45 s of the default 60 s.
    test.slow()
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'Title')
    await waitSaved(bob.page)

    await bob.context.setOffline(true)
    await expect(syncStatus(bob.page)).toHaveAttribute('data-state', 'offline')
    await typeInto(bob.page, 'B2', 'typed by bob')

    await selectCell(alice.page, 'A1')
    await alice.page.keyboard.press('Shift+ArrowDown')
    await alice.page.keyboard.press('Shift+ArrowRight')
    await alice.page.getByTestId('format-merge').click()
    await expect(cell(alice.page, 'A1')).toHaveClass(/merged/)
    await waitSaved(alice.page)

    await bob.context.setOffline(false)
    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'B2')).toHaveText('typed by bob')
      await expect(cell(page, 'A1')).not.toHaveClass(/merged/)
      await expect(page.getByTestId('notice')).toContainText('A1:B2 is not merged')
    }
    await waitSaved(bob.page)
    expect(await server.readCells(workbook, 'A1:B2')).toEqual([
      ['Title', ''],
      ['', 'typed by bob'],
    ])
  })

  test('a sort whose rows cut through a merged block is refused, naming the block; nothing moves', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    await server.writeCells(workbook, {
      A1: 'key',
      A2: 'a',
      A3: 'b',
      A4: 'c',
      B4: 'tall c',
      A5: 'x',
    })
    const alice = await openUser('alice')
    const { page } = alice
    await selectCell(page, 'B4')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.getByTestId('format-merge').click()
    await expect(cell(page, 'B4')).toHaveClass(/merged/)

    await selectCell(page, 'A1')
    await page.getByTestId('data-menu').click()
    await page.getByTestId('menu-sort:dialog').click()
    const dialog = page.getByTestId('sort-dialog')
    await dialog.getByTestId('sort-range').fill('A1:C4')
    await dialog.getByTestId('sort-header').check()
    await dialog.getByRole('radio', { name: 'Z → A' }).check()
    await dialog.getByTestId('sort-confirm').click()
    // The dialog stays open with the reason, so the range can be changed.
    await expect(dialog.getByTestId('sort-problem')).toHaveText(
      'Cannot sort A2:C4: the merged cells B4:C5 span more than one row, and sorting would split them. Unmerge B4:C5 first.',
    )
    await expect(dialog.getByTestId('sort-confirm')).toBeDisabled()
    await page.screenshot({ path: testInfo.outputPath('sort-refused.png') })
    // A range above the block sorts.
    await dialog.getByTestId('sort-range').fill('A1:C3')
    await expect(dialog.getByTestId('sort-problem')).toHaveCount(0)
    await dialog.getByTestId('sort-confirm').click()
    await expect(dialog).toHaveCount(0)
    await expectCells([page], { A2: 'b', A3: 'a', A4: 'c', B4: 'tall c' })
    await expect(cell(page, 'B4')).toHaveClass(/merged/)

    // Data > Sort sheet moves every row, through the block: refused with a notice.
    await selectCell(page, 'A1')
    await page.getByTestId('data-menu').click()
    await page.getByTestId('menu-sort:sheet:0:asc').click()
    await expect(page.getByTestId('notice')).toContainText(
      'the merged cells B4:C5 span more than one row',
    )
    await expectCells([page], { A1: 'key', A2: 'b', A3: 'a', A4: 'c', A5: 'x' })
    await expect(cell(page, 'B4')).toHaveClass(/merged/)
    expect(await server.readCells(workbook, 'A1:B5')).toEqual([
      ['key', ''],
      ['b', ''],
      ['a', ''],
      ['c', 'tall c'],
      ['x', ''],
    ])
  })
})
