import type { Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCells,
  formulaInput,
  goTo,
  nameBox,
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

/** The formula bar shows `text` for the cell at `address` (and the name box names it). */
async function expectFormula(page: Page, address: string, text: string): Promise<void> {
  await goTo(page, address)
  await expect(nameBox(page)).toHaveValue(address)
  await expect(formulaInput(page)).toHaveValue(text)
}

test.describe('formulas with two users', () => {
  test('values stay right for both while the other user inserts and deletes rows', async ({
    openUser,
    server,
    workbook,
  }) => {
    const api = new RestClient(server.url, workbook.token)
    const rates = await api.addSheet(workbook.id, 'Sheet2')
    await api.writeCells(workbook.id, rates.id, { B4: '42' })
    const inputs: Record<string, string> = { B2: '10', E1: 'apple', F1: '3', E2: 'pear' }
    Object.assign(inputs, { F2: '5', E3: 'plum', F3: '7' })
    for (let i = 1; i <= 10; i++) inputs[`A${i}`] = String(i)
    await server.writeCells(workbook, inputs)

    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const pages = [alice.page, bob.page]

    await typeInto(alice.page, 'D1', '=SUM(A1:A10)')
    await typeInto(alice.page, 'D2', '=B2*1.2')
    await typeInto(alice.page, 'D3', '=IF(D1>50,"big","small")')
    await typeInto(alice.page, 'D4', '=VLOOKUP("pear",E1:F3,2,FALSE)')
    await typeInto(alice.page, 'D5', '=Sheet2!B4')
    await typeInto(alice.page, 'D6', '=A3/0')
    await typeInto(alice.page, 'D7', '=a10*2')
    await typeInto(alice.page, 'D8', '=D1>0')
    await expectCells(pages, {
      D1: '55',
      D2: '12',
      D3: 'big',
      D4: '5',
      D5: '42',
      D6: '#DIV/0!',
      D7: '20',
      D8: 'TRUE',
    })

    // Bob inserts two rows above the whole referenced range.
    await rowMenu(bob.page, 1, 'Insert 1 row above')
    await rowMenu(bob.page, 1, 'Insert 1 row above')
    await expectCells(pages, {
      D3: '55',
      D4: '12',
      D5: 'big',
      D6: '5',
      D7: '42',
      D8: '#DIV/0!',
      D9: '20',
      D10: 'TRUE',
    })
    for (const page of pages) {
      await expectFormula(page, 'D3', '=SUM(A3:A12)')
      await expectFormula(page, 'D4', '=B4*1.2')
      await expectFormula(page, 'D9', '=A12*2')
      // Numbers right-aligned, booleans and errors centred, as in Excel.
      await expect(cell(page, 'D3')).toHaveCSS('text-align', 'right')
      await expect(cell(page, 'D10')).toHaveCSS('text-align', 'center')
      // An error says why on hover.
      await expect(cell(page, 'D8')).toHaveAttribute('title', /zero/i)
    }

    // Alice changes an input: both see every dependent value move.
    await typeInto(alice.page, 'A3', '101')
    await expectCells(pages, { D3: '155', D5: 'big' })

    // Bob deletes the row that D9 refers to: D9 is #REF!; the SUM range shrinks, as in Excel.
    await rowMenu(bob.page, 12, 'Delete row')
    await expectCells(pages, { D3: '145', D9: '#REF!' })
    for (const page of pages) {
      await expectFormula(page, 'D3', '=SUM(A3:A11)')
      await expectFormula(page, 'D9', '=#REF!*2')
      await expect(cell(page, 'D9')).toHaveAttribute('title', /.+/)
    }

    // The server computes the same values over REST.
    await Promise.all(pages.map(waitSaved))
    const read = await api.readCells(workbook.id, workbook.sheetId, 'D3:D10')
    expect(read.values.flat()).toEqual([145, 12, 'big', 5, 42, '#DIV/0!', '#REF!', true])
    expect(read.inputs[0]).toEqual(['=SUM(A3:A11)'])
  })

  test('renaming the referenced sheet keeps the reference, in both tabs', async ({
    openUser,
    server,
    workbook,
  }) => {
    const api = new RestClient(server.url, workbook.token)
    const second = await api.addSheet(workbook.id, 'Sheet2')
    await api.writeCells(workbook.id, second.id, { B4: '7' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', '=Sheet2!B4*6')
    await expectCells([alice.page, bob.page], { A1: '42' })

    await api.updateSheet(workbook.id, second.id, { name: 'Rates' })
    await api.writeCells(workbook.id, second.id, { B4: '8' })
    await expectCells([alice.page, bob.page], { A1: '48' })
    for (const page of [alice.page, bob.page]) await expectFormula(page, 'A1', '=Rates!B4*6')
  })

  // Microsoft Support, "Implicit intersection operator: @": =@A1:A4 in row 3 reads A3; a
  // row inserted above moves both, so it still reads its own row.
  test('@ typed by one user reads the range in the formula’s own row, for both', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: '10', A2: '20', A3: '30', A4: '40' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'C3', '=@A1:A4*2')
    await expectCells([alice.page, bob.page], { C3: '60' })
    await expectFormula(bob.page, 'C3', '=@A1:A4*2')
    await rowMenu(bob.page, 1, 'Insert 1 row above')
    await expectCells([alice.page, bob.page], { C4: '60', C3: '' })
  })
})

test.describe('a PIVOTBY cross table', () => {
  // Microsoft Support, "PIVOTBY function": a grand total row and column by default. Its spill
  // is exactly the table (sized by measuring), so it grows by a column when a new column key
  // appears, for both users, and a cell typed right of it is not in its way.
  test('spills exactly its table and grows with a new column key', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, {
      A1: 'Product',
      B1: 'Year',
      C1: 'Sales',
      A2: 'Apples',
      B2: '2023',
      C2: '100',
      A3: 'Bananas',
      B3: '2023',
      C3: '80',
      A4: 'Apples',
      B4: '2024',
      C4: '120',
      A5: 'Cherries',
      B5: '2024',
      C5: '60',
      A6: 'Bananas',
      B6: '2024',
      C6: '40',
    })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const pages = [alice.page, bob.page]
    await typeInto(alice.page, 'E1', '=PIVOTBY(A1:A6,B1:B6,C1:C6,SUM)')
    await expectCells(pages, {
      F1: '2023',
      G1: '2024',
      H1: 'Total',
      E2: 'Apples',
      H2: '220',
      E4: 'Cherries',
      F4: '',
      E5: 'Total',
      H5: '400',
    })
    await typeInto(bob.page, 'J1', 'note')
    await typeInto(bob.page, 'B6', '2025')
    await expectCells(pages, { H1: '2025', I1: 'Total', G3: '', H3: '40', I5: '400', J1: 'note' })
    await goTo(alice.page, 'E1')
    await alice.page.screenshot({ path: test.info().outputPath('pivotby.png') })
  })
})
