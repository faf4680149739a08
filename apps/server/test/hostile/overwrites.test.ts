import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SheetLayout,
  cellKey,
  formatKey,
  setColWidths,
  setFormat,
  setFrozen,
  sheetTypes,
  sheetViewTypes,
  workbookTypes,
} from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc, workbookDoc } from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 2: values that pass a check of "new" entries but arrive as overwrites of an
 * existing key. An overwrite names only the entry it replaces (its origin), never its parent
 * or key, so a check that reads `parent`/`parentSub` off the wire sees nothing. Each update is
 * crafted against a copy of the real document, exactly as an attacker's script builds it.
 */

/** Cell A1's key in a copy of the sheet document (the attacker reads it off its mirror). */
function a1Key(doc: Y.Doc): string {
  const layout = new SheetLayout(doc)
  const key = cellKey(layout.rowId(0)!, layout.colId(0)!)
  layout.destroy()
  return key
}

function firstIds(doc: Y.Doc): { rowId: string; colId: string } {
  const layout = new SheetLayout(doc)
  const ids = { rowId: layout.rowId(0)!, colId: layout.colId(0)! }
  layout.destroy()
  return ids
}

/**
 * Inserts `value` into the cell log between A1's and B2's entries: an insert that names only
 * its neighbours (origin and right origin), never its parent, as an overwrite does in a map.
 */
function intoCellLog(d: Y.Doc, value: unknown): void {
  const log = sheetTypes(d).cells.array
  expect(log.length).toBeGreaterThanOrEqual(2)
  log.insert(1, [value])
}

type SheetCase = [name: string, build: (mirror: Y.Doc) => Uint8Array]

const sheetCases: SheetCase[] = [
  [
    'a cell entry whose key is not ids inserted mid-log',
    (m) => craft(m, (d) => intoCellLog(d, 'row 1:col 1:x')),
  ],
  [
    'a cell entry without an input inserted mid-log',
    (m) => craft(m, (d) => intoCellLog(d, a1Key(d))),
  ],
  [
    'a cell in the old layout (the cells map) written with a number',
    (m) => craft(m, (d) => d.getMap('cells').set(a1Key(d), 42)),
  ],
  ['a number inserted mid-log into the cell log', (m) => craft(m, (d) => intoCellLog(d, 42))],
  ['a boolean inserted mid-log into the cell log', (m) => craft(m, (d) => intoCellLog(d, true))],
  ['null inserted mid-log into the cell log', (m) => craft(m, (d) => intoCellLog(d, null))],
  [
    'an object inserted mid-log into the cell log',
    (m) => craft(m, (d) => intoCellLog(d, { evil: 1 })),
  ],
  [
    'a nested map inserted mid-log into the cell log',
    (m) => craft(m, (d) => intoCellLog(d, new Y.Map())),
  ],
  [
    'a nested array inserted mid-log into the cell log',
    (m) => craft(m, (d) => intoCellLog(d, new Y.Array())),
  ],
  [
    'a nested text inserted mid-log into the cell log',
    (m) => craft(m, (d) => intoCellLog(d, new Y.Text('x'))),
  ],
  [
    'a cell entry of 60,000 characters inserted mid-log',
    (m) => craft(m, (d) => intoCellLog(d, `${a1Key(d)}:${'x'.repeat(60_000)}`)),
  ],
  [
    'a bold format overwritten with text',
    (m) =>
      craft(m, (d) => {
        const { rowId, colId } = firstIds(d)
        d.getMap('formats').set(formatKey(rowId, colId, 'bold'), 'yes')
      }),
  ],
  [
    'a fill colour overwritten with a CSS injection',
    (m) =>
      craft(m, (d) => {
        const { rowId, colId } = firstIds(d)
        d.getMap('formats').set(formatKey(rowId, colId, 'fill'), 'red;background:url(//evil)')
      }),
  ],
  [
    'a number format overwritten with an unknown one',
    (m) =>
      craft(m, (d) => {
        const { rowId, colId } = firstIds(d)
        d.getMap('formats').set(formatKey(rowId, colId, 'numFmt'), 'engineering')
      }),
  ],
  [
    'a column width overwritten with a negative number',
    (m) => craft(m, (d) => sheetViewTypes(d).colWidths.set(firstIds(d).colId, -5)),
  ],
  [
    'a column width overwritten with text',
    (m) => craft(m, (d) => sheetViewTypes(d).colWidths.set(firstIds(d).colId, 'wide')),
  ],
  [
    'frozen rows overwritten with 5,000,000',
    (m) => craft(m, (d) => sheetViewTypes(d).view.set('frozenRows', 5_000_000)),
  ],
]

