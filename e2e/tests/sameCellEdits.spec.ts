import { expect, type Page } from '@playwright/test'
import { test, type User } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  grid,
  selectCell,
  syncStatus,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/**
 * Two people writing one cell: last writer wins, as in every live spreadsheet, but nobody's
 * value vanishes silently. The open editor shows a change made under it; afterwards each side
 * has a notice with the other value and one click to put their own back (undoable).
 */

async function chooseName(page: Page, name: string): Promise<void> {
  const form = page.getByTestId('display-name-form')
  await expect(form).toBeVisible()
  await page.getByTestId('display-name-input').fill(name)
  await page.getByTestId('display-name-save').click()
  await expect(form).toBeHidden()
}

/** Waits until `page` sees `name`'s editor open on `address` (their presence says so). */
async function seesEditing(page: Page, name: string, address: string): Promise<void> {
  await expect(
    page.locator(`[data-testid="presence-outline"][data-user="${name}"]`),
  ).toHaveAttribute('data-address', address)
  await expect(
    page.locator(`[data-testid="presence-outline"][data-user="${name}"]`),
  ).toHaveAttribute('data-editing', 'true')
}

async function startTyping(page: Page, address: string, text: string): Promise<void> {
  await selectCell(page, address)
  await page.keyboard.type(text)
  await expect(cellEditor(page)).toHaveValue(text)
}

function notice(page: Page) {
  return page.getByTestId('notice')
}

async function shot(user: User, file: string, testInfo: { outputPath(name: string): string }) {
  await user.page.screenshot({ path: testInfo.outputPath(file) })
}

