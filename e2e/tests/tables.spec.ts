import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCell,
  expectCells,
  formulaInput,
  selectCell,
  typeInto,
  waitEditorReady,
} from '../support/grid.js'

/** Sales!B2:C6 as Excel saves it: TableStyleMedium2, a header, three rows, a totals row. */
const TABLES_XLSX = fileURLToPath(new URL('../fixtures/tables.xlsx', import.meta.url))

/** Opens Data → Table options… for the table holding `address`. */
async function tableOptions(page: Page, address: string): Promise<void> {
  await selectCell(page, address)
  await page.getByTestId('data-menu').click()
  await page.getByRole('menuitem', { name: 'Table options…' }).click()
}

async function expectFormula(page: Page, address: string, text: string): Promise<void> {
  await selectCell(page, address)
  await expect(formulaInput(page)).toHaveValue(text)
}

test.describe('tables', () => {
  test('an imported Excel table shows in its style: a blue header, banded rows, a bold totals row', async ({
    newUser,
  }) => {
    const { page } = await newUser('alice')
    await page.goto('/')
    await page.getByTestId('import-file-input').setInputFiles(TABLES_XLSX)
    await waitEditorReady(page)
    await expectCell(page, 'B2', 'Region')
    await expectCell(page, 'C6', '425')
    await expect(cell(page, 'B2')).toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await expect(cell(page, 'B2')).toHaveCSS('color', 'rgb(255, 255, 255)')
    await expect(cell(page, 'C3')).toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'C4')).not.toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'C5')).toHaveCSS('background-color', 'rgb(218, 227, 243)')
    await expect(cell(page, 'B6')).toHaveCSS('font-weight', '700')
    // Outside the table nothing changes.
    await expect(cell(page, 'D3')).not.toHaveCSS('background-color', 'rgb(218, 227, 243)')
  })

  test('Format as table, a formula on its column, a row typed under it, undo, rename, convert to range', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    await server.writeCells(workbook, { A1: 'Region', B1: 'Amount', A2: 'North', B2: '10' })
    await server.writeCells(workbook, { A3: 'South', B3: '20' })
    const { page } = await openUser('alice')
    await expectCell(page, 'B3', '20')
    // One cell selected: the table takes the data around it, with a header row.
    await selectCell(page, 'A2')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Format as table' }).click()
    await page.getByTestId('table-create').click()
    await expect(cell(page, 'A1')).toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await typeInto(page, 'D1', '=SUM(Table1[Amount])')
    await expectCell(page, 'D1', '30')

    // A value typed in the row just under the table makes that row part of it.
    await typeInto(page, 'B4', '5')
    await expectCell(page, 'D1', '35')
    await expect(cell(page, 'B4')).toHaveCSS('background-color', 'rgb(218, 227, 243)')
    // One undo takes back the value and the growth.
    await selectCell(page, 'F1')
    await page.keyboard.press('Control+z')
    await expectCells([page], { B4: '', D1: '30' })
    await expect(cell(page, 'B4')).not.toHaveCSS('background-color', 'rgb(218, 227, 243)')

    // Renaming the table renames it in the formula, which still computes.
    await selectCell(page, 'A2')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Table options…' }).click()
    await page.getByTestId('table-name').fill('Sales')
    await page.getByTestId('table-apply').click()
    await selectCell(page, 'D1')
    await expect(formulaInput(page)).toHaveValue('=SUM(Sales[Amount])')
    await expectCell(page, 'D1', '30')

    // Convert to range: the style goes, the cells stay.
    await selectCell(page, 'A2')
    await page.getByTestId('data-menu').click()
    await page.getByRole('menuitem', { name: 'Table options…' }).click()
    await page.getByTestId('table-convert').click()
    await expect(cell(page, 'A1')).not.toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await expectCells([page], { A1: 'Region', B3: '20' })
  })

  test('Convert to range writes the formulas naming the table as plain ranges, on every sheet; one undo brings all back', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    const api = new RestClient(server.url, workbook.token)
    const sheet = (await api.getWorkbook(workbook.id)).sheets[0]!.id
    await server.writeCells(workbook, { A1: 'Item', B1: 'Qty', C1: 'Double', A2: 'pens' })
    await server.writeCells(workbook, { B2: '3', A3: 'ink', B3: '4' })
    await api.addTable(workbook.id, sheet, { name: 'Stock', range: 'A1:C3' })
    const report = await api.addSheet(workbook.id, 'Report')
    // E1, not D1: a value written just right of the table would make its column a new one.
    await server.writeCells(workbook, { E1: '=SUM(Stock[Qty])', C2: '=[@Qty]*2' })
    await api.writeCells(workbook.id, report.id, { A1: '=COUNTA(Stock[#All])' })
    const { page } = await openUser('alice')
    await expectCells([page], { E1: '7', C2: '6' })

    await tableOptions(page, 'A2')
    await page.getByTestId('table-convert').click()
    await expect(cell(page, 'A1')).not.toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await expectFormula(page, 'E1', '=SUM($B$2:$B$3)')
    await expectFormula(page, 'C2', '=$B2*2')
    await expectCells([page], { E1: '7', C2: '6' })
    await page.getByTestId('sheet-tab').filter({ hasText: 'Report' }).click()
    await expectFormula(page, 'A1', '=COUNTA(Sheet1!$A$1:$C$3)')
    await expectCell(page, 'A1', '8')

    // One undo: the table and its references on both sheets are back.
    await page.keyboard.press('Control+z')
    await page.getByTestId('sheet-tab').filter({ hasText: 'Report' }).click()
    await expectFormula(page, 'A1', '=COUNTA(Stock[#All])')
    await page.getByTestId('sheet-tab').filter({ hasText: 'Sheet1' }).click()
    await expectFormula(page, 'E1', '=SUM(Stock[Qty])')
    await expectFormula(page, 'C2', '=[@Qty]*2')
    await expect(cell(page, 'A1')).toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await expectCells([page], { E1: '7', C2: '6' })
  })

  test('typing a header renames its column in formulas; a paste under the table and a header typed beside it grow it', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    const api = new RestClient(server.url, workbook.token)
    const sheet = (await api.getWorkbook(workbook.id)).sheets[0]!.id
    await server.writeCells(workbook, { A1: 'Item', B1: 'Qty', A2: 'pens', B2: '3' })
    await server.writeCells(workbook, { A3: 'ink', B3: '4' })
    await api.addTable(workbook.id, sheet, { name: 'Stock', range: 'A1:B3' })
    await server.writeCells(workbook, { F1: '=SUM(Stock[Qty])', F2: '=COLUMNS(Stock[#All])' })
    await server.writeCells(workbook, { F3: '=ROWS(Stock[#All])' })
    const alice = await openUser('alice')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = alice.page
    await expectCells([page], { F1: '7', F2: '2', F3: '3' })

    // A header typed over names the column; formulas follow it.
    await typeInto(page, 'B1', 'Units')
    await expectFormula(page, 'F1', '=SUM(Stock[Units])')
    await expectCell(page, 'F1', '7')
    // A repeated name gets a number, an emptied header ColumnN, as in Excel.
    await typeInto(page, 'B1', 'item')
    await expectCell(page, 'B1', 'item2')
    await expectFormula(page, 'F1', '=SUM(Stock[item2])')
    await selectCell(page, 'A1')
    await page.keyboard.press('Delete')
    await expectCell(page, 'A1', 'Column1')

    // Two rows pasted just under the table become part of it.
    await selectCell(page, 'A2')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Control+c')
    await selectCell(page, 'A4')
    await page.keyboard.press('Control+v')
    await expectCells([page], { A5: 'ink', F1: '14', F3: '5' })
    await selectCell(page, 'H5')
    await expect(cell(page, 'B4')).toHaveCSS('background-color', 'rgb(218, 227, 243)')

    // A header typed just right of it adds a column by that name.
    await typeInto(page, 'C1', 'Price')
    await expectCells([page], { F2: '3' })
    await expect(cell(page, 'C1')).toHaveCSS('background-color', 'rgb(68, 114, 196)')
    await typeInto(page, 'H1', '=SUM(Stock[Price])')
    await expectCell(page, 'H1', '0')
  })

  test('Ctrl+L opens Format as table over the data; the chosen style is the one the table shows', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'Item', B1: 'Qty', A2: 'pens', B2: '3' })
    await server.writeCells(workbook, { A3: 'ink', B3: '4' })
    const { page } = await openUser('alice')
    await expectCell(page, 'B3', '4')
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+l')
    const dialog = page.getByTestId('format-table-dialog')
    await expect(dialog).toContainText('A1:B3')
    await dialog.getByTestId('table-style-TableStyleMedium3').check()
    await dialog.getByTestId('table-create').click()
    // Office's accent 2, the orange of Excel's TableStyleMedium3.
    await expect(cell(page, 'A1')).toHaveCSS('background-color', 'rgb(237, 125, 49)')
    await typeInto(page, 'D1', '=ROWS(Table1)')
    await expectCell(page, 'D1', '2')
    // Inside a table the same keys open its options.
    await selectCell(page, 'A2')
    await page.keyboard.press('Control+l')
    await expect(page.getByTestId('table-dialog')).toBeVisible()
  })
})