type WorkbookCase = [name: string, build: (mirror: Y.Doc, sheetId: string) => Uint8Array]

const workbookCases: WorkbookCase[] = [
  [
    "a sheet's metadata replaced by a string",
    (m, sheetId) => craft(m, (d) => workbookTypes(d).sheetMeta.set(sheetId, 'evil')),
  ],
  [
    "a sheet's metadata replaced by a number",
    (m, sheetId) => craft(m, (d) => workbookTypes(d).sheetMeta.set(sheetId, 42)),
  ],
  [
    "a sheet's name overwritten with a number",
    (m, sheetId) =>
      craft(m, (d) => (workbookTypes(d).sheetMeta.get(sheetId) as Y.Map<unknown>).set('name', 7)),
  ],
  [
    "a sheet's name overwritten with 50,000 characters",
    (m, sheetId) =>
      craft(m, (d) =>
        (workbookTypes(d).sheetMeta.get(sheetId) as Y.Map<unknown>).set('name', 'n'.repeat(50_000)),
      ),
  ],
  [
    "a sheet's name overwritten with a nested map",
    (m, sheetId) =>
      craft(m, (d) =>
        (workbookTypes(d).sheetMeta.get(sheetId) as Y.Map<unknown>).set('name', new Y.Map()),
      ),
  ],
  [
    'the title overwritten with a nested map',
    (m) => craft(m, (d) => workbookTypes(d).meta.set('title', new Y.Map())),
  ],
]

describe('hostile: overwrites of existing entries', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  /**
   * The victim writes A1 (and a bold, a width and frozen rows on it, so every overwritten key
   * exists), the attack runs, the victim keeps editing online and offline; then the checks.
   */
  async function attack(
    name: string,
    target: 'sheet' | 'workbook',
    build: (mirror: Y.Doc, wb: Workbook) => Uint8Array,
  ): Promise<void> {
    const wb = await bed.workbook(name)
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha', B2: 'beta' })
    const { rowId, colId } = firstIds(victim.doc)
    setFormat(victim.doc, [{ rowId, colId }], 'bold', true)
    setFormat(victim.doc, [{ rowId, colId }], 'fill', '#ff0000')
    setFormat(victim.doc, [{ rowId, colId }], 'numFmt', 'percent')
    setColWidths(victim.doc, [colId], 120)
    setFrozen(victim.doc, { rows: 1, cols: 0 })
    await victim.flushed()

    const attacker = await bed.attacker(wb)
    const doc = target === 'sheet' ? sheetDoc(wb.id, wb.sheetId) : workbookDoc(wb.id)
    const mirror = await attacker.mirror(doc)
    const ack = await attacker.send(doc, build(mirror, wb))

    victim.edit({ C3: 'online after the attack' })
    await victim.flushed()
    await victim.offline()
    victim.edit({ D4: 'offline after the attack', A1: 'alpha 2' })
    await victim.online()
    await victim.flushed()

    expect.soft(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
    await bed.expectReadable(wb)
    await bed.expectAcknowledgedPresent(wb, victim)
    await bed.expectConverged(wb, [victim])
    await bed.expectHealthy()
  }

  for (const [name, build] of sheetCases) {
    it(`${name} is refused; the victim's edits and every reader survive`, async () => {
      await attack(name, 'sheet', (mirror) => build(mirror))
    })
  }

  for (const [name, build] of workbookCases) {
    it(`${name} is refused; the workbook stays readable`, async () => {
      await attack(name, 'workbook', (mirror, wb) => build(mirror, wb.sheetId))
    })
  }
})
