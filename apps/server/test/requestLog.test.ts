import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io } from 'socket.io-client'
import { wireParser } from '@cellmate/client/wire'
import {
  EVENTS,
  JOIN_DOWNLOAD_PATH,
  PROTOCOL_VERSION,
  SYNC_NAMESPACE,
  joinAck,
} from '@cellmate/protocol'
import { sheetDocName } from '@cellmate/model'
import type { CellmateServer } from '../src/app.js'
import { loggedUrl } from '../src/requestLog.js'
import { rest, startInProcess, tempDataDir } from './support/testServer.js'

/**
 * The request log at `info`: a join download's ticket is a capability in the URL, so the log
 * names its route and never the ticket; other URLs are logged as they came.
 */
describe('the request log', () => {
  const lines: string[] = []
  const data = tempDataDir()
  let started: { server: CellmateServer; url: string }
  beforeAll(async () => {
    started = await startInProcess(data.dir, 0, {
      logLevel: 'info',
      logStream: { write: (line) => void lines.push(line) },
    })
  })
  afterAll(async () => {
    await started.server.close()
    data.remove()
  })

  it('leaves out the ticket of a join download, and keeps other URLs', async () => {
    const { url } = started
    const wb = await rest(url).createWorkbook('logged')
    const sheetId = wb.sheets[0]!.id
    // ~2.4 MB of cells: the join's rest is over the download threshold (`joinDownload.test.ts`).
    for (const half of [0, 1]) {
      const values: Record<string, string> = {}
      for (let r = 1 + half * 2500; r <= (half + 1) * 2500; r++) {
        for (const c of ['A', 'B', 'C', 'D']) values[`${c}${r}`] = `${c}${r}:`.padEnd(100, c)
      }
      await rest(url, wb.token).writeCells(wb.id, sheetId, values)
    }
    const socket = io(`${url}${SYNC_NAMESPACE}`, {
      auth: { workbookId: wb.id, token: wb.token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      parser: wireParser,
      reconnection: false,
    })
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('connect_error', reject)
      })
      const ack = joinAck.parse(
        await socket.timeout(10_000).emitWithAck(EVENTS.join, {
          doc: sheetDocName(wb.id, sheetId),
          stateVector: new Uint8Array([0]),
          slices: true,
          stream: 1,
          download: true,
        }),
      )
      if (!('ok' in ack) || !ack.download) throw new Error('expected a join answer with a download')
      const path = ack.download
      const ticket = path.slice(`${JOIN_DOWNLOAD_PATH}/`.length)
      expect(ticket.length).toBeGreaterThan(10)
      const res = await fetch(`${url}${path}`)
      expect(res.status).toBe(200)
      await res.arrayBuffer()
      // Taken: a second try is a 404, logged as well.
      expect((await fetch(`${url}${path}`)).status).toBe(404)

      const log = lines.join('')
      expect(log).not.toContain(ticket)
      const downloads = lines.filter((l) => l.includes(`"url":"${JOIN_DOWNLOAD_PATH}/<ticket>"`))
      expect(downloads.length).toBeGreaterThanOrEqual(2)
      expect(log).toContain(`"url":"/api/workbooks/${wb.id}/sheets/${sheetId}/cells"`)
    } finally {
      socket.close()
    }
  })

  it('names the route, whatever follows the ticket', () => {
    expect(loggedUrl(`${JOIN_DOWNLOAD_PATH}/abc123?x=1`)).toBe(`${JOIN_DOWNLOAD_PATH}/<ticket>`)
    expect(loggedUrl('/api/workbooks/w1')).toBe('/api/workbooks/w1')
    expect(loggedUrl(`${JOIN_DOWNLOAD_PATH}`)).toBe(JOIN_DOWNLOAD_PATH)
  })
})
