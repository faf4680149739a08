import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import ExcelJS from 'exceljs'
import { LIMITS } from '@cellmate/protocol'
import { workbookTypes } from '@cellmate/model'
import { craft, describeAck, isRefusal, sheetDoc, workbookDoc, type Ack } from './attacks.js'
import { HostileBed, restOutcome } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 1 and the sheet-set limits: which sheets a workbook has is a record only the
 * server writes. A past viewer of workbook B who lists B's sheet id in the metadata of a
 * workbook A it owns must reach nothing of B (REST, joins, exports); sheet ids are 128-bit
 * and server-issued; the sheet set cannot be grown past 200 or emptied from a document edit.
 */

/** Bits of entropy an id's length and alphabet allow. */
function idBits(id: string): number {
  const alphabet = /^[0-9a-f]+$/.test(id) ? 16 : /^[0-9a-z]+$/.test(id) ? 36 : 64
  return id.length * Math.log2(alphabet)
}

/** The sheet names and all cell values of an XLSX file. */
async function xlsxContent(data: Blob): Promise<{ names: string[]; values: string[] }> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await data.arrayBuffer())
  const values: string[] = []
  book.eachSheet((ws) =>
    ws.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value)))),
  )
  return { names: book.worksheets.map((w) => w.name), values }
}

