import type { Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCell,
  grid,
  nameBox,
  selectCell,
  typeInto,
  waitEditorReady,
  waitSaved,
} from '../support/grid.js'

/** The sheet id the address bar names (`/w/<workbook>/<sheet>`), or null when it names none. */
function sheetInUrl(page: Page): string | null {
  const parts = new URL(page.url()).pathname.split('/').filter(Boolean)
  return parts[2] ? decodeURIComponent(parts[2]) : null
}

/** The id of the sheet a tab opens (its link's last path segment). */
async function tabSheetId(page: Page, name: string): Promise<string> {
  const href = await page.getByRole('tab', { name, exact: true }).getAttribute('href')
  const id = href?.split('/').pop()
  if (!id) throw new Error(`no link on the tab ${name}`)
  return decodeURIComponent(id)
}

async function tabMenu(page: Page, tab: string, item: string): Promise<void> {
  await page.getByRole('tab', { name: tab, exact: true }).click({ button: 'right' })
  await page.getByTestId('tab-menu').getByRole('menuitem', { name: item }).click()
}

async function addSheet(page: Page, expectedName: string): Promise<void> {
  await page.getByTestId('add-sheet').click()
  await expect(grid(page)).toHaveAttribute('aria-label', expectedName)
}

/** Starts typing in a cell and leaves the editor open. */
async function startTyping(page: Page, address: string, text: string): Promise<void> {
  await selectCell(page, address)
  await page.keyboard.type(text)
  await expect(cellEditor(page)).toHaveValue(text)
}

async function expectStillEditing(
  page: Page,
  sheet: string,
  address: string,
  text: string,
): Promise<void> {
  await expect(grid(page)).toHaveAttribute('aria-label', sheet)
  await expect(page.getByRole('tab', { name: sheet, exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(nameBox(page)).toHaveValue(address)
  await expect(cellEditor(page)).toHaveValue(text)
  await expect(cellEditor(page)).toBeFocused()
}

test.describe('sheet tabs changed by someone else', () => {
  test('moving, renaming and adding tabs leaves my sheet, my selection and my draft alone', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    // Bob opened the link without a sheet: the address now names the sheet he is on.
    await expect.poll(() => sheetInUrl(bob.page)).toBe(workbook.sheetId)

    await startTyping(bob.page, 'L3', 'half-typed by bob')

    await addSheet(alice.page, 'Sheet2')
    await expect(bob.page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Sheet2'])
    await expectStillEditing(bob.page, 'Sheet1', 'L3', 'half-typed by bob')

    await tabMenu(alice.page, 'Sheet1', 'Move right')
    await expect(bob.page.getByTestId('sheet-tab')).toHaveText(['Sheet2', 'Sheet1'])
    await expectStillEditing(bob.page, 'Sheet1', 'L3', 'half-typed by bob')

    await alice.page.getByRole('tab', { name: 'Sheet1', exact: true }).dblclick()
    await alice.page.getByTestId('rename-sheet').fill('Budget')
    await alice.page.getByTestId('rename-sheet').press('Enter')
    await expect(bob.page.getByTestId('sheet-tab')).toHaveText(['Sheet2', 'Budget'])
    await expectStillEditing(bob.page, 'Budget', 'L3', 'half-typed by bob')
    await bob.page.screenshot({ path: testInfo.outputPath('bob-after-tab-changes.png') })

    await bob.page.keyboard.press('Enter')
    await expect(cellEditor(bob.page)).toBeHidden()
    await expect(nameBox(bob.page)).toHaveValue('L4')
    await waitSaved(bob.page)
    expect(await server.readCell(workbook, 'L3')).toBe('half-typed by bob')
    await alice.page.getByRole('tab', { name: 'Budget', exact: true }).click()
    await expectCell(alice.page, 'L3', 'half-typed by bob')
  })

  test('the address names the sheet on screen, so a reload and a shared link open it', async ({
    openUser,
    newUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    await addSheet(alice.page, 'Sheet2')
    await typeInto(alice.page, 'B2', 'on sheet two')
    await waitSaved(alice.page)
    const sheet2 = await tabSheetId(alice.page, 'Sheet2')
    await expect.poll(() => sheetInUrl(alice.page)).toBe(sheet2)

    await alice.page.reload()
    await waitEditorReady(alice.page)
    await expect(grid(alice.page)).toHaveAttribute('aria-label', 'Sheet2')
    await expectCell(alice.page, 'B2', 'on sheet two')

    // A link with a sheet and a token: the token leaves the address bar, the sheet stays.
    const bob = await newUser('bob')
    await bob.page.goto(
      `${server.url}/w/${encodeURIComponent(workbook.id)}/${encodeURIComponent(sheet2)}#token=${workbook.token}`,
    )
    await waitEditorReady(bob.page)
    await expect(grid(bob.page)).toHaveAttribute('aria-label', 'Sheet2')
    await expectCell(bob.page, 'B2', 'on sheet two')
    expect(sheetInUrl(bob.page)).toBe(sheet2)
    expect(new URL(bob.page.url()).hash).toBe('')
  })

  test('when someone else deletes my sheet I am told, moved to its neighbour, and can copy my draft', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await bob.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await addSheet(alice.page, 'Sheet2')
    await addSheet(alice.page, 'Sheet3')
    await alice.page.getByRole('tab', { name: 'Sheet1', exact: true }).click()
    await expect(bob.page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Sheet2', 'Sheet3'])
    const sheet3 = await tabSheetId(bob.page, 'Sheet3')

    await bob.page.getByRole('tab', { name: 'Sheet2', exact: true }).click()
    await expect(grid(bob.page)).toHaveAttribute('aria-label', 'Sheet2')
    await startTyping(bob.page, 'C4', 'words bob has not saved')

    await tabMenu(alice.page, 'Sheet2', 'Delete')
    const confirm = alice.page.getByRole('alertdialog', { name: 'Delete sheet?' })
    await confirm.getByRole('button', { name: 'Delete' }).click()

    await expect(bob.page.getByTestId('sheet-tab')).toHaveText(['Sheet1', 'Sheet3'])
    await expect(grid(bob.page)).toHaveAttribute('aria-label', 'Sheet3')
    await expect.poll(() => sheetInUrl(bob.page)).toBe(sheet3)
    await expect(cellEditor(bob.page)).toBeHidden()
    const notice = bob.page.getByTestId('notice')
    await expect(notice).toContainText(
      '“Sheet2” was deleted by someone else, so you are now on “Sheet3”.',
    )
    await expect(notice).toContainText('Your text for C4 was not saved: “words bob has not saved”.')
    await bob.page.screenshot({ path: testInfo.outputPath('bob-sheet-deleted.png') })

    await notice.getByRole('button', { name: 'Copy my text' }).click()
    await expect(notice).toHaveText(/Your text is on the clipboard\./)
    expect(await bob.page.evaluate(() => navigator.clipboard.readText())).toBe(
      'words bob has not saved',
    )
    // Nothing landed on the sheet now shown, nor anywhere else.
    await expectCell(bob.page, 'C4', '')
    await expect(cell(alice.page, 'C4')).toHaveText('')
  })
})
