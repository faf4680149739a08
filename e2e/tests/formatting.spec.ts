import { expect, type Page } from '@playwright/test'
import { test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCell,
  formulaInput,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/**
 * Formatting is per cell and per attribute (`rowId:colId:attr` keys), so what one user
 * formats reaches everyone, and two people formatting the same cell differently both win.
 */

async function style(page: Page, address: string, property: string): Promise<string> {
  return cell(page, address).evaluate(
    (el, prop) => getComputedStyle(el).getPropertyValue(prop),
    property,
  )
}

/** Waits until a cell's computed style has `value` for `property` (sync is asynchronous). */
async function expectStyle(
  page: Page,
  address: string,
  property: string,
  value: string,
): Promise<void> {
  await expect
    .poll(() => style(page, address, property), { message: `${property} of ${address}` })
    .toBe(value)
}

test.describe('formatting', () => {
  test('bold, fill colour and a number format set by one user are seen by the other', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')

    await typeInto(alice.page, 'B2', '1234.5')
    await selectCell(alice.page, 'B2')
    await alice.page.keyboard.press('Control+b')
    await expect(alice.page.getByTestId('format-bold')).toHaveAttribute('aria-pressed', 'true')
    await alice.page.getByTestId('format-fill').fill('#ffcc00')
    await alice.page.getByTestId('format-number').selectOption('currency')
    await waitSaved(alice.page)

    for (const page of [alice.page, bob.page]) {
      await expectStyle(page, 'B2', 'font-weight', '700')
      await expectStyle(page, 'B2', 'background-color', 'rgb(255, 204, 0)')
      await expectCell(page, 'B2', '$1,234.50')
    }
    // Only the formatted cell changed.
    expect(await style(bob.page, 'B3', 'font-weight')).toBe('400')

    // Bob sees the format of the cell he selects in the toolbar, and can take bold off again.
    await selectCell(bob.page, 'B2')
    await expect(bob.page.getByTestId('format-bold')).toHaveAttribute('aria-pressed', 'true')
    await expect(bob.page.getByTestId('format-number')).toHaveValue('currency')
    await bob.page.getByTestId('format-bold').click()
    await expectStyle(alice.page, 'B2', 'font-weight', '400')
    await expectStyle(alice.page, 'B2', 'background-color', 'rgb(255, 204, 0)')
  })

  test('a custom number format code and the time preset show the same for both users; a time is edited as a time', async ({
    openUser,
  }, testInfo) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'B2', '-1234.5')
    await typeInto(alice.page, 'B3', '0.75')
    await selectCell(alice.page, 'B2')
    await alice.page.getByTestId('format-number').selectOption('custom')
    const dialog = alice.page.getByTestId('custom-format-dialog')
    await dialog.getByRole('button', { name: /Negatives red in brackets/ }).click()
    await expect(dialog.getByTestId('custom-format-preview')).toContainText('(1,234.50)')
    await dialog.getByTestId('custom-format-code').fill('0.0.0"')
    await expect(dialog.getByTestId('custom-format-apply')).toBeDisabled()
    await expect(dialog).toContainText('not a format code Excel would accept')
    await dialog.getByTestId('custom-format-code').fill('#,##0.00;[Red](#,##0.00)')
    await alice.page.screenshot({ path: testInfo.outputPath('custom-format-dialog.png') })
    await dialog.getByTestId('custom-format-apply').click()
    await expect(dialog).toBeHidden()
    for (const page of [alice.page, bob.page]) {
      await expectCell(page, 'B2', '(1,234.50)')
      await expectStyle(page, 'B2', 'color', 'rgb(255, 0, 0)')
    }
    // The decimals buttons change the code itself, as in Excel.
    await alice.page.getByTestId('format-decimals-more').click()
    await expectCell(bob.page, 'B2', '(1,234.500)')

    await selectCell(alice.page, 'B3')
    await alice.page.getByTestId('format-number').selectOption('time')
    await expectCell(bob.page, 'B3', '6:00:00 PM')
    // Edited as a time, not as the fraction of a day it holds; kept as it was.
    await expect(formulaInput(alice.page)).toHaveValue('18:00:00')
    await alice.page.keyboard.press('F2')
    await expect(cellEditor(alice.page)).toHaveValue('18:00:00')
    await alice.page.keyboard.press('Enter')
    await expectCell(bob.page, 'B3', '6:00:00 PM')
    await selectCell(alice.page, 'B3')
    await alice.page.keyboard.press('Control+z')
    await alice.page.keyboard.press('Control+z')
    await expectCell(bob.page, 'B3', '0.75')
    await expectCell(bob.page, 'B2', '(1,234.500)')
    await waitSaved(alice.page)
    await bob.page.screenshot({ path: testInfo.outputPath('custom-format-bob.png') })
  })

  test('bold by one user and a text colour by another on the same cell, at once, both survive', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'C3', 'shared')
    await expectCell(bob.page, 'C3', 'shared')

    // Both offline: neither can see the other's change before making their own.
    await alice.context.setOffline(true)
    await bob.context.setOffline(true)
    await selectCell(alice.page, 'C3')
    await alice.page.keyboard.press('Control+b')
    await selectCell(bob.page, 'C3')
    await bob.page.getByTestId('format-color').fill('#d93025')
    await expectStyle(alice.page, 'C3', 'color', 'rgb(32, 33, 36)')
    await expectStyle(bob.page, 'C3', 'font-weight', '400')

    await alice.context.setOffline(false)
    await bob.context.setOffline(false)
    for (const page of [alice.page, bob.page]) {
      await expectStyle(page, 'C3', 'font-weight', '700')
      await expectStyle(page, 'C3', 'color', 'rgb(217, 48, 37)')
      await waitSaved(page)
    }
  })

  test('formatting a range is one step that undo takes back, for this user only', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await selectCell(bob.page, 'E1')
    await bob.page.keyboard.press('Control+i')

    await selectCell(alice.page, 'A1')
    await cell(alice.page, 'B3').click({ modifiers: ['Shift'] })
    await alice.page.getByTestId('format-align-center').click()
    await alice.page.getByTestId('format-underline').click()
    for (const address of ['A1', 'B1', 'A3', 'B3']) {
      await expectStyle(bob.page, address, 'text-decoration-line', 'underline')
      await expectStyle(bob.page, address, 'text-align', 'center')
    }
    await expectStyle(bob.page, 'C1', 'text-decoration-line', 'none')

    await alice.page.keyboard.press('Control+z')
    for (const address of ['A1', 'B3']) {
      await expectStyle(bob.page, address, 'text-decoration-line', 'none')
      await expectStyle(bob.page, address, 'text-align', 'center')
    }
    // Bob's italic is his own: Alice's undo leaves it.
    await expectStyle(alice.page, 'E1', 'font-style', 'italic')
  })
})
