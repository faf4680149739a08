import { describe, expect, it } from 'vitest'
import { openSheetClient, rest, serverForSuite, waitUntil } from './support/testServer.js'

describe('the checking worker starts when someone who may write opens a sheet', () => {
  const suite = serverForSuite()

  it('not for a viewer; for an editor, before any update needs it', async () => {
    const { server, url } = suite
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