describe('hostile: reaching another workbook through the sheet list', () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  it("a revoked viewer who lists B's sheet in its own workbook reaches nothing of B", async () => {
    const b = await bed.workbook('B', { A1: 'B secret' })
    const victim = await bed.victim(b)
    victim.edit({ B1: 'B victim edit' })
    await victim.flushed()
    const ownerB = bed.rest(b.token)
    const view = await ownerB.createLink(b.id, 'view')
    const stolenSheetId = (await bed.rest(view.token).getWorkbook(b.id)).sheets[0]!.id
    await ownerB.revokeLink(b.id, view.id)

    // The attacker's own workbook A, where it is the owner.
    const a = await bed.workbook('A')
    const attacker = await bed.attacker(a, a.token)
    const wbName = workbookDoc(a.id)
    const mirror = await attacker.mirror(wbName)
    const listAck = await attacker.send(
      wbName,
      craft(mirror, (d) => {
        const meta = new Y.Map<unknown>()
        meta.set('name', 'stolen')
        workbookTypes(d).sheetMeta.set(stolenSheetId, meta)
        ;(workbookTypes(d).sheets as Y.Array<unknown>).push([stolenSheetId])
      }),
    )
    expect.soft(isRefusal(listAck), `listing B's sheet in A: ${describeAck(listAck)}`).toBe(true)

    // REST through A: nothing.
    const ownerA = bed.rest(a.token)
    expect((await ownerA.getWorkbook(a.id)).sheets.map((s) => s.id)).toEqual([a.sheetId])
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['GET cells', () => ownerA.readCells(a.id, stolenSheetId, 'A1:B2')],
      ['PATCH cells', () => ownerA.writeCells(a.id, stolenSheetId, { A1: 'overwritten by A' })],
      ['CSV export', () => ownerA.exportCsv(a.id, stolenSheetId)],
      ['rename', () => ownerA.updateSheet(a.id, stolenSheetId, { name: 'mine' })],
      ['duplicate', () => ownerA.duplicateSheet(a.id, stolenSheetId)],
      ['delete', () => ownerA.deleteSheet(a.id, stolenSheetId)],
    ]
    for (const [what, call] of calls) expect(await restOutcome(call()), what).toMatch(/^40[34] /)
    const exported = await xlsxContent((await ownerA.exportXlsx(a.id)).blob)
    expect(exported.names).not.toContain('stolen')
    expect(exported.values.join('|')).not.toMatch(/B secret|B victim edit/)

    // Sync through A: no join of B's sheet under either workbook's name.
    const joins: Ack[] = [
      await attacker.join(sheetDoc(a.id, stolenSheetId)),
      await attacker.join(sheetDoc(b.id, stolenSheetId)),
      await attacker.request('sheet', { op: 'duplicate', sheetId: stolenSheetId }),
      await attacker.request('sheet', { op: 'delete', sheetId: stolenSheetId }),
      await attacker.request('sheet', {
        op: 'restore',
        sheetId: stolenSheetId,
        name: 'restored',
        index: 0,
      }),
    ]
    for (const ack of joins) expect(isRefusal(ack), describeAck(ack)).toBe(true)
    // The revoked link opens nothing of B either.
    expect(await restOutcome(bed.rest(view.token).readCells(b.id, stolenSheetId, 'A1'))).toMatch(
      /^403 /,
    )

    // B is untouched and its victim keeps working.
    await victim.keepsWorking('after the attack on B')
    expect((await ownerB.readCells(b.id, b.sheetId, 'A1:B1')).inputs).toEqual([
      ['B secret', 'B victim edit'],
    ])
    await bed.expectUnharmed(b, [victim])
    await bed.expectReadable(a)
  })

  it('sheet ids are server-issued with at least 128 bits, and guessing them reaches nothing', async () => {
    const wb = await bed.workbook('ids')
    const owner = bed.rest(wb.token)
    const raw = await bed.attacker(wb, wb.token)
    const added = await raw.request('sheet', { op: 'add' })
    expect(added.error, describeAck(added)).toBeUndefined()
    const ids = [
      wb.sheetId,
      (await owner.addSheet(wb.id, 'Added')).id,
      (await owner.duplicateSheet(wb.id, wb.sheetId)).id,
      (added as { sheet?: { id: string } }).sheet!.id,
      (
        await owner.importSheets(wb.id, {
          name: 'import.csv',
          data: new TextEncoder().encode('a,b\n1,2\n'),
        })
      ).sheets[0]!.id,
    ]
    for (const id of ids) expect(idBits(id), id).toBeGreaterThanOrEqual(128)
    expect(new Set(ids).size).toBe(ids.length)
    // 200 guesses in the style of the old ids (32 random bits + ".1"): all refused.
    for (let i = 0; i < 200; i++) {
      const guess = `${Math.floor(Math.random() * 2 ** 32).toString(36)}.1`
      const ack = await raw.join(sheetDoc(wb.id, guess))
      expect(ack.ok, `guess ${guess}`).not.toBe(true)
    }
    await bed.expectHealthy()
  })

  it(`a document edit cannot grow the sheet set past ${LIMITS.maxSheets}, nor empty it`, async () => {
    const wb = await bed.workbook('sheet set')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha' })
    await victim.flushed()
    const attacker = await bed.attacker(wb)
    const wbName = workbookDoc(wb.id)
    const mirror = await attacker.mirror(wbName)
    const grow = await attacker.send(
      wbName,
      craft(mirror, (d) => {
        const { sheets, sheetMeta } = workbookTypes(d)
        const ids: string[] = []
        for (let i = 0; i < LIMITS.maxSheets + 1801; i++) {
          const id = `forged${i}`
          const meta = new Y.Map<unknown>()
          meta.set('name', `Forged ${i}`)
          sheetMeta.set(id, meta)
          ids.push(id)
        }
        ;(sheets as Y.Array<unknown>).push(ids)
      }),
    )
    const empty = await attacker.send(
      wbName,
      craft(mirror, (d) => {
        const { sheets, sheetMeta } = workbookTypes(d)
        sheets.delete(0, sheets.length)
        for (const key of [...sheetMeta.keys()]) sheetMeta.delete(key)
      }),
    )
    const longName = await attacker.request('sheet', { op: 'add', name: 'n'.repeat(50_000) })
    const deleteLast = await attacker.request('sheet', { op: 'delete', sheetId: wb.sheetId })
    await victim.keepsWorking('after the sheet-set attacks')

    for (const [what, ack] of [
      ['2,001 forged sheets', grow],
      ['every sheet removed', empty],
      ['a 50,000-character name', longName],
      ['deleting the last sheet', deleteLast],
    ] as const) {
      expect.soft(isRefusal(ack), `${what}: ${describeAck(ack)}`).toBe(true)
    }
    const info = await bed.rest(wb.token).getWorkbook(wb.id)
    expect(info.sheets.map((s) => s.id)).toEqual([wb.sheetId])
    await bed.expectUnharmed(wb, [victim])
  })

  it(`the sheet operation refuses the ${LIMITS.maxSheets + 1}st sheet; names stay short in exports`, async () => {
    const wb = await bed.workbook('two hundred sheets')
    const attacker = await bed.attacker(wb, wb.token)
    const answers: Ack[] = []
    for (let i = 1; i <= LIMITS.maxSheets; i++) {
      answers.push(await attacker.request('sheet', { op: 'add', name: `S${i}`.padEnd(100, 'x') }))
    }
    const ok = answers.filter((a) => !a.error).length
    expect(ok, answers.find((a) => a.error) ? describeAck(answers.find((a) => a.error)) : '').toBe(
      LIMITS.maxSheets - 1,
    )
    expect(answers.at(-1)?.error?.code).toBe('LIMIT_EXCEEDED')
    const info = await bed.rest(wb.token).getWorkbook(wb.id)
    expect(info.sheets.length).toBe(LIMITS.maxSheets)
    const last = info.sheets.at(-1)!
    const res = await fetch(`${bed.url}/api/workbooks/${wb.id}/sheets/${last.id}/export.csv`, {
      headers: { authorization: `Bearer ${wb.token}` },
    })
    expect(res.status).toBe(200)
    expect((res.headers.get('content-disposition') ?? '').length).toBeLessThan(1024)
    await bed.expectHealthy()
  }, 120_000)
})