test.describe('same-cell edits', () => {
  test('an edit under my open editor shows who changed the cell; committing over it tells both, and each can put theirs back', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await chooseName(bob.page, 'Bob')

    await startTyping(bob.page, 'J5', 'bob 200')
    await seesEditing(alice.page, 'Bob', 'J5')
    await shot(alice, 'alice-sees-bob-editing.png', testInfo)
    await typeInto(alice.page, 'J5', 'alice 100')

    // Bob's editor says what happened before he commits; his draft is untouched.
    const changed = bob.page.getByTestId('cell-changed')
    await expect(changed).toContainText('Alice just changed this cell to “alice 100”.')
    await expect(changed).toContainText('Enter replaces it with yours; Esc keeps it.')
    await expect(cellEditor(bob.page)).toHaveValue('bob 200')
    await shot(bob, 'bob-editor-shows-change.png', testInfo)
    // The pictures in the web app's README.
    await bob.page.screenshot({
      path: testInfo.outputPath('readme-editor-change.png'),
      clip: { x: 640, y: 90, width: 640, height: 210 },
    })

    await bob.page.keyboard.press('Enter')
    await expectCells([alice.page, bob.page], { J5: 'bob 200' })
    await expect(notice(bob.page)).toContainText(
      'You replaced Alice’s “alice 100” in J5 with “bob 200”.',
    )
    await expect(notice(bob.page).getByRole('button', { name: 'Restore theirs' })).toBeVisible()
    await expect(notice(alice.page)).toContainText(
      'Bob replaced your “alice 100” in J5 with “bob 200”.',
    )
    await shot(alice, 'alice-notice-restore-mine.png', testInfo)
    await alice.page.screenshot({
      path: testInfo.outputPath('readme-notice.png'),
      clip: { x: 340, y: 600, width: 600, height: 80 },
    })
    await shot(bob, 'bob-notice-restore-theirs.png', testInfo)

    await notice(alice.page).getByRole('button', { name: 'Restore mine' }).click()
    await expectCells([alice.page, bob.page], { J5: 'alice 100' })
    await waitSaved(alice.page)
    expect(await server.readCell(workbook, 'J5')).toBe('alice 100')

    // The restore is Alice's own edit: Ctrl+Z takes it back.
    await grid(alice.page).focus()
    await alice.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { J5: 'bob 200' })
  })

  test('Escape keeps the value someone wrote under my editor, and nobody is told anything', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await chooseName(bob.page, 'Bob')
    await startTyping(bob.page, 'C3', 'not sure')
    await seesEditing(alice.page, 'Bob', 'C3')
    await typeInto(alice.page, 'C3', 'decided')
    await expect(bob.page.getByTestId('cell-changed')).toContainText('Alice just changed')
    await bob.page.keyboard.press('Escape')
    await expect(bob.page.getByTestId('cell-changed')).toBeHidden()
    await expectCells([alice.page, bob.page], { C3: 'decided' })
    await expect(notice(alice.page)).toBeHidden()
    await expect(notice(bob.page)).toBeHidden()
  })

  test('both pressing Enter on one cell at once: both see the same value, each is told the other one, and the loser can restore theirs', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await chooseName(bob.page, 'Bob')
    await startTyping(alice.page, 'D4', 'from alice')
    await startTyping(bob.page, 'D4', 'from bob')
    await seesEditing(alice.page, 'Bob', 'D4')
    await seesEditing(bob.page, 'Alice', 'D4')

    await Promise.all([alice.page.keyboard.press('Enter'), bob.page.keyboard.press('Enter')])
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])
    await expect
      .poll(async () => {
        const a = (await cell(alice.page, 'D4').innerText()).trim()
        const b = (await cell(bob.page, 'D4').innerText()).trim()
        return a === b ? a : `alice sees "${a}", bob sees "${b}"`
      })
      .toMatch(/^from (alice|bob)$/)
    const shown = (await cell(alice.page, 'D4').innerText()).trim()
    const [winner, loser, winnerName, loserName] =
      shown === 'from alice' ? [alice, bob, 'Alice', 'Bob'] : [bob, alice, 'Bob', 'Alice']
    const lost = loser === alice ? 'from alice' : 'from bob'

    // Whether the two writes crossed on the wire or one landed under the other's open editor,
    // each side hears of the other value.
    await expect(notice(loser.page)).toContainText(
      `${winnerName} replaced your “${lost}” in D4 with “${shown}”.`,
    )
    await expect(notice(winner.page)).toContainText(`“${lost}”`)
    await expect(notice(winner.page)).toContainText(loserName)
    await shot(loser, 'loser-notice.png', testInfo)
    await shot(winner, 'winner-notice.png', testInfo)

    await notice(loser.page).getByRole('button', { name: 'Restore mine' }).click()
    await expectCells([alice.page, bob.page], { D4: lost })
    await waitSaved(loser.page)
    expect(await server.readCell(workbook, 'D4')).toBe(lost)
  })

  test('an offline edit that lands on a cell changed meanwhile: told on reconnect, with one click back', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await chooseName(alice.page, 'Alice')
    await chooseName(bob.page, 'Bob')
    await selectCell(alice.page, 'A1')
    await expect(
      bob.page.locator('[data-testid="presence-outline"][data-user="Alice"]'),
    ).toBeVisible()

    await bob.context.setOffline(true)
    await expect(syncStatus(bob.page)).toHaveAttribute('data-state', 'offline')
    await typeInto(bob.page, 'F6', 'bob, offline')
    await typeInto(alice.page, 'F6', 'alice, online')
    await waitSaved(alice.page)
    await bob.context.setOffline(false)
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])

    await expect
      .poll(async () => {
        const a = (await cell(alice.page, 'F6').innerText()).trim()
        const b = (await cell(bob.page, 'F6').innerText()).trim()
        return a === b ? a : `alice sees "${a}", bob sees "${b}"`
      })
      .toMatch(/^(alice, online|bob, offline)$/)
    const shown = (await cell(bob.page, 'F6').innerText()).trim()
    const bobLost = shown === 'alice, online'
    const [loser, winner] = bobLost ? [bob, alice] : [alice, bob]
    const lost = bobLost ? 'bob, offline' : 'alice, online'
    const winnerName = bobLost ? 'Alice' : 'Bob'
    const loserName = bobLost ? 'Bob' : 'Alice'

    await expect(notice(loser.page)).toContainText(
      `${winnerName} replaced your “${lost}” in F6 with “${shown}”.`,
    )
    await expect(notice(winner.page)).toContainText(`${loserName} also wrote`)
    await expect(notice(winner.page)).toContainText(`your “${shown}” was kept.`)
    await shot(loser, 'offline-loser-notice.png', testInfo)
    await shot(winner, 'offline-winner-notice.png', testInfo)

    await notice(loser.page).getByRole('button', { name: 'Restore mine' }).click()
    await expectCells([alice.page, bob.page], { F6: lost })
    await waitSaved(loser.page)
    expect(await server.readCell(workbook, 'F6')).toBe(lost)
  })
})
