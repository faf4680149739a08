/**
 * Preloaded into a built Cellmate server by `updatePathProfile.mjs --timeline`
 * (`node --import <this> dist/main.js`, `CELLMATE_TIMELINE=<file>`): wraps the functions an
 * update passes through with timestamps (epoch ms, µs precision, comparable across processes on
 * one machine) and writes them, one line per update and per commit, to the file on exit. Meant
 * for one client editing in a closed loop, where each update's marks follow each other.
 * Nothing here ships with the server.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { wrapMethod as wrap } from './wrapMethod.mjs'

// Worker threads inherit `--import`: the event loop's thread is timed stage by stage; the
// commit thread's answers (the only thread started with a `file`) carry when it started and
// ended its work (`__thread`), so its round trip splits into two wake-ups and the commit.
if (isMainThread) await timeline()
else if (parentPort && typeof workerData?.file === 'string') timeThread(parentPort)

function timeThread(port) {
  const now = () => performance.timeOrigin + performance.now()
  let started = 0
  const on = port.on
  port.on = function (event, listener) {
    if (event !== 'message') return on.call(this, event, listener)
    return on.call(this, event, (message) => {
      started = now()
      listener(message)
    })
  }
  const post = port.postMessage
  port.postMessage = function (message, transfer) {
    if (message && typeof message === 'object' && !Array.isArray(message)) {
      message = { ...message, __thread: { started, ended: now() } }
    }
    return post.call(this, message, transfer)
  }
}

async function timeline() {
  const out = process.env.CELLMATE_TIMELINE
  const main = path.resolve(process.argv[1])
  const dist = path.dirname(main)
  const require = createRequire(main)
  const now = () => performance.timeOrigin + performance.now()

  const records = []
  const commits = []
  let current = null
  let firstFrame = null

  function mark(stage) {
    if (current && current[stage] === undefined) current[stage] = now()
  }

  const sioSocket = require(
    path.join(path.dirname(require.resolve('socket.io')), 'socket.js'),
  ).Socket
  const eioSocket = createRequire(require.resolve('socket.io'))('engine.io').Socket
  wrap(eioSocket.prototype, 'onPacket', ([packet]) => {
    if (packet.type === 'message' && firstFrame === null) firstFrame = now()
  })
  wrap(sioSocket.prototype, 'onevent', ([packet]) => {
    if (packet.data?.[0] === 'update') {
      current = { in: firstFrame ?? now(), decoded: now() }
      records.push(current)
    }
    firstFrame = null
  })
  wrap(
    sioSocket.prototype,
    'packet',
    ([packet]) => packet.type === 3 && mark('ack'),
    ([packet]) => packet.type === 3 && mark('ackWritten'),
  )

  const { UpdateInspector } = await import(path.join(dist, 'sync/updateInspector.js'))
  const { DocumentRegistry } = await import(path.join(dist, 'documentRegistry.js'))
  const { DocWrites } = await import(path.join(dist, 'docWrites.js'))
  const { SqliteAppender } = await import(path.join(dist, 'store/sqliteAppender.js'))
  const { UpdateFanout } = await import(path.join(dist, 'sync/updateFanout.js'))
  wrap(UpdateInspector.prototype, 'inspect', () => mark('handler'))
  wrap(DocumentRegistry.prototype, 'applyUpdate', () => mark('checked'))
  wrap(DocWrites.prototype, 'writeBatch', () => mark('batch'))
  wrap(SqliteAppender.prototype, 'append', () => mark('enqueued'))
  // A commit is posted when `send` leaves a new batch in flight (it may also hold back cell edit
  // log rows alone, or find a commit in flight).
  let lastPosted = null
  wrap(SqliteAppender.prototype, 'send', null, function () {
    const batch = this.writing ?? this.inFlight
    if (!batch || batch.id === lastPosted) return
    lastPosted = batch.id
    const appends = batch.batch.filter((q) => q.kind === 'append').length
    const commit = { posted: now(), appends, edits: batch.batch.length - appends }
    commits.push(commit)
    if (appends > 0 && current && current.posted === undefined) {
      current.posted = commit.posted
      current.commit = commit
    }
  })
  // The commit thread answers written (`seqs`), then flushed (`flushed`: the WAL's fsync); a
  // build from before the two answers sent one (`seqs`), its commit fsynced.
  wrap(SqliteAppender.prototype, 'finish', function ([result]) {
    if ('flushed' in result) {
      if (current?.written !== undefined) mark('committed')
      return
    }
    // The cell edit log rows' own answer, after the fsync (builds from 2026-12-05, late, on).
    if ('history' in result) return
    const batch = this.writing ?? this.inFlight
    if (batch?.id !== result.id) return
    const commit = commits.at(-1)
    // The first answer times the transaction (the second, the fsync after it).
    if (commit && commit.answered === undefined) {
      Object.assign(commit, { answered: now(), ...result.__thread })
    }
    if (commit?.appends > 0) {
      mark('written')
      if (result.durable !== false) mark('committed')
    }
  })
  wrap(UpdateFanout.prototype, 'flushRoom', () => mark('applied'))

  process.on('exit', () => {
    const lines = [...records.map((r) => ({ update: r })), ...commits.map((c) => ({ commit: c }))]
    fs.writeFileSync(out, lines.map((l) => JSON.stringify(l)).join('\n'))
  })
}
