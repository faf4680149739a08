import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import type { CellmateServer, TestWorkbook } from '../support/cellmateServer.js'
import {
  cellEditor,
  expectCells,
  goTo,
  grid,
  nameBox,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/** Right-clicks a row header and picks an item of the row menu. */
async function rowMenu(page: Page, row: number, item: string): Promise<void> {
  await goTo(page, `A${row}`)
  await page.getByRole('rowheader', { name: String(row), exact: true }).click({ button: 'right' })
  const menu = page.getByTestId('row-menu')
  await expect(menu).toBeVisible()
  await menu.getByRole('menuitem', { name: item }).click()
  await expect(menu).toBeHidden()
}

/** Types into the active cell (or the open editor) and commits with `commitKey`. */
async function typeHere(page: Page, text: string, commitKey = 'Enter'): Promise<void> {
  const before = (await cellEditor(page).count()) > 0 ? await cellEditor(page).inputValue() : ''
  await page.keyboard.type(text)
  await expect(cellEditor(page)).toHaveValue(before + text)
  await page.keyboard.press(commitKey)
  await expect(cellEditor(page)).toBeHidden()
}

/** Every cell the page renders around `address` shows what the server stores there. */
async function expectGridMatchesServer(
  pages: readonly Page[],
  server: CellmateServer,
  wb: TestWorkbook,
  addresses: readonly string[],
): Promise<void> {
  const stored = await server.readCells(wb, 'A1:Z80')
  for (const page of pages) {
    for (const address of addresses) {
      await goTo(page, address)
      const shown = await page
        .locator('[role="gridcell"]')
        .evaluateAll((cells) =>
          cells.map((c) => [c.getAttribute('data-address') ?? '', (c.textContent ?? '').trim()]),
        )
      expect(shown.length).toBeGreaterThan(100)
      for (const [at, text] of shown) {
        const match = /^([A-Z])(\d+)$/.exec(at ?? '')
        if (!match || Number(match[2]) > 80) continue
        const expected = stored[Number(match[2]) - 1]?.[(match[1] ?? 'A').charCodeAt(0) - 65]
        expect(text, `${at}`).toBe(expected ?? '')
      }
    }
  }
}

test.describe('rows, columns, sheets and undo with two users', () => {
  test('rows inserted above by one user while another types: the text stays on its row', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'first', A39: 'above', A41: 'below' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await goTo(bob.page, 'A40')

    await Promise.all([
      (async () => {
        for (let i = 0; i < 3; i++) await rowMenu(alice.page, 1, 'Insert 1 row above')
      })(),
      (async () => {
        // Bob's edit is still open when the first insert reaches him.
        await bob.page.keyboard.type('typed by bob')
        await expect(grid(bob.page)).not.toHaveAttribute('aria-rowcount', '1001')
        await typeHere(bob.page, ' in row 40')
      })(),
    ])

    const pages = [alice.page, bob.page]
    for (const page of pages) {
      await expect(grid(page)).toHaveAttribute('aria-rowcount', '1004')
      await goTo(page, 'A1')
    }
    await expectCells(pages, { A1: '', A3: '', A4: 'first' })
    for (const page of pages) await goTo(page, 'A43')
    await expectCells(pages, { A42: 'above', A43: 'typed by bob in row 40', A44: 'below' })
    await Promise.all(pages.map(waitSaved))
    expect(await server.readCell(workbook, 'A43')).toBe('typed by bob in row 40')
    await expectGridMatchesServer(pages, server, workbook, ['A1', 'A43'])
  })

  test('a row deleted by one user while another types elsewhere: both edits survive', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'keep 1', A2: 'doomed', A3: 'keep 3', A6: 'keep 6' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await selectCell(bob.page, 'C5')

    await Promise.all([
      rowMenu(alice.page, 2, 'Delete row'),
      (async () => {
        await typeHere(bob.page, 'bob one', 'Tab')
        await typeHere(bob.page, 'bob two')
      })(),
    ])

    const pages = [alice.page, bob.page]
    for (const page of pages) {
      await expect(grid(page)).toHaveAttribute('aria-rowcount', '1000')
      await goTo(page, 'A1')
    }
    // Bob's row was row 5; with row 2 gone it is row 4, wherever his keystrokes landed in time.
    await expectCells(pages, {
      A1: 'keep 1',
      A2: 'keep 3',
      C4: 'bob one',
      D4: 'bob two',
      A5: 'keep 6',
    })
    for (const page of pages) await expect(page.getByText('doomed')).toHaveCount(0)
    await Promise.all(pages.map(waitSaved))
    await expectGridMatchesServer(pages, server, workbook, ['A1'])
  })

  test('a sheet added and renamed by one user appears at once for the other', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')

    await alice.page.getByTestId('add-sheet').click()
    await expect(grid(alice.page)).toHaveAttribute('aria-label', 'Sheet2')
    await expect(alice.page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Sheet2'])

    await alice.page.getByRole('tab', { name: 'Sheet2' }).dblclick()
    const rename = alice.page.getByTestId('rename-sheet')
    await rename.fill('sheet1')
    await rename.press('Enter')
    await expect(alice.page.getByTestId('rename-error')).toContainText('already a sheet named')
    await rename.fill('Budget')
    await rename.press('Enter')
    await expect(rename).toBeHidden()

    for (const page of [alice.page, bob.page]) {
      await expect(page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Budget'])
    }
    await expect(grid(alice.page)).toHaveAttribute('aria-label', 'Budget')
    await expect(grid(bob.page)).toHaveAttribute('aria-label', 'Sheet1')

    // The new sheet's document was created and synced by Alice: Bob opens it and edits it.
    await typeInto(alice.page, 'B2', 'on the new sheet')
    await bob.page.getByRole('tab', { name: 'Budget' }).click()
    await expect(grid(bob.page)).toHaveAttribute('aria-label', 'Budget')
    await expect(grid(bob.page)).toHaveAttribute('aria-rowcount', '1001')
    await typeInto(bob.page, 'C3', 'bob was here')
    await expectCells([alice.page, bob.page], { B2: 'on the new sheet', C3: 'bob was here' })
  })

  test('a sheet deleted by one user goes for both; Ctrl+Z brings it back, content and all', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const pages = [alice.page, bob.page]
    await alice.page.getByTestId('add-sheet').click()
    await expect(grid(alice.page)).toHaveAttribute('aria-label', 'Sheet2')
    await typeInto(alice.page, 'B2', 'keep me')
    await waitSaved(alice.page)

    await alice.page.getByRole('tab', { name: 'Sheet2' }).click({ button: 'right' })
    await alice.page.getByTestId('tab-menu').getByRole('menuitem', { name: 'Delete' }).click()
    const confirm = alice.page.getByRole('alertdialog', { name: 'Delete sheet?' })
    await confirm.getByRole('button', { name: 'Delete' }).click()
    for (const page of pages) await expect(page.getByTestId('sheet-tab')).toHaveText(['Sheet1'])
    await expect(grid(alice.page)).toHaveAttribute('aria-label', 'Sheet1')

    await grid(alice.page).focus()
    await alice.page.keyboard.press('Control+z')
    for (const page of pages) {
      await expect(page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Sheet2'])
    }
    await bob.page.getByRole('tab', { name: 'Sheet2' }).click()
    await expectCells([bob.page], { B2: 'keep me' })
  })

  test('adding a sheet offline says it needs a connection and changes nothing', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await alice.context.setOffline(true)
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline')
    await page.getByTestId('add-sheet').click()
    await expect(page.getByTestId('notice')).toContainText('Adding a sheet needs a connection')
    await expect(page.getByTestId('sheet-tab')).toHaveText(['Sheet1'])
    // Renaming is an ordinary edit: it works offline and syncs later.
    await page.getByRole('tab', { name: 'Sheet1' }).dblclick()
    await page.getByTestId('rename-sheet').fill('Offline name')
    await page.getByTestId('rename-sheet').press('Enter')
    await alice.context.setOffline(false)
    await waitSaved(page)
    // Back online: the server names the new sheet after the rename it has received.
    await page.getByTestId('add-sheet').click()
    await expect(page.getByTestId('sheet-tab')).toHaveText(['Offline name', 'Sheet1'])
  })

  test("Ctrl+Z undoes only my last edit, not the other user's; Ctrl+Y redoes it", async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const pages = [alice.page, bob.page]
    const undo = alice.page.getByTestId('undo')
    const redo = alice.page.getByTestId('redo')
    await expect(undo).toBeDisabled()
    await expect(undo).toHaveAttribute('aria-label', 'Undo (Ctrl+Z)')
    await expect(redo).toBeDisabled()

    await typeInto(alice.page, 'A1', 'alice 1')
    await typeInto(alice.page, 'A2', 'alice 2')
    await typeInto(bob.page, 'B1', 'bob 1')
    await expectCells(pages, { A1: 'alice 1', A2: 'alice 2', B1: 'bob 1' })
    await expect(undo).toBeEnabled()

    await expect(grid(alice.page)).toBeFocused()
    await alice.page.keyboard.press('Control+z')
    await expectCells(pages, { A1: 'alice 1', A2: '', B1: 'bob 1' })
    // The selection goes to the cell the undo changed.
    await expect(nameBox(alice.page)).toHaveValue('A2')
    await expect(redo).toBeEnabled()

    await alice.page.keyboard.press('Control+y')
    await expectCells(pages, { A1: 'alice 1', A2: 'alice 2', B1: 'bob 1' })
    await expect(redo).toBeDisabled()

    // The toolbar does the same.
    await undo.click()
    await expectCells(pages, { A2: '', B1: 'bob 1' })
    await redo.click()
    await expectCells(pages, { A1: 'alice 1', A2: 'alice 2', B1: 'bob 1' })
    await expect(bob.page.getByTestId('undo')).toBeEnabled()
  })

  test('undoing my row insert keeps the row once the other user has written in it, with a notice', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'first', A2: 'second' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const pages = [alice.page, bob.page]
    await expectCells(pages, { A2: 'second' })

    await rowMenu(alice.page, 2, 'Insert 1 row above')
    await expectCells(pages, { A2: '', A3: 'second' })
    await typeInto(alice.page, 'A2', 'alice')
    await typeInto(bob.page, 'B2', 'bob data')
    await expectCells(pages, { A2: 'alice', B2: 'bob data' })

    await selectCell(alice.page, 'D1')
    await alice.page.keyboard.press('Control+z')
    await expectCells(pages, { A2: '', B2: 'bob data' })
    await alice.page.keyboard.press('Control+z')
    await expect(alice.page.getByTestId('notice')).toContainText(
      'Kept 1 row others have written in',
    )
    for (const page of pages) await expect(grid(page)).toHaveAttribute('aria-rowcount', '1002')
    await expectCells(pages, { A1: 'first', A2: '', B2: 'bob data', A3: 'second' })
    await Promise.all(pages.map(waitSaved))
    expect(await server.readCell(workbook, 'B2')).toBe('bob data')
  })

  test('undo keeps my steps across sheet tabs and shows the sheet each undo changes', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await typeInto(page, 'A1', 'on sheet one')
    await page.getByTestId('add-sheet').click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await typeInto(page, 'B2', 'on sheet two')
    await waitSaved(page)

    // Back on Sheet1, the last step (on Sheet2) is still mine to undo.
    await page.getByRole('tab', { name: 'Sheet1' }).click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')
    await expect(page.getByTestId('undo')).toBeEnabled()
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    // It is undone where it was made, and that sheet is shown.
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await expectCells([page], { B2: '' })

    // Then the sheet's creation, then the first edit on Sheet1.
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    await expect(page.getByTestId('sheet-tab')).toHaveText(['Sheet1'])
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet1')
    await expectCells([page], { A1: 'on sheet one' })
    await grid(page).focus()
    await page.keyboard.press('Control+z')
    await expectCells([page], { A1: '' })

    // Redo walks forward again, across the sheets.
    await grid(page).focus()
    await page.keyboard.press('Control+y')
    await expectCells([page], { A1: 'on sheet one' })
  })
})
