import { expect, test } from '../support/fixtures.js'
import { cell, expectCell, selectCell, typeInto } from '../support/grid.js'

/** #f4cccc, the new rule's default fill, as the browser reports it. */
const LIGHT_RED = 'rgb(244, 204, 204)'

test.describe('conditional formatting', () => {
  test('a rule one user adds recolours cells live for both; an edit by the other recolours its cell for both', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    await server.writeCells(workbook, { A1: '5', A2: '20', A3: '8', A4: '30' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCell(bob.page, 'A4', '30')

    await selectCell(alice.page, 'A1')
    await cell(alice.page, 'A4').click({ modifiers: ['Shift'] })
    await alice.page.getByTestId('format-menu').click()
    await alice.page.getByRole('menuitem', { name: 'Conditional formatting…' }).click()
    const panel = alice.page.getByTestId('cf-panel')
    await panel.getByTestId('cf-add').click()
    await expect(panel.getByTestId('cf-range')).toHaveValue('A1:A4')
    await panel.getByTestId('cf-value').fill('10')
    // The rule is previewed on Alice's grid before it is saved, and only there.
    await expect(cell(alice.page, 'A2')).toHaveCSS('background-color', LIGHT_RED)
    await panel.getByTestId('cf-save').click()
    await expect(panel.getByTestId('cf-rule')).toHaveText(/Cell value > 10\s*A1:A4/)

    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'A2')).toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'A4')).toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'A1')).not.toHaveCSS('background-color', LIGHT_RED)
    }

    await typeInto(bob.page, 'A1', '50')
    await typeInto(bob.page, 'A2', '1')
    for (const page of [alice.page, bob.page]) {
      await expect(cell(page, 'A1')).toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'A2')).not.toHaveCSS('background-color', LIGHT_RED)
    }

    // Alice's Ctrl+Z takes back her rule (not Bob's edits) for both.
    await selectCell(alice.page, 'C1')
    await alice.page.keyboard.press('Control+z')
    await expect(panel.getByTestId('cf-rule')).toHaveCount(0)
    await expect(cell(bob.page, 'A1')).not.toHaveCSS('background-color', LIGHT_RED)
    await expectCell(bob.page, 'A1', '50')
  })

  test('a colour scale and data bars from REST are drawn, and rules are reordered in the panel', async ({
    openUser,
    server,
    workbook,
  }) => {
    const values: Record<string, string> = {}
    for (let i = 1; i <= 10; i++) {
      values[`A${i}`] = String(i * 10)
      values[`B${i}`] = String(i)
    }
    await server.writeCells(workbook, values)
    const url = `${server.url}/api/workbooks/${workbook.id}/sheets/${workbook.sheetId}/conditional-formats`
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${workbook.token}` },
        body: JSON.stringify(body),
      })
    expect(
      (
        await post({
          range: 'A1:A10',
          kind: 'colorScale',
          colors: ['#f8696b', '#ffeb84', '#63be7b'],
        })
      ).status,
    ).toBe(200)
    expect((await post({ range: 'B1:B10', kind: 'dataBar', barColor: '#638ec6' })).status).toBe(200)

    const alice = await openUser('alice')
    await expect(cell(alice.page, 'A1')).toHaveCSS('background-color', 'rgb(248, 105, 107)')
    await expect(cell(alice.page, 'A10')).toHaveCSS('background-color', 'rgb(99, 190, 123)')
    await expect(cell(alice.page, 'B10').getByTestId('data-bar')).toHaveAttribute(
      'style',
      /width: 100%/,
    )
    await expect(cell(alice.page, 'B1').getByTestId('data-bar')).toHaveAttribute(
      'style',
      /width: 10%/,
    )

    await cell(alice.page, 'A1').click({ button: 'right' })
    await alice.page.getByRole('menuitem', { name: 'Conditional formatting…' }).click()
    const rules = alice.page.getByTestId('cf-panel').getByTestId('cf-rule')
    await expect(rules).toHaveCount(2)
    await expect(rules.nth(0)).toContainText('3-colour scale')
    await rules.nth(1).getByTestId('cf-up').click()
    await expect(rules.nth(0)).toContainText('Data bar')
    const kinds = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${workbook.token}` } })
      return ((await res.json()) as { rules: Array<{ kind: string }> }).rules.map((r) => r.kind)
    }
    await expect.poll(kinds).toEqual(['dataBar', 'colorScale'])

    // Deleting a rule keeps the focus in the panel, on the next rule's delete button, and
    // Ctrl+Z from there brings the rule back.
    await rules.nth(0).getByTestId('cf-delete').click()
    await expect(rules).toHaveCount(1)
    await expect(rules.nth(0).getByTestId('cf-delete')).toBeFocused()
    await alice.page.keyboard.press('Control+z')
    await expect(rules).toHaveCount(2)
    await expect.poll(kinds).toEqual(['dataBar', 'colorScale'])

    // A negative value: bars grow from an axis at zero, a third of the way from -5 to 10, and
    // the negative bar goes left in red, as Excel draws them; the other bars follow at once.
    await typeInto(alice.page, 'B1', '-5')
    const bar = (address: string) => cell(alice.page, address).getByTestId('data-bar')
    await expect(bar('B1')).toHaveAttribute('style', /left: 0%; width: 33\.3%/)
    await expect(bar('B1')).toHaveCSS('background-color', 'rgb(255, 0, 0)')
    await expect(bar('B10')).toHaveAttribute('style', /left: 33\.3%; width: 66\.7%/)
    await expect(bar('B10')).toHaveCSS('background-color', 'rgb(99, 142, 198)')
  })

  test('a custom-formula highlight stays on its row and a range dropdown keeps its values when a row is inserted above', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    test.slow()
    await server.writeCells(workbook, {
      A2: 'Ann',
      B2: 'Late',
      A3: 'Bob',
      B3: 'On time',
      E1: 'Yes',
      E2: 'No',
    })
    const res = await fetch(
      `${server.url}/api/workbooks/${workbook.id}/sheets/${workbook.sheetId}/validations`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${workbook.token}` },
        body: JSON.stringify({
          rules: [{ range: 'C2:C3', kind: 'listRange', source: '$E$1:$E$2', strict: true }],
        }),
      },
    )
    expect(res.status).toBe(200)
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCell(bob.page, 'B3', 'On time')

    // Alice highlights the Late rows with a custom formula, typed in the panel.
    await selectCell(alice.page, 'A2')
    await cell(alice.page, 'B3').click({ modifiers: ['Shift'] })
    await alice.page.getByTestId('format-menu').click()
    await alice.page.getByRole('menuitem', { name: 'Conditional formatting…' }).click()
    const panel = alice.page.getByTestId('cf-panel')
    await panel.getByTestId('cf-add').click()
    await panel.getByTestId('cf-kind').selectOption('formula')
    await panel.getByTestId('cf-formula').fill('=$B2="Late"')
    await panel.getByTestId('cf-save').click()
    await expect(cell(bob.page, 'A2')).toHaveCSS('background-color', LIGHT_RED)

    // Bob inserts a row above row 1: the Late row is row 3 now, and stays the highlighted one.
    await selectCell(bob.page, 'A1')
    await bob.page.getByRole('rowheader', { name: '1', exact: true }).click({ button: 'right' })
    await bob.page
      .getByTestId('row-menu')
      .getByRole('menuitem', { name: 'Insert 1 row above' })
      .click()
    for (const page of [alice.page, bob.page]) {
      await expectCell(page, 'B3', 'Late')
      await expect(cell(page, 'A3')).toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'B3')).toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'A4')).not.toHaveCSS('background-color', LIGHT_RED)
      await expect(cell(page, 'B2')).not.toHaveCSS('background-color', LIGHT_RED)
    }
    await expect(panel.getByTestId('cf-rule')).toHaveText(/=\$B3="Late"\s*A3:B4/)
    await alice.page.screenshot({ path: testInfo.outputPath('highlight-after-insert.png') })

    // The dropdown on C3 still lists both values of its source, now E2:E3.
    await cell(alice.page, 'C3').getByTestId('validation-chevron').click()
    await expect(alice.page.getByTestId('validation-picker').getByRole('menuitem')).toHaveText([
      'Yes',
      'No',
    ])
  })
})
