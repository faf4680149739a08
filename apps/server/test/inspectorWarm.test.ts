import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CellmateServer } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

describe('the checking worker starts when someone who may write opens a sheet', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string

  beforeAll(async () => {
    data = tempDataDir()
    ;({ server, url } = await startInProcess(data.dir))
  })

  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('not for a viewer; for an editor, before any update needs it', async () => {
    const owner = rest(url)
    const wb = await owner.createWorkbook()
    const sheetId = wb.sheets[0]!.id
    const viewToken = (await rest(url, wb.token).createLink(wb.id, 'view')).token
    expect(server.inspector.runningWorkers).toBe(0)
    const viewer = await openSheetClient(url, wb.id, sheetId, viewToken)
    try {
      // The server is in this process: an immediate queued now runs after the one its join
      // would have queued to start a worker.
      await new Promise((resolve) => setImmediate(resolve))
      expect(server.inspector.runningWorkers).toBe(0)
      const editor = await openSheetClient(url, wb.id, sheetId, wb.token)
      try {
        await waitUntil(() => server.inspector.runningWorkers === 1)
      } finally {
        editor.close()
      }
    } finally {
      viewer.close()
    }
  })
})
