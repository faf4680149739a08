import { parentPort } from 'node:worker_threads'
import { parseCsv, decodeText } from './csvParse.js'
import {
  ImportError,
  type ImportFailure,
  type ImportKind,
  type ImportLimits,
} from './parsedSheet.js'
import { parseXlsx } from './xlsxParse.js'

/** A job for the worker: one file's bytes, what it is, and the limits to hold it to. */
export interface ParseJob {
  kind: ImportKind
  /** Sheet name for a CSV (the file name without its extension). */
  name: string
  bytes: Uint8Array
  limits: ImportLimits
}

/**
 * Parses one imported file off the main thread (see `importParser.ts`): a hostile file can
 * then at worst exhaust this worker's capped heap or its time budget, never stall the
 * server's event loop or its memory.
 */
parentPort?.on('message', (job: ParseJob) => {
  void run(job).then(
    (sheets) => parentPort?.postMessage({ sheets }),
    (err: unknown) => parentPort?.postMessage({ error: failureOf(err) }),
  )
})

async function run(job: ParseJob) {
  if (job.kind === 'csv') return [parseCsv(decodeText(job.bytes), job.name, job.limits)]
  return parseXlsx(job.bytes, job.limits)
}

function failureOf(err: unknown): ImportFailure {
  if (err instanceof ImportError) return err.failure
  const reason = err instanceof Error ? err.message : String(err)
  return {
    status: 400,
    code: 'BAD_REQUEST',
    message: `the file could not be read (${reason.slice(0, 200)})`,
  }
}
