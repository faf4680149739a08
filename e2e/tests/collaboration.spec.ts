import { expect, test } from '../support/fixtures.js'
import {
  cell,
  expectCell,
  expectCells,
  openEditor,
  syncStatus,
  typeInto,
  waitSaved,
} from '../support/grid.js'

/** Each round, both users type at once; several rounds share a row. */
const ROUNDS: ReadonlyArray<{ alice: [string, string]; bob: [string, string] }> = [
  { alice: ['A1', 'alice A1'], bob: ['B1', 'bob B1'] },
  { alice: ['C1', 'alice C1'], bob: ['D1', 'bob D1'] },
  { alice: ['B3', 'alice B3'], bob: ['B4', 'bob B4'] },
  { alice: ['E6', '17'], bob: ['F6', '-3.5'] },
  { alice: ['A8', 'same row, left'], bob: ['C8', 'same row, right'] },
]

test.describe('collaboration', () => {
  test('edits two users make at the same moment in different cells reach both', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const expected: Record<string, string> = {}

    for (const round of ROUNDS) {
      await Promise.all([typeInto(alice.page, ...round.alice), typeInto(bob.page, ...round.bob)])
      expected[round.alice[0]] = round.alice[1]
      expected[round.bob[0]] = round.bob[1]
      // Each round must land for both before the next starts, so rounds truly overlap edits
      // against a document that already holds the other user's previous ones.
      await expectCells([alice.page, bob.page], expected)
    }

    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])
    await expectCells([alice.page, bob.page], expected)
    const stored = await server.readCells(workbook, 'A1:F8')
    for (const [address, value] of Object.entries(expected)) {
      expect(stored[rowOf(address)]?.[colOf(address)], address).toBe(value)
    }
  })

  test('when both users type into the same cell at once, both end up seeing the same value', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')

    await Promise.all([
      typeInto(alice.page, 'B2', 'alice wins?'),
      typeInto(bob.page, 'B2', 'bob wins?'),
    ])
    await Promise.all([waitSaved(alice.page), waitSaved(bob.page)])

    const shown = async (): Promise<[string, string]> => [
      (await cell(alice.page, 'B2').innerText()).trim(),
      (await cell(bob.page, 'B2').innerText()).trim(),
    ]
    await expect
      .poll(async () => {
        const [a, b] = await shown()
        return a === b ? a : `alice sees "${a}", bob sees "${b}"`
      })
      .toMatch(/^(alice|bob) wins\?$/)
    const [winner] = await shown()
    expect(await server.readCell(workbook, 'B2')).toBe(winner)
  })

  test('edits made offline merge with edits made meanwhile by someone online', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const status = syncStatus(alice.page)

    await alice.context.setOffline(true)
    await expect(status).toHaveAttribute('data-state', 'offline')
    await expect(status).toHaveText('Offline · all changes saved')

    await typeInto(alice.page, 'A1', 'written offline')
    await expect(status).toHaveText('Offline · 1 edit pending')
    await typeInto(bob.page, 'B1', 'written online')
    await typeInto(alice.page, 'A2', 'also offline')
    await expect(status).toHaveText('Offline · 2 edits pending')
    await typeInto(bob.page, 'B2', 'also online')
    await waitSaved(bob.page)

    // Neither side can know the other's edits yet.
    await expectCell(alice.page, 'B1', '')
    await expectCell(bob.page, 'A1', '')
    await expect(status).toHaveAttribute('data-state', 'offline')

    await alice.context.setOffline(false)
    const all = {
      A1: 'written offline',
      A2: 'also offline',
      B1: 'written online',
      B2: 'also online',
    }
    await expectCells([alice.page, bob.page], all)
    await waitSaved(alice.page)
    await waitSaved(bob.page)
    expect(await server.readCells(workbook, 'A1:B2')).toEqual([
      [all.A1, all.B1],
      [all.A2, all.B2],
    ])
  })

  test('a formula typed offline is calculated on the spot; one whose engine could not be fetched is once back online', async ({
    newUser,
    openUser,
    server,
    workbook,
  }) => {
    test.slow()
    const alice = await openUser('alice')
    // The engine's code is fetched once the page is idle, formulas or not.
    await alice.page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('formulaEngine-')),
    )
    await alice.context.setOffline(true)
    await expect(syncStatus(alice.page)).toHaveAttribute('data-state', 'offline')
    await typeInto(alice.page, 'A1', '2')
    await typeInto(alice.page, 'B1', '=A1*21')
    await expectCell(alice.page, 'B1', '42')
    await alice.context.setOffline(false)
    await waitSaved(alice.page)

    // Bob's tab cannot fetch the engine's code: his formulas read #CALC! until it can.
    const bob = await newUser('bob')
    await bob.page.route('**/formulaEngine-*.js', (route) => route.abort('internetdisconnected'))
    await openEditor(bob.page, server.editorUrl(workbook))
    await expectCell(bob.page, 'A1', '2')
    await expectCell(bob.page, 'B1', '#CALC!')
    await bob.page.unroute('**/formulaEngine-*.js')
    await bob.context.setOffline(true)
    await bob.context.setOffline(false)
    await expectCell(bob.page, 'B1', '42')
    await typeInto(bob.page, 'C1', '=B1+1')
    await expectCell(bob.page, 'C1', '43')
  })

  test('a write through the REST API appears in every open tab', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    await typeInto(alice.page, 'A1', 'typed in the browser')

    await server.writeCells(workbook, { C5: 'from a script', D5: '99' })
    await expectCells([alice.page, bob.page], {
      A1: 'typed in the browser',
      C5: 'from a script',
      D5: '99',
    })

    await server.writeCells(workbook, { C5: '' })
    await expectCells([alice.page, bob.page], { C5: '', D5: '99' })
  })
})

function rowOf(address: string): number {
  return Number(address.replace(/^[A-Z]+/, '')) - 1
}

function colOf(address: string): number {
  const letters = address.replace(/\d+$/, '')
  let col = 0
  for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64)
  return col - 1
}
