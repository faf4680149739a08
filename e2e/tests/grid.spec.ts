import type { Locator, Page } from '@playwright/test'
import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCell,
  expectCells,
  formulaInput,
  goTo,
  grid,
  nameBox,
  selectCell,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/** The addresses of the rendered cells that are selected. */
async function selectedCells(page: Page): Promise<string[]> {
  return page
    .locator('[role="gridcell"][aria-selected="true"]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-address') ?? '').sort())
}

/** The Comments panel's open threads, by the cell each is on now. */
async function expectCommentCells(page: Page, cells: string[]): Promise<void> {
  const panel = page.getByTestId('comments-panel')
  if (!(await panel.isVisible())) await page.getByTestId('comments-toggle').click()
  await expect(panel.getByTestId('panel-thread')).toHaveCount(cells.length)
  for (const [i, address] of cells.entries()) {
    await expect(panel.getByTestId('panel-thread').nth(i)).toHaveAttribute('data-cell', address)
  }
}

function columnHeader(page: Page, letters: string): Locator {
  return page.getByRole('columnheader', { name: letters, exact: true })
}

test.describe('the grid, as people use spreadsheets', () => {
  test('keyboard: Ctrl+arrows stop at the edge of the data, Shift extends, Delete clears the range in one undo step', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const page = alice.page
    await typeInto(page, 'A1', '1')
    await typeInto(page, 'A2', '2')
    await typeInto(page, 'A3', '3')
    await typeInto(page, 'A8', 'after the gap')
    await typeInto(page, 'B1', 'x')

    await selectCell(page, 'A1')
    await page.keyboard.press('Control+ArrowDown')
    await expect(nameBox(page)).toHaveValue('A3')
    await page.keyboard.press('Control+ArrowDown')
    await expect(nameBox(page)).toHaveValue('A8')
    await page.keyboard.press('Control+ArrowUp')
    await expect(nameBox(page)).toHaveValue('A3')
    await page.keyboard.press('Control+ArrowUp')
    await expect(nameBox(page)).toHaveValue('A1')
    await page.keyboard.press('Control+ArrowRight')
    await expect(nameBox(page)).toHaveValue('B1')

    // Shift+arrows grow the selection from the active cell, which stays where it was.
    await selectCell(page, 'A1')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    expect(await selectedCells(page)).toEqual(['A1', 'A2', 'B1', 'B2'])
    await expect(nameBox(page)).toHaveValue('A1')
    // Ctrl+Shift+Down extends to the end of the data.
    await page.keyboard.press('Shift+ArrowLeft')
    await page.keyboard.press('Control+Shift+ArrowDown')
    expect(await selectedCells(page)).toEqual(['A1', 'A2', 'A3'])

    await page.keyboard.press('Delete')
    await expectCells([page], { A1: '', A2: '', A3: '', B1: 'x', A8: 'after the gap' })
    await page.keyboard.press('Control+z')
    await expectCells([page], { A1: '1', A2: '2', A3: '3' })

    // Ctrl+A selects the whole sheet; the accessible grid says how big it is.
    await page.keyboard.press('Control+a')
    await expect(cell(page, 'D20')).toHaveAttribute('aria-selected', 'true')
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '1001')
    await expect(cell(page, 'A2')).toHaveAttribute('aria-label', 'A2, 2')
  })

  test('mouse: drag and Shift+click select ranges; Shift+click on headers selects several rows', async ({
    openUser,
  }) => {
    const { page } = await openUser('alice')
    const from = await cell(page, 'B2').boundingBox()
    const to = await cell(page, 'C4').boundingBox()
    if (!from || !to) throw new Error('cells are not on screen')
    await page.mouse.move(from.x + 10, from.y + 10)
    await page.mouse.down()
    await page.mouse.move(to.x + 10, to.y + 10, { steps: 5 })
    await page.mouse.up()
    expect(await selectedCells(page)).toEqual(['B2', 'B3', 'B4', 'C2', 'C3', 'C4'])

    await cell(page, 'D5').click({ modifiers: ['Shift'] })
    await expect(cell(page, 'D5')).toHaveAttribute('aria-selected', 'true')
    await expect(nameBox(page)).toHaveValue('B2')

    await page.getByRole('rowheader', { name: '3', exact: true }).click()
    await page.getByRole('rowheader', { name: '5', exact: true }).click({ modifiers: ['Shift'] })
    for (const row of ['3', '4', '5']) {
      await expect(page.getByRole('rowheader', { name: row, exact: true })).toHaveAttribute(
        'aria-selected',
        'true',
      )
    }
    await expect(cell(page, 'H4')).toHaveAttribute('aria-selected', 'true')
    await expect(cell(page, 'H6')).toHaveAttribute('aria-selected', 'false')
  })

  test('clipboard: copy writes TSV and an HTML table, paste lands them and shifts formulas; cut moves', async ({
    openUser,
    server,
    workbook,
  }) => {
    await server.writeCells(workbook, { A1: 'Name', A2: 'Tab\there', B1: '10', B2: '=B1*2' })
    const alice = await openUser('alice')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = alice.page
    await expectCell(page, 'B2', '20')

    await selectCell(page, 'A1')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Control+c')
    const copied = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read()
      const html = item ? await (await item.getType('text/html')).text() : ''
      return { text: await navigator.clipboard.readText(), html }
    })
    expect(copied.text).toBe('Name\t10\n"Tab\there"\t20')
    expect(copied.html).toContain('<td>Name</td><td>10</td>')

    // Pasted within Cellmate, a formula moves its references like Excel: =B1*2 two rows down
    // and two columns right reads =D3*2.
    await selectCell(page, 'C3')
    await page.keyboard.press('Control+v')
    await expectCells([page], { C3: 'Name', D3: '10' })
    await waitSaved(page)
    expect(await server.readCells(workbook, 'C4')).toEqual([['Tab\there']])
    await selectCell(page, 'D4')
    await expect(formulaInput(page)).toHaveValue('=D3*2')
    await expectCell(page, 'D4', '20')

    // Cut + paste moves the cells.
    await selectCell(page, 'C3')
    await page.keyboard.press('Control+x')
    await selectCell(page, 'F1')
    await page.keyboard.press('Control+v')
    await expectCells([page], { F1: 'Name', C3: '', D3: '10' })
  })

  test('cut and paste: the comment and the validation rule of the cut cells go with them, for both users; Ctrl+Z puts all back in one step', async ({
    openUser,
    server,
    workbook,
  }) => {
    const rulesUrl = `${server.url}/api/workbooks/${workbook.id}/sheets/${workbook.sheetId}/validations`
    const auth = { authorization: `Bearer ${workbook.token}` }
    const put = await fetch(rulesUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        rules: [{ range: 'A1:A3', kind: 'list', items: ['Open', 'Done'], strict: true }],
      }),
    })
    expect(put.status).toBe(200)
    const ruleRanges = async (): Promise<string[]> => {
      const res = await fetch(rulesUrl, { headers: auth })
      const body = (await res.json()) as { rules: Array<{ range: string }> }
      return body.rules.map((r) => r.range).sort()
    }
    await server.writeCells(workbook, { A1: 'Open', A2: 'Done', A3: 'Open' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await expectCell(page, 'A1', 'Open')
    await goTo(page, 'A1')
    await page.keyboard.press('Control+Alt+M')
    await page.getByTestId('new-comment-box').fill('Still open?')
    await page.getByTestId('new-comment-box-submit').click()
    await waitSaved(page)
    await expect(bob.page.getByTestId('comment-mark')).toHaveCount(1)

    // A1:A2 cut and pasted at C5: the values, A1's comment and the rule's cut part move.
    await nameBox(page).fill('A1:A2')
    await nameBox(page).press('Enter')
    await expect(grid(page)).toBeFocused()
    await page.keyboard.press('Control+x')
    await goTo(page, 'C5')
    await page.keyboard.press('Control+v')
    await expectCells([page, bob.page], { C5: 'Open', C6: 'Done', A1: '', A2: '', A3: 'Open' })
    for (const p of [page, bob.page]) await expectCommentCells(p, ['C5'])
    await waitSaved(page)
    await expect.poll(ruleRanges).toEqual(['A3', 'C5:C6'])
    await page.screenshot({ path: test.info().outputPath('cut-comment.png') })

    await goTo(page, 'C5')
    await page.keyboard.press('Control+z')
    await expectCells([page, bob.page], { A1: 'Open', A2: 'Done', C5: '', C6: '' })
    await expectCommentCells(bob.page, ['A1'])
    await waitSaved(page)
    await expect.poll(ruleRanges).toEqual(['A1:A3'])
  })

  test('a cut pasted on another sheet moves the cells: they leave the first sheet and formulas follow them (=Sheet1!B1 becomes =D4)', async ({
    openUser,
    server,
    workbook,
  }) => {
    const api = new RestClient(server.url, workbook.token)
    const second = await api.addSheet(workbook.id, 'Sheet2')
    await server.writeCells(workbook, { B1: '7', C1: '=B1*2' })
    await api.writeCells(workbook.id, second.id, { A1: '=Sheet1!B1+1' })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await expectCell(page, 'C1', '14')

    await selectCell(page, 'B1')
    await page.keyboard.press('Control+x')
    await page.getByRole('tab', { name: 'Sheet2', exact: true }).click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await expectCell(page, 'A1', '8')
    await selectCell(page, 'D4')
    await page.keyboard.press('Control+v')
    await expectCell(page, 'D4', '7')
    await selectCell(page, 'A1')
    await expect(formulaInput(page)).toHaveValue('=D4+1')
    await expectCell(page, 'A1', '8')
    await page.screenshot({ path: test.info().outputPath('cut-to-sheet2.png') })

    // Bob, on the first sheet, sees B1 gone and its formula reading Sheet2!D4.
    await expectCells([bob.page], { B1: '', C1: '14' })
    await selectCell(bob.page, 'C1')
    await expect(formulaInput(bob.page)).toHaveValue('=Sheet2!D4*2')
    await waitSaved(page)
    expect(await server.readCells(workbook, 'B1')).toEqual([['']])

    // One undo step takes the whole move back.
    await page.keyboard.press('Control+z')
    await expectCell(page, 'D4', '')
    await expectCells([bob.page], { B1: '7', C1: '14' })
    await selectCell(bob.page, 'C1')
    await expect(formulaInput(bob.page)).toHaveValue('=B1*2')
  })

  test("a cut pasted on another sheet takes the cut cells' comment threads along (replies too); a thread someone else wrote stays, with a notice; Ctrl+Z puts them back", async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const api = new RestClient(server.url, workbook.token)
    const second = await api.addSheet(workbook.id, 'Sheet2')
    await server.writeCells(workbook, { A1: 'Open', A2: 'Done' })
    // The owner's thread on A2, written over the API: not Alice's to write on another sheet.
    await api.addComment(workbook.id, workbook.sheetId, { cell: 'A2', text: "Owner's note" })
    const threads = async (sheetId: string) =>
      (await api.listComments(workbook.id, sheetId)).map((th) => [
        th.cell,
        th.text,
        ...th.replies.map((r) => r.text),
      ])
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await expectCell(page, 'A1', 'Open')
    await goTo(page, 'A1')
    await page.keyboard.press('Control+Alt+M')
    await page.getByTestId('new-comment-box').fill('Still open?')
    await page.getByTestId('new-comment-box-submit').click()
    await page.getByTestId('reply-box').fill('Yes, until Friday')
    await page.getByTestId('reply-box-submit').click()
    await waitSaved(page)
    await expect
      .poll(() => threads(workbook.sheetId))
      .toEqual([
        ['A1', 'Still open?', 'Yes, until Friday'],
        ['A2', "Owner's note"],
      ])
    await page.keyboard.press('Escape')

    await nameBox(page).fill('A1:A2')
    await nameBox(page).press('Enter')
    await expect(grid(page)).toBeFocused()
    await page.keyboard.press('Control+x')
    await page.getByRole('tab', { name: 'Sheet2', exact: true }).click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await goTo(page, 'D4')
    await page.keyboard.press('Control+v')
    await expectCell(page, 'D4', 'Open')
    await expect(page.getByTestId('notice')).toContainText(
      '1 comment thread stayed on the sheet the cells were cut from',
    )
    await expectCommentCells(page, ['D4'])
    await expect(page.getByTestId('panel-thread')).toContainText('Still open?1 reply')
    await page.screenshot({ path: testInfo.outputPath('cut-comments-to-sheet2.png') })
    // Bob, on the first sheet, sees Alice's thread gone with its cell, the owner's still on A2.
    await expectCells([bob.page], { A1: '', A2: '' })
    await expectCommentCells(bob.page, ['A2'])
    await waitSaved(page)
    // The server took both sheets' writes (an editor's own thread, written anew as herself).
    await expect
      .poll(() => threads(second.id))
      .toEqual([['D4', 'Still open?', 'Yes, until Friday']])
    expect(await threads(workbook.sheetId)).toEqual([['A2', "Owner's note"]])

    await goTo(page, 'D4')
    await page.keyboard.press('Control+z')
    await expectCell(page, 'D4', '')
    await expectCells([bob.page], { A1: 'Open', A2: 'Done' })
    await expectCommentCells(bob.page, ['A1', 'A2'])
    await waitSaved(page)
    await expect
      .poll(() => threads(workbook.sheetId))
      .toEqual([
        ['A1', 'Still open?', 'Yes, until Friday'],
        ['A2', "Owner's note"],
      ])
    expect(await threads(second.id)).toEqual([])
  })

  test('a cut pasted on another sheet takes its merged block, dropdown and highlight along; one undo step puts them back', async ({
    openUser,
    server,
    workbook,
  }, testInfo) => {
    const api = new RestClient(server.url, workbook.token)
    const second = await api.addSheet(workbook.id, 'Sheet2')
    await server.writeCells(workbook, { A1: 'Open', B1: 'Merged', E1: 'Open', E2: 'Done' })
    await api.mergeCells(workbook.id, workbook.sheetId, 'B1:B2')
    const auth = { authorization: `Bearer ${workbook.token}` }
    const rulesOf = (sheetId: string, kind: string) =>
      `${server.url}/api/workbooks/${workbook.id}/sheets/${sheetId}/${kind}`
    const put = await fetch(rulesOf(workbook.sheetId, 'validations'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        rules: [{ range: 'A1:A2', kind: 'listRange', source: '$E$1:$E$2', strict: true }],
      }),
    })
    expect(put.status).toBe(200)
    const post = await fetch(rulesOf(workbook.sheetId, 'conditional-formats'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        range: 'A1:A2',
        kind: 'formula',
        formula: '=A1=$E$1',
        style: { fill: '#ffcccc' },
      }),
    })
    expect(post.status).toBe(200)
    /** What each sheet holds: its rules' ranges (and list sources) and its merged blocks. */
    const state = async (sheetId: string) => {
      const read = async (kind: string) =>
        (
          (await (await fetch(rulesOf(sheetId, kind), { headers: auth })).json()) as {
            rules: Array<{ range: string; source?: string; formula?: string }>
          }
        ).rules.map((r) => [r.range, r.source ?? r.formula].filter(Boolean).join(' '))
      return {
        validations: await read('validations'),
        highlights: await read('conditional-formats'),
        merges: (await api.getMerges(workbook.id, sheetId)).merges,
      }
    }
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const page = alice.page
    await expect(cell(page, 'B1')).toHaveClass(/merged/)

    await nameBox(page).fill('A1:B2')
    await nameBox(page).press('Enter')
    await page.keyboard.press('Control+x')
    await page.getByRole('tab', { name: 'Sheet2', exact: true }).click()
    await expect(grid(page)).toHaveAttribute('aria-label', 'Sheet2')
    await selectCell(page, 'D4')
    await page.keyboard.press('Control+v')
    await expectCell(page, 'D4', 'Open')
    // Highlighted: D4 equals the first sheet's E1 (this sheet's E1 is empty).
    await expect(cell(page, 'D4')).toHaveCSS('background-color', 'rgb(255, 204, 204)')
    await expect(cell(page, 'E4')).toHaveClass(/merged/)
    await expect(cell(page, 'E4')).toHaveText('Merged')
    await expect(cell(page, 'E5')).toHaveCount(0)
    // The dropdown still lists the first sheet's E1:E2.
    await cell(page, 'D5').getByTestId('validation-chevron').click()
    await expect(page.getByTestId('validation-picker').getByRole('menuitem')).toHaveText([
      'Open',
      'Done',
    ])
    await page.screenshot({ path: testInfo.outputPath('cut-rules-merge-to-sheet2.png') })
    await page.keyboard.press('Escape')
    await expect(cell(bob.page, 'B1')).not.toHaveClass(/merged/)
    await expectCells([bob.page], { A1: '', B1: '' })
    await waitSaved(page)
    await expect
      .poll(() => state(second.id))
      .toEqual({
        validations: ['D4:D5 Sheet1!$E$1:$E$2'],
        // The highlight still compares with the first sheet's E1.
        highlights: ['D4:D5 =D4=Sheet1!$E$1'],
        merges: ['E4:E5'],
      })
    expect(await state(workbook.sheetId)).toEqual({ validations: [], highlights: [], merges: [] })

    await selectCell(page, 'A1')
    await page.keyboard.press('Control+z')
    await expectCell(page, 'D4', '')
    await expect(cell(bob.page, 'B1')).toHaveClass(/merged/)
    await expectCells([bob.page], { A1: 'Open', B1: 'Merged' })
    await waitSaved(page)
    await expect
      .poll(() => state(workbook.sheetId))
      .toEqual({
        validations: ['A1:A2 $E$1:$E$2'],
        highlights: ['A1:A2 =A1=$E$1'],
        merges: ['B1:B2'],
      })
    expect(await state(second.id)).toEqual({ validations: [], highlights: [], merges: [] })
  })

  test('pasting a 10,000-row block from another spreadsheet grows the sheet and is one undo step that everyone sees', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.setTimeout(120_000)
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = alice.page
    // What Excel puts on the clipboard: TSV, quoted cells holding a line break or a tab.
    const rows = ['"two\nlines"\t"a\tb"\tplain']
    for (let i = 2; i <= 10_000; i++) rows.push(`row ${i}\t${i}\t=B${i}*2`)
    await page.evaluate((text) => navigator.clipboard.writeText(`${text}\r\n`), rows.join('\r\n'))

    await selectCell(page, 'A1')
    await page.keyboard.press('Control+v')
    await expectCells([page], { C1: 'plain', A2: 'row 2' })
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '10001')
    await waitSaved(page)
    await expect
      .poll(() => server.readCells(workbook, 'A1:B1'), { timeout: 20_000 })
      .toEqual([['two\nlines', 'a\tb']])
    await expect
      .poll(() => server.readCells(workbook, 'A10000:C10000'), { timeout: 20_000 })
      .toEqual([['row 10000', '10000', expect.stringMatching(/^=/)]])
    await goTo(bob.page, 'A10000')
    await expectCell(bob.page, 'A10000', 'row 10000')
    await expectCell(bob.page, 'C10000', '20000')

    await page.keyboard.press('Control+z')
    await waitSaved(page)
    await goTo(page, 'A1')
    await expectCell(page, 'A1', '')
    await expect
      .poll(() => server.readCells(workbook, 'A10000:B10000'), { timeout: 20_000 })
      .toEqual([['', '']])
    // The one step also takes back the rows the paste added.
    await expect(grid(bob.page)).toHaveAttribute('aria-rowcount', '1001')
    await goTo(bob.page, 'A1')
    await expectCell(bob.page, 'A1', '')
  })

  test('formulas pasted into the rows a paste adds follow their rows when a row is inserted above', async ({
    openUser,
  }) => {
    const { page, context } = await openUser('alice')
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    // Rows 996-1005 of a 1,000-row sheet: the last five are added by the paste.
    const rows: string[] = []
    for (let r = 996; r <= 1005; r++) rows.push(`${r}\t=A${r}*10`)
    await page.evaluate((text) => navigator.clipboard.writeText(text), rows.join('\n'))
    await goTo(page, 'A996')
    await page.keyboard.press('Control+v')
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '1006')
    await goTo(page, 'B1005')
    await expectCells([page], { B996: '9960', B1005: '10050' })

    await goTo(page, 'A1')
    await page.getByRole('rowheader', { name: '1', exact: true }).click({ button: 'right' })
    await page.getByTestId('row-menu').getByRole('menuitem', { name: 'Insert 1 row above' }).click()

    // Every formula still reads the value beside it, one row down.
    await goTo(page, 'B1006')
    await expectCells([page], { A1006: '1005', B1006: '10050', B1002: '10010', B997: '9960' })
    await expect(formulaInput(page)).toHaveValue('=A1006*10')
  })

  test('the fill handle continues series and copies formulas down', async ({ openUser }) => {
    const { page } = await openUser('alice')
    await typeInto(page, 'A1', '1')
    await typeInto(page, 'A2', '2')
    await typeInto(page, 'B1', 'Item 1')
    await typeInto(page, 'B2', 'Item 2')
    await typeInto(page, 'C1', '=A1*10')
    await typeInto(page, 'C2', '=A2*10')

    await selectCell(page, 'A1')
    await cell(page, 'C2').click({ modifiers: ['Shift'] })
    const handle = await page.getByTestId('fill-handle').boundingBox()
    const target = await cell(page, 'C5').boundingBox()
    if (!handle || !target) throw new Error('the fill handle is not on screen')
    await page.mouse.move(handle.x + 3, handle.y + 3)
    await page.mouse.down()
    await page.mouse.move(target.x + 30, target.y + 12, { steps: 6 })
    await page.mouse.up()

    await expectCells([page], {
      A3: '3',
      A5: '5',
      B3: 'Item 3',
      B5: 'Item 5',
      C3: '30',
      C5: '50',
    })
    await selectCell(page, 'C5')
    await expect(formulaInput(page)).toHaveValue('=A5*10')
    // One fill is one undo step.
    await page.keyboard.press('Control+z')
    await expectCells([page], { A3: '', B5: '', C5: '', A2: '2' })
  })

  test('a resized column keeps its width for everyone, and after a column is inserted before it', async ({
    openUser,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const header = await columnHeader(alice.page, 'B').boundingBox()
    if (!header) throw new Error('column B is not on screen')
    const edge = header.x + header.width - 1
    await alice.page.mouse.move(edge, header.y + 10)
    await alice.page.mouse.down()
    await alice.page.mouse.move(edge + 80, header.y + 10, { steps: 5 })
    await alice.page.mouse.up()

    for (const page of [alice.page, bob.page]) {
      await expect
        .poll(async () => (await columnHeader(page, 'B').boundingBox())?.width)
        .toBeCloseTo(180, 0)
    }
    await expect
      .poll(async () => (await cell(bob.page, 'B2').boundingBox())?.width)
      .toBeCloseTo(180, 0)

    // Widths belong to the column, not to the letter: insert a column left of B.
    await columnHeader(alice.page, 'B').click({ button: 'right' })
    await alice.page.getByRole('menuitem', { name: 'Insert 1 column left' }).click()
    for (const page of [alice.page, bob.page]) {
      await expect
        .poll(async () => (await columnHeader(page, 'C').boundingBox())?.width)
        .toBeCloseTo(180, 0)
      await expect
        .poll(async () => (await columnHeader(page, 'B').boundingBox())?.width)
        .toBeCloseTo(100, 0)
    }
  })

  test('freeze panes keep the first rows in view for everyone', async ({ openUser }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'Header')
    await alice.page.getByRole('rowheader', { name: '1', exact: true }).click({ button: 'right' })
    await alice.page
      .getByTestId('row-menu')
      .getByRole('menuitem', { name: 'Freeze up to row 1' })
      .click()

    await goTo(bob.page, 'A200')
    const header = cell(bob.page, 'A1')
    await expect(header).toHaveText('Header')
    const gridBox = await grid(bob.page).boundingBox()
    const frozen = await header.boundingBox()
    if (!gridBox || !frozen) throw new Error('the grid is not on screen')
    // Right under the column header, though the sheet is scrolled down to row 200.
    expect(frozen.y - gridBox.y).toBeCloseTo(24, 0)
    const a200 = await cell(bob.page, 'A200').boundingBox()
    expect(a200!.y).toBeGreaterThan(frozen.y + frozen.height - 1)

    await bob.page.getByRole('rowheader', { name: '1', exact: true }).click({ button: 'right' })
    await bob.page.getByTestId('row-menu').getByRole('menuitem', { name: 'Unfreeze rows' }).click()
    await goTo(alice.page, 'A200')
    await expect(cell(alice.page, 'A1')).toHaveCount(0)
  })

  test('Find (Ctrl+F) counts matches, Enter and Shift+Enter go through them, Escape closes', async ({
    openUser,
  }) => {
    const { page } = await openUser('alice')
    await typeInto(page, 'B2', 'apple')
    await typeInto(page, 'A5', 'Pineapple')
    await typeInto(page, 'D3', 'pear')
    await goTo(page, 'C40')
    await page.keyboard.type('APPLE pie')
    await page.keyboard.press('Enter')
    await goTo(page, 'A1')

    await page.keyboard.press('Control+f')
    const input = page.getByTestId('find-input')
    await expect(input).toBeFocused()
    await input.fill('apple')
    await expect(nameBox(page)).toHaveValue('B2')
    await expect(page.getByTestId('find-status')).toHaveText('1 of 3')
    await input.press('Enter')
    await expect(nameBox(page)).toHaveValue('A5')
    await input.press('Enter')
    await expect(nameBox(page)).toHaveValue('C40')
    await expect(cell(page, 'C40')).toBeVisible()
    await expect(page.getByTestId('find-status')).toHaveText('3 of 3')
    await input.press('Enter')
    await expect(nameBox(page)).toHaveValue('B2')
    await input.press('Shift+Enter')
    await expect(nameBox(page)).toHaveValue('C40')
    await input.fill('nothing like it')
    await expect(page.getByTestId('find-status')).toHaveText('No results')
    await input.press('Escape')
    await expect(page.getByTestId('find-bar')).toBeHidden()
    await expect(grid(page)).toBeFocused()
  })

  test('a 1,000,000-row sheet scrolls to its last row', async ({ newUser, server, workbook }) => {
    test.setTimeout(300_000)
    // Writing A1000000 over REST grows the sheet to a million rows (ensureSheetSize).
    await server.writeCells(workbook, { A1: 'top', A1000000: 'the last row', CV999999: 'far' })
    const { page } = await newUser('alice')
    await page.goto(server.editorUrl(workbook))
    // A million row ids arrive with the sheet: opening it takes a while on a busy machine.
    await expect(cell(page, 'A1')).toHaveText('top', { timeout: 180_000 })
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '1000001')
    await selectCell(page, 'A1')
    await page.keyboard.press('Control+ArrowDown')
    await expect(nameBox(page)).toHaveValue('A1000000')
    await expectCell(page, 'A1000000', 'the last row')
    await expect(page.getByRole('rowheader', { name: '1000000', exact: true })).toBeVisible()
    // Fewer than a thousand cells in the DOM, wherever the sheet is scrolled.
    expect(await page.locator('[role="gridcell"]').count()).toBeLessThan(1000)
    await goTo(page, 'CV999999')
    await expectCell(page, 'CV999999', 'far')
    // Dragging the scrollbar thumb to the middle shows rows from the middle of the sheet.
    await grid(page).evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2
    })
    await expect
      .poll(async () => {
        const first = await page.getByRole('rowheader').nth(2).textContent()
        return Number(first)
      })
      .toBeGreaterThan(400_000)
    // The wheel moves its rows as far as in any sheet (240 px: 10 rows), not 2.4 times that
    // because the scrollbar maps a million rows onto a shorter spacer.
    const top = await topVisibleRow(page)
    const box = (await grid(page).boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, 240)
    await expect.poll(() => topVisibleRow(page)).toBe(top + 10)
    await page.mouse.wheel(0, -480)
    await expect.poll(() => topVisibleRow(page)).toBe(top - 10)
  })
})

/** The number of the first row whose cells show below the column header. */
function topVisibleRow(page: Page): Promise<number> {
  return grid(page).evaluate((el) => {
    const headerBottom =
      el.querySelector('[role="row"][aria-rowindex="1"]')?.getBoundingClientRect().bottom ?? 0
    let top = 0
    for (const row of Array.from(el.querySelectorAll('[role="row"]'))) {
      const index = Number(row.getAttribute('aria-rowindex')) - 1
      if (index >= 1 && row.getBoundingClientRect().bottom > headerBottom + 1) {
        if (top === 0 || index < top) top = index
      }
    }
    return top
  })
}
