import { expect, test } from '../support/fixtures.js'
import {
  expectCells,
  openEditor,
  syncStatus,
  typeInto,
  waitEditorReady,
  waitSaved,
} from '../support/grid.js'

test.describe('durability', () => {
  // These tests stop, restart and kill their server.
  test.use({ ownServer: true })

  test('after a graceful restart both tabs reconnect, keep their cells and sync again', async ({
    openUser,
    newUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await Promise.all([
      typeInto(alice.page, 'A1', 'before restart'),
      typeInto(bob.page, 'B1', 'also before'),
    ])
    const before = { A1: 'before restart', B1: 'also before' }
    await expectCells([alice.page, bob.page], before)
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])

    await server.stop('SIGTERM')
    for (const user of [alice, bob]) {
      await expect(
        syncStatus(user.page),
        `${user.name} notices the server is gone`,
      ).toHaveAttribute('data-state', /^(offline|connecting)$/)
    }
    // An edit while the server is down waits in the queue instead of being lost.
    await typeInto(alice.page, 'A2', 'while down')
    await expect(syncStatus(alice.page)).toContainText('1 edit pending')

    await server.start()
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])
    const afterRestart = { ...before, A2: 'while down' }
    await expectCells([alice.page, bob.page], afterRestart)

    // The reconnected tabs are live again, in both directions.
    await typeInto(bob.page, 'B2', 'after restart')
    await typeInto(alice.page, 'A3', 'alice after restart')
    const all = { ...afterRestart, B2: 'after restart', A3: 'alice after restart' }
    await expectCells([alice.page, bob.page], all)
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])

    expect(await server.readCells(workbook, 'A1:B3')).toEqual([
      ['before restart', 'also before'],
      ['while down', 'after restart'],
      ['alice after restart', ''],
    ])
    await alice.page.reload()
    await waitEditorReady(alice.page)
    await expectCells([alice.page], all)

    // Someone with no local copy gets everything from the server.
    const carol = await newUser('carol')
    await openEditor(carol.page, server.editorUrl(workbook))
    await expectCells([carol.page], all)
  })

  test('edits acknowledged as saved survive a crash (SIGKILL) of the server', async ({
    openUser,
    newUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const values: Record<string, string> = {
      A1: 'saved before the crash',
      A2: '12345',
      B1: 'bob was here',
      C3: 'last one',
    }
    await typeInto(alice.page, 'A1', values.A1 as string)
    await typeInto(alice.page, 'A2', values.A2 as string)
    await typeInto(bob.page, 'B1', values.B1 as string)
    await typeInto(alice.page, 'C3', values.C3 as string)
    // "All changes saved" is the promise under test: acknowledged means on disk.
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])

    await server.restart('SIGKILL')

    expect(await server.readCells(workbook, 'A1:C3')).toEqual([
      ['saved before the crash', 'bob was here', ''],
      ['12345', '', ''],
      ['', '', 'last one'],
    ])
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])
    await expectCells([alice.page, bob.page], values)

    const carol = await newUser('carol')
    await openEditor(carol.page, server.editorUrl(workbook))
    await expectCells([carol.page], values)
    await typeInto(carol.page, 'D4', 'after the crash')
    await expectCells([alice.page, bob.page, carol.page], { D4: 'after the crash' })
  })

  test('edits made offline survive closing the tab and are sent on the next visit', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')

    await alice.context.setOffline(true)
    await expect(syncStatus(alice.page)).toHaveAttribute('data-state', 'offline')
    await typeInto(alice.page, 'A1', 'typed on the train')
    await typeInto(alice.page, 'B1', 'and this')
    await expect(syncStatus(alice.page)).toHaveText('Offline · 2 edits pending')
    await alice.page.close()
    expect(await server.readCells(workbook, 'A1:B1')).toEqual([['', '']])

    // Back online, Alice opens the workbook again from her recent list: same browser profile,
    // so the edits come back from IndexedDB and go to the server.
    await alice.context.setOffline(false)
    const again = await alice.context.newPage()
    await again.goto('/')
    await again.getByTestId('recent-workbooks').getByRole('link').first().click()
    await waitEditorReady(again)
    const values = { A1: 'typed on the train', B1: 'and this' }
    await expectCells([again, bob.page], values)
    await waitSaved(again)
    expect(await server.readCells(workbook, 'A1:B1')).toEqual([['typed on the train', 'and this']])
  })
})
