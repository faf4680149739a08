import fs from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCell,
  formulaInput,
  openEditor,
  selectCell,
  waitEditorReady,
} from '../support/grid.js'

const BUDGET_XLSX = fileURLToPath(new URL('../fixtures/budget.xlsx', import.meta.url))
/**
 * As an Excel without dynamic arrays saves it (written with exceljs): `{=A2:A3*10}` entered
 * over B2:C5, and `=A2:A3` in D3.
 */
const LEGACY_XLSX = fileURLToPath(new URL('../fixtures/legacyArrays.xlsx', import.meta.url))

async function downloadFrom(
  page: Page,
  item: 'menu-download-csv' | 'menu-download-xlsx',
): Promise<Download> {
  await page.getByTestId('file-menu').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(item).click(),
  ])
  return download
}

async function importFromHome(page: Page, file: Parameters<Page['setInputFiles']>[1]) {
  await page.goto('/')
  await page.getByTestId('import-file-input').setInputFiles(file)
}

test.describe('import and export', () => {
  test('a CSV imported from the home page opens as a new workbook and downloads back unchanged', async ({
    newUser,
  }) => {
    const { page } = await newUser('alice')
    const csv = 'Name,City,Score\r\nAda,"London, UK",42\r\nZoë,"Zürich ""Old Town""",-7.5'
    await importFromHome(page, {
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    })

    await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/[^/#?]+$/)
    await waitEditorReady(page)
    await expect(page.getByTestId('workbook-title')).toHaveText('people')
    await expectCell(page, 'B2', 'London, UK')
    await expectCell(page, 'B3', 'Zürich "Old Town"')
    await expectCell(page, 'C3', '-7.5')

    const download = await downloadFrom(page, 'menu-download-csv')
    expect(download.suggestedFilename()).toBe('people.csv')
    expect(await fs.readFile(await download.path(), 'utf8')).toBe(csv)

    // The new workbook is listed with its owner token, like one created with "New workbook".
    await page.goto('/')
    await expect(page.getByTestId('recent-workbooks').getByRole('link')).toHaveText([/people/])
  })

  // ECMA-376 Part 4, "Single- and Multi-Cell Formulas"; Microsoft Support, "Implicit
  // intersection operator: @".
  test('an older workbook shows its {=…} array over its own range and its =A2:A3 as @A2:A3', async ({
    newUser,
  }, testInfo) => {
    const { page } = await newUser('alice')
    await importFromHome(page, LEGACY_XLSX)
    await waitEditorReady(page)
    for (const [address, text] of Object.entries({
      B2: '10',
      C2: '10',
      B3: '20',
      C3: '20',
      B4: '#N/A',
      C5: '#N/A',
      B6: '',
      D3: '2',
      D4: '',
    })) {
      await expectCell(page, address, text)
    }
    await selectCell(page, 'B2')
    await expect(formulaInput(page)).toHaveValue('=ARRAYFIT(A2:A3*10,4,2)')
    await selectCell(page, 'D3')
    await expect(formulaInput(page)).toHaveValue('=@A2:A3')
    await page.screenshot({ path: testInfo.outputPath('legacy-arrays.png') })
  })

  test('an XLSX with a formula imports, downloads as XLSX and imports back with the same values', async ({
    newUser,
  }) => {
    const { page } = await newUser('alice')
    await importFromHome(page, BUDGET_XLSX)
    await waitEditorReady(page)
    await expect(page.getByTestId('workbook-title')).toHaveText('budget')
    await expectCell(page, 'A4', 'Total')
    await expectCell(page, 'B4', '1500.5')
    await selectCell(page, 'B4')
    await expect(formulaInput(page)).toHaveValue('=SUM(B2:B3)')
    await expect(page.getByRole('tab')).toHaveText([/Budget/, /Notes/])

    const download = await downloadFrom(page, 'menu-download-xlsx')
    expect(download.suggestedFilename()).toBe('budget.xlsx')
    const exported = await download.path()
    const firstUrl = page.url()

    await page.getByTestId('file-menu').click()
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('menu-import-workbook').click(),
    ])
    await chooser.setFiles({
      name: 'budget copy.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await fs.readFile(exported),
    })
    await expect(page).not.toHaveURL(firstUrl)
    await waitEditorReady(page)
    await expect(page.getByTestId('workbook-title')).toHaveText('budget copy')
    for (const [address, text] of Object.entries({
      A1: 'Item',
      B2: '1200',
      B3: '300.5',
      B4: '1500.5',
    })) {
      await expectCell(page, address, text)
    }
    await selectCell(page, 'B4')
    await expect(formulaInput(page)).toHaveValue('=SUM(B2:B3)')
    await page.getByRole('tab', { name: /Notes/ }).click()
    await expectCell(page, 'A1', '750.25')
  })

  test('a corrupt file shows a clear message and creates nothing', async ({ newUser, server }) => {
    const { page } = await newUser('alice')
    const broken = {
      name: 'broken.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a zip at all'),
    }
    await importFromHome(page, broken)
    await expect(page.getByRole('alert')).toContainText(
      'Could not import "broken.xlsx": this file is not a valid .xlsx workbook',
    )
    await expect(page).toHaveURL(`${server.url}/`)
    await expect(page.getByTestId('recent-workbooks').getByRole('link')).toHaveCount(0)

    // Into an open workbook: the notice says why, and no sheet is added.
    await page.getByTestId('new-workbook').click()
    await waitEditorReady(page)
    await page.getByTestId('file-menu').click()
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('menu-import-sheets').click(),
    ])
    await chooser.setFiles(broken)
    await expect(page.getByTestId('notice')).toContainText(
      'this file is not a valid .xlsx workbook',
    )
    await expect(page.getByTestId('notice')).toHaveAttribute('data-kind', 'error')
    await expect(page.getByRole('tab')).toHaveCount(1)
    await expect(cell(page, 'A1')).toHaveText('')
  })

  test('a viewer downloads the sheet but is not offered to import sheets into it', async ({
    newUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'Region', B1: 'Sales', A2: 'North', B2: '=40+2' })
    const view = await new RestClient(server.url, workbook.token).createLink(workbook.id, 'view')
    const { page } = await newUser('victor')
    await openEditor(page, view.url)
    await expect(page.getByTestId('view-only')).toBeVisible()
    await page.getByTestId('file-menu').click()
    await expect(page.getByRole('menuitem')).toHaveText([
      /Import CSV\/XLSX as new workbook/,
      'Download sheet as CSV',
      'Download workbook as XLSX',
    ])
    await expect(page.getByTestId('menu-import-sheets')).toHaveCount(0)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('menu')).toBeHidden()

    const download = await downloadFrom(page, 'menu-download-csv')
    expect(await fs.readFile(await download.path(), 'utf8')).toBe('Region,Sales\r\nNorth,42')
  })
})
