import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addConditionalFormat,
  parseRange,
  readConditionalFormats,
  readValidations,
  renameSheet,
  setValidation,
  workbookDocName,
  type RangePosition,
} from '@cellmate/model'
import { SyncProvider } from '@cellmate/client'
import { openSheetClient, rest, serverForSuite, waitUntil } from './support/testServer.js'

function range(text: string): RangePosition {
  const r = parseRange(text)
  if (!r) throw new Error(text)
  return r
}

/**
 * Rules stored before rule formulas naming a sheet were anchored hold `Sheet1!$E$1` as text;
 * they are written here straight into the sheet document, as the code of that time did.
 */
describe('renaming a sheet keeps rules stored as text pointing at it', () => {
  const suite = serverForSuite()

  async function workbookWithTextRules() {
    const { url } = suite
    const wb = await rest(url).createWorkbook()
    const api = rest(url, wb.token)
    const data = wb.sheets[0]!.id
    const rulesSheet = await api.addSheet(wb.id, 'Rules')
    await api.writeCells(wb.id, data, { E1: '100', A1: 'red', A2: 'green' })
    const tab = await openSheetClient(url, wb.id, rulesSheet.id, wb.token)
    addConditionalFormat(tab.doc, range('D4:D9'), {
      kind: 'formula',
      formula: '=D4>Sheet1!$E$1',
      style: { fill: '#ffcccc' },
    })
    setValidation(tab.doc, range('B2:B9'), {
      kind: 'custom',
      formula: '=B2<=Sheet1!$E$1',
      strict: true,
    })
    setValidation(tab.doc, range('C2:C9'), {
      kind: 'listRange',
      source: 'Sheet1!$A$1:$A$2',
      strict: true,
    })
    // A rule naming a sheet that does not exist stays as it is.
    addConditionalFormat(tab.doc, range('F1:F9'), {
      kind: 'formula',
      formula: '=F1=Gone!$A$1',
      style: { bold: true },
    })
    await waitUntil(
      async () => (await api.getConditionalFormats(wb.id, rulesSheet.id)).length === 2,
    )
    await waitUntil(async () => (await api.getValidations(wb.id, rulesSheet.id)).length === 2)
    return { wb, api, data, rules: rulesSheet.id, tab }
  }

  async function shown(api: ReturnType<typeof rest>, workbookId: string, sheetId: string) {
    const formats = await api.getConditionalFormats(workbookId, sheetId)
    const validations = await api.getValidations(workbookId, sheetId)
    return {
      formats: formats.map((r) => r.formula),
      // Validations have no order: the custom rule, then the dropdown.
      validations: validations
        .sort((a, b) => a.kind.localeCompare(b.kind))
        .map((r) => r.formula ?? r.source),
    }
  }

  async function stillChecks(api: ReturnType<typeof rest>, workbookId: string, sheetId: string) {
    await api.writeCells(workbookId, sheetId, { B2: '90', C2: 'green' })
    for (const cells of [{ B3: '120' }, { C3: 'blue' }] as Record<string, string>[]) {
      await expect(api.writeCells(workbookId, sheetId, cells)).rejects.toMatchObject({
        status: 422,
        body: { code: 'VALIDATION_FAILED' },
      })
    }
  }

  it('a rename over REST rewrites them to the new name; they still check, and follow a second rename', async () => {
    const { wb, api, data, rules, tab } = await workbookWithTextRules()
    await api.updateSheet(wb.id, data, { name: 'Budget' })
    expect(await shown(api, wb.id, rules)).toEqual({
      formats: ['=D4>Budget!$E$1', '=F1=Gone!$A$1'],
      validations: ['=B2<=Budget!$E$1', 'Budget!$A$1:$A$2'],
    })
    await stillChecks(api, wb.id, rules)
    await api.updateSheet(wb.id, data, { name: 'Plan 2027' })
    expect(await shown(api, wb.id, rules)).toEqual({
      formats: ["=D4>'Plan 2027'!$E$1", '=F1=Gone!$A$1'],
      validations: ["=B2<='Plan 2027'!$E$1", "'Plan 2027'!$A$1:$A$2"],
    })
    // An open tab receives the converted rules as a server change.
    await waitUntil(() =>
      readConditionalFormats(tab.doc).some((r) => r.formula?.includes('{s:') === true),
    )
    expect(readValidations(tab.doc).every((r) => (r.formula ?? r.source)?.includes('{'))).toBe(true)
    tab.close()
  })

  it("a tab's rename (an edit of the workbook document over the socket) rewrites them too", async () => {
    const { url } = suite
    const { wb, api, data, rules, tab } = await workbookWithTextRules()
    const provider = new SyncProvider({
      url,
      workbookId: wb.id,
      token: wb.token,
      transports: ['websocket'],
      ackTimeoutMs: 2000,
    })
    const workbook = new Y.Doc()
    await provider.open(workbookDocName(wb.id), workbook).whenSynced()
    renameSheet(workbook, data, 'Budget')
    await waitUntil(async () => {
      const now = await shown(api, wb.id, rules)
      return now.validations.every((v) => v?.includes('Budget') === true)
    })
    expect(await shown(api, wb.id, rules)).toEqual({
      formats: ['=D4>Budget!$E$1', '=F1=Gone!$A$1'],
      validations: ['=B2<=Budget!$E$1', 'Budget!$A$1:$A$2'],
    })
    await stillChecks(api, wb.id, rules)
    renameSheet(workbook, data, 'Costs')
    await waitUntil(async () =>
      (await api.getWorkbook(wb.id)).sheets.some((s) => s.name === 'Costs'),
    )
    expect(await shown(api, wb.id, rules)).toEqual({
      formats: ['=D4>Costs!$E$1', '=F1=Gone!$A$1'],
      validations: ['=B2<=Costs!$E$1', 'Costs!$A$1:$A$2'],
    })
    provider.destroy()
    tab.close()
  })
})
