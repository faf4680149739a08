import { expect, type Locator, type Page } from '@playwright/test'

/**
 * Grid vocabulary for the specs, in terms of the editor's accessibility contract:
 * `role="gridcell"` elements carry `data-address`, the header carries `data-testid="sync-status"`.
 * Every wait is an auto-waiting assertion, never a sleep.
 */

/** A visible cell (the grid is virtualized: cells off screen are not in the DOM). */
export function cell(page: Page, address: string): Locator {
  return page.locator(`[role="gridcell"][data-address="${address}"]`)
}

export function grid(page: Page): Locator {
  return page.getByRole('grid')
}

export function cellEditor(page: Page): Locator {
  return page.getByTestId('cell-editor')
}

export function nameBox(page: Page): Locator {
  return page.getByTestId('name-box')
}

export function formulaInput(page: Page): Locator {
  return page.getByTestId('formula-input')
}

export function syncStatus(page: Page): Locator {
  return page.getByTestId('sync-status')
}

/** Selects a cell with a click and checks the name box followed. */
export async function selectCell(page: Page, address: string): Promise<void> {
  await cell(page, address).click()
  await expect(nameBox(page)).toHaveValue(address)
}

/**
 * Types over a cell the way a user does: click it, type, press Enter. Checks the editor holds
 * exactly what was typed before committing, so a lost keystroke fails here and not later.
 */
export async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await selectCell(page, address)
  await page.keyboard.type(text)
  const editor = cellEditor(page)
  await expect(editor).toBeFocused()
  await expect(editor).toHaveValue(text)
  await page.keyboard.press('Enter')
  await expect(editor).toBeHidden()
}

/** The cell shows `text` (whitespace-normalized), waiting for sync to bring it. */
export async function expectCell(page: Page, address: string, text: string): Promise<void> {
  await expect(cell(page, address), `${address} on ${pageLabel(page)}`).toHaveText(text)
}

/** Every listed cell shows its value on every page. */
export async function expectCells(
  pages: readonly Page[],
  values: Readonly<Record<string, string>>,
): Promise<void> {
  for (const page of pages) {
    for (const [address, text] of Object.entries(values)) await expectCell(page, address, text)
  }
}

/** The header says every edit of this tab is stored on the server. */
export async function waitSaved(page: Page): Promise<void> {
  const status = syncStatus(page)
  await expect(status, `sync status on ${pageLabel(page)}`).toHaveAttribute('data-state', 'saved')
  await expect(status).toHaveText('All changes saved')
}

/** Opens the editor at `url` and waits until the grid is there and the tab is in sync. */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await waitEditorReady(page)
}

/** The editor shows the grid and the tab is in sync (after a navigation or a reload). */
export async function waitEditorReady(page: Page): Promise<void> {
  await expect(grid(page)).toBeVisible()
  await expect(cell(page, 'A1')).toBeVisible()
  await waitSaved(page)
}

const labels = new WeakMap<Page, string>()

/** Names a page in assertion messages ("alice", "bob"). */
export function labelPage(page: Page, label: string): void {
  labels.set(page, label)
}

function pageLabel(page: Page): string {
  return labels.get(page) ?? 'page'
}

/** Jumps to a cell with the name box (it may be far off screen), leaving the grid focused. */
export async function goTo(page: Page, address: string): Promise<void> {
  await nameBox(page).fill(address)
  await nameBox(page).press('Enter')
  await expect(cell(page, address)).toHaveAttribute('aria-selected', 'true')
  await expect(grid(page)).toBeFocused()
}
