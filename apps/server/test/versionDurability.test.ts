import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ServerProcess, freePort, rest, tempDataDir } from './support/testServer.js'

describe('versions across restarts', () => {
  let data: ReturnType<typeof tempDataDir>
  let proc: ServerProcess

  beforeEach(async () => {
    data = tempDataDir()
    proc = new ServerProcess(data.dir, await freePort())
    await proc.start()
  })

  afterEach(async () => {
    await proc.stop('SIGKILL')
    data.remove()
  })

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`every version taken is there after a ${signal} restart, and reads back`, async () => {
      const wb = await rest(proc.url).createWorkbook('durable versions')
      const api = rest(proc.url, wb.token)
      const sheetId = wb.sheets[0]!.id
      const taken = []
      for (let i = 0; i < 3; i++) {
        await api.writeCells(wb.id, sheetId, { A1: `v${i}`, [`B${i + 1}`]: `row ${i}` })
        taken.push(await api.createVersion(wb.id, `version ${i}`))
      }
      // An edit after the last version: a graceful stop versions it, a crash cannot.
      await api.writeCells(wb.id, sheetId, { A1: 'after' })

      await proc.stop(signal)
      await proc.start()

      const versions = await api.listVersions(wb.id)
      expect(versions.slice(0, 3)).toEqual(taken)
      if (signal === 'SIGTERM') {
        expect(versions).toHaveLength(4)
        expect(versions[3]!.kind).toBe('auto')
      } else {
        expect(versions).toHaveLength(3)
      }
      for (const [i, v] of taken.entries()) {
        const read = await api.readCells(wb.id, sheetId, 'A1:B3', { version: v.id })
        expect(read.inputs[0]![0]).toBe(`v${i}`)
        expect(read.inputs[i]![1]).toBe(`row ${i}`)
      }
      // The cell's history survived too, newest first.
      const history = await api.cellHistory(wb.id, sheetId, 'A1')
      expect(history.edits.map((e) => e.value)).toEqual(['after', 'v2', 'v1', 'v0'])
    })
  }
})
