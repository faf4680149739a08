/**
 * Preloaded into a built Cellmate server by `propagationTimeline.mjs` (`NODE_OPTIONS=--import
 * <this>`, `CELLMATE_MARKS=<file>`): wraps the functions an edit passes through with
 * timestamps (epoch ms, µs precision) and writes one record per edit to the file when the
 * server stops. Meant for edits that do not overlap (one every 100 ms): a record starts with
 * the first frame read after the previous edit's ack. Nothing here ships with the server.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { isMainThread } from 'node:worker_threads'
import { wrapMethod as wrap } from './wrapMethod.mjs'

if (isMainThread && process.argv[1]?.endsWith('main.js') && process.env.CELLMATE_MARKS) {
  await marks(process.env.CELLMATE_MARKS)
}

async function marks(out) {
  const main = path.resolve(process.argv[1])
  const dist = path.dirname(main)
  const require = createRequire(main)
  const now = () => performance.timeOrigin + performance.now()
  const records = []
  let current = null

  const mark = (stage) => {
    if (current && current[stage] === undefined) current[stage] = now()
  }

  const sioSocket = require(
    path.join(path.dirname(require.resolve('socket.io')), 'socket.js'),
  ).Socket
  const eioSocket = createRequire(require.resolve('socket.io'))('engine.io').Socket
  wrap(eioSocket.prototype, 'onPacket', ([packet]) => {
    if (packet.type !== 'message' || (current && !current.ack)) return
    current = { frame: now() }
    records.push(current)
  })
  wrap(sioSocket.prototype, 'onevent', ([packet]) => packet.data?.[0] === 'update' && mark('event'))
  wrap(sioSocket.prototype, 'packet', ([packet]) => packet.type === 3 && mark('ack'))
  const { DocWrites } = await import(path.join(dist, 'docWrites.js'))
  const { SqliteAppender } = await import(path.join(dist, 'store/sqliteAppender.js'))
  const { UpdateFanout } = await import(path.join(dist, 'sync/updateFanout.js'))
  wrap(DocWrites.prototype, 'writeBatch', () => mark('batch'))
  wrap(SqliteAppender.prototype, 'append', () => mark('append'))
  wrap(SqliteAppender.prototype, 'send', null, function () {
    if (this.writing ?? this.inFlight) mark('posted')
  })
  // A small batch the event loop writes itself (since 2026-12-06): handed over as it starts
  // its transaction, written as it ends (no thread answers `written` then).
  const inline = path.join(dist, 'store/sqliteInlineWriter.js')
  if (fs.existsSync(inline)) {
    const { InlineWriter } = await import(inline)
    wrap(
      InlineWriter.prototype,
      'write',
      () => mark('posted'),
      () => mark('written'),
    )
  }
  // The commit thread's answers: written (`seqs`), then flushed (`flushed`; a build from
  // before the two answers had one, `seqs` alone).
  wrap(SqliteAppender.prototype, 'finish', ([result]) => {
    if ('seqs' in result) mark('written')
    if ('flushed' in result || result.durable) mark('durable')
  })
  wrap(
    UpdateFanout.prototype,
    'flushRoom',
    () => mark('flush'),
    () => mark('flushed'),
  )

  const write = () => fs.writeFileSync(out, JSON.stringify(records.filter((r) => r.event)))
  process.on('exit', write)
}
