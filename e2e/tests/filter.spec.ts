import { RestClient } from '@cellmate/client'
import { expect, test } from '../support/fixtures.js'
import { recordSentEvents } from '../support/sentPackets.js'
import {
  cell,
  cellEditor,
  expectCells,
  openEditor,
  selectCell,
  waitSaved,
} from '../support/grid.js'

test.describe('filter with two users', () => {
  test('alice filters out the row bob is typing into: bob, in his own filter view, keeps the row and his editor; the value lands', async ({
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    await server.writeCells(workbook, {
      A1: 'Task',
      B1: 'Owner',
      C1: 'Hours',
      A2: 'Design',
      B2: 'Ana',
      C2: '12',
      A3: 'Build',
      B3: 'Ben',
      C3: '30',
      A4: 'Test',
      B4: 'Ana',
      C4: '8',
      E1: '=SUBTOTAL(109,C2:C4)',
    })
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await expectCells([alice.page, bob.page], { B3: 'Ben', E1: '50' })

    // Bob works in a filter view of his own, and starts typing on Ben's row.
    await selectCell(bob.page, 'A1')
    await bob.page.getByTestId('data-menu').click()
    await bob.page.getByRole('menuitem', { name: 'Create filter view (only for me)' }).click()
    await expect(bob.page.getByTestId('filter-view-bar')).toBeVisible()
    await selectCell(bob.page, 'C3')
    await bob.page.keyboard.type('31')
    await expect(cellEditor(bob.page)).toBeVisible()

    // Alice puts a filter on the table for everyone and unchecks Ben.
    await selectCell(alice.page, 'A1')
    await alice.page.getByTestId('data-menu').click()
    await alice.page.getByRole('menuitem', { name: 'Create a filter' }).click()
    await expect(alice.page.getByTestId('filter-button')).toHaveCount(3)
    await alice.page.getByRole('button', { name: 'Filter column B' }).dispatchEvent('pointerdown')
    const menu = alice.page.getByTestId('filter-menu')
    await menu.getByRole('checkbox', { name: /Ben/ }).uncheck()
    await menu.getByTestId('filter-ok').click()
    await expect(cell(alice.page, 'A3')).toHaveCount(0)
    await expect(alice.page.getByRole('rowheader', { name: '3', exact: true })).toHaveCount(0)
    // SUBTOTAL 109 leaves out the filtered row, for everyone.
    await expectCells([alice.page, bob.page], { E1: '20' })

    // Bob's screen keeps the row, and his editor with what he typed.
    await expect(cell(bob.page, 'A3')).toHaveText('Build')
    await expect(cellEditor(bob.page)).toBeVisible()
    await bob.page.keyboard.press('Enter')
    await waitSaved(bob.page)
    expect(await server.readCell(workbook, 'C3')).toBe('31')
    await expect(cell(alice.page, 'A3')).toHaveCount(0)

    // Leaving his view, bob sees the shared filter too.
    await bob.page.getByTestId('filter-view-exit').click()
    await expect(cell(bob.page, 'A3')).toHaveCount(0)
    await expectCells([bob.page], { A2: 'Design', A4: 'Test' })

    // Ctrl+D over A2:A4 fills only the rows the filter shows.
    await selectCell(alice.page, 'A2')
    await cell(alice.page, 'A4').click({ modifiers: ['Shift'] })
    await alice.page.keyboard.press('Control+d')
    await expectCells([alice.page, bob.page], { A4: 'Design' })
    expect(await server.readCell(workbook, 'A3')).toBe('Build')

    // Alice's Ctrl+Z takes back the fill, then her criteria, for everyone.
    await selectCell(alice.page, 'G1')
    await alice.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { A4: 'Test' })
    await alice.page.keyboard.press('Control+z')
    await expectCells([alice.page, bob.page], { A3: 'Build', C3: '31', E1: '51' })
  })

  test('a viewer filters in filter views of their own: rows hide on their screen only, and nothing is sent', async ({
    newUser,
    server,
    workbook,
  }) => {
    test.slow()
    await server.writeCells(workbook, {
      A1: 'Task',
      B1: 'Owner',
      A2: 'Design',
      B2: 'Ana',
      A3: 'Build',
      B3: 'Ben',
      A4: 'Test',
      B4: 'Ana',
    })
    const alice = await newUser('alice')
    const aliceSent = recordSentEvents(alice.page)
    await openEditor(alice.page, server.editorUrl(workbook))
    const view = await new RestClient(server.url, workbook.token).createLink(workbook.id, 'view')
    const bob = await newUser('bob')
    const sent = recordSentEvents(bob.page)
    await openEditor(bob.page, view.url)
    await expect(bob.page.getByTestId('view-only')).toBeVisible()

    // The viewer's Data menu holds filter views and nothing that writes.
    await selectCell(bob.page, 'A1')
    await bob.page.getByTestId('data-menu').click()
    await expect(bob.page.getByRole('menuitem')).toHaveText(['Create filter view (only for me)'])
    await bob.page.getByRole('menuitem', { name: 'Create filter view (only for me)' }).click()
    await expect(bob.page.getByTestId('filter-view-bar')).toBeVisible()
    await expect(bob.page.getByTestId('filter-button')).toHaveCount(2)
    await bob.page.getByRole('button', { name: 'Filter column B' }).dispatchEvent('pointerdown')
    const menu = bob.page.getByTestId('filter-menu')
    await menu.getByRole('checkbox', { name: /Ben/ }).uncheck()
    await menu.getByTestId('filter-ok').click()
    await expect(cell(bob.page, 'A3')).toHaveCount(0)
    await expectCells([bob.page], { A2: 'Design', A4: 'Test' })
    // Alice sees the whole table, with no filter buttons.
    await expectCells([alice.page], { A3: 'Build' })
    await expect(alice.page.getByTestId('filter-button')).toHaveCount(0)

    // Alice filters Ana out for everyone; bob's view still shows what he chose.
    await bob.page.getByTestId('filter-view-exit').click()
    await selectCell(alice.page, 'A1')
    await alice.page.getByTestId('data-menu').click()
    await alice.page.getByRole('menuitem', { name: 'Create a filter' }).click()
    await alice.page.getByRole('button', { name: 'Filter column B' }).dispatchEvent('pointerdown')
    const aliceMenu = alice.page.getByTestId('filter-menu')
    await aliceMenu.getByRole('checkbox', { name: /Ana/ }).uncheck()
    await aliceMenu.getByTestId('filter-ok').click()
    await expect(cell(bob.page, 'A2')).toHaveCount(0)
    await expectCells([bob.page], { A3: 'Build' })

    // The shared filter's button opens a view of bob's own, copying the shared criteria.
    await bob.page.getByRole('button', { name: 'Filter column B' }).dispatchEvent('pointerdown')
    await expect(bob.page.getByTestId('filter-view-bar')).toContainText('Filter view 2')
    await menu.getByRole('checkbox', { name: /Ana/ }).check()
    await menu.getByTestId('filter-ok').click()
    await expectCells([bob.page], { A2: 'Design', A3: 'Build', A4: 'Test' })
    await expect(cell(alice.page, 'A2')).toHaveCount(0)
    await expect(cell(alice.page, 'A4')).toHaveCount(0)

    // Nothing bob did reached the server.
    await waitSaved(alice.page)
    expect(sent.filter((e) => e.event === 'update')).toEqual([])
    expect(sent.some((e) => e.event === 'join')).toBe(true)
    // (The recording sees updates: alice's filter sent some.)
    expect(aliceSent.some((e) => e.event === 'update')).toBe(true)
    expect(server.log.some((line) => line.includes('refused an update from a viewer'))).toBe(false)
  })
})
