import { parentPort, type TransferListItem } from 'node:worker_threads'
import { parseCsv, decodeText } from './csvParse.js'
import {
  ImportError,
  type ImportFailure,
  type ImportKind,
  type ImportLimits,
  type ParsedSheet,
} from './parsedSheet.js'
import { buildWorkbook, checkImportTotals } from './workbookBuilder.js'
import { parseXlsx } from './xlsxParse.js'

/** One uploaded file, its kind already told (see `detectKind`). */
export interface FileJob {
  kind: ImportKind
  /** Sheet name for a CSV (the file name without its extension). */
  name: string
  bytes: Uint8Array
}

/**
 * What the worker is asked: `parse` one file into sheets (an import into an existing
 * workbook), or `build` a whole new workbook from files (parsed and built here, so the
 * server's main thread only stores the result).
 */
export type WorkerJob =
  | { type: 'parse'; file: FileJob; limits: ImportLimits }
  | { type: 'build'; files: FileJob[]; title: string; limits: ImportLimits }

/**
 * Runs import jobs off the main thread (see `ImportParser`): a hostile file can then at
 * worst exhaust this worker's capped heap or its time budget, never stall the server's event
 * loop or its memory.
 */
parentPort?.on('message', (job: WorkerJob) => {
  void run(job).then(
    ({ result, transfer }) => parentPort?.postMessage({ result }, transfer),
    (err: unknown) => parentPort?.postMessage({ error: failureOf(err) }),
  )
})

async function parseFile(file: FileJob, limits: ImportLimits): Promise<ParsedSheet[]> {
  if (file.kind === 'csv') return [parseCsv(decodeText(file.bytes), file.name, limits)]
  return parseXlsx(file.bytes, limits)
}

async function run(job: WorkerJob): Promise<{ result: unknown; transfer: TransferListItem[] }> {
  if (job.type === 'parse') return { result: await parseFile(job.file, job.limits), transfer: [] }
  const sheets: ParsedSheet[] = []
  for (const file of job.files) {
    sheets.push(...(await parseFile(file, job.limits)))
    checkImportTotals(sheets, job.limits)
  }
  const built = buildWorkbook(job.title, sheets, job.limits)
  const transfer = [built.workbookUpdate, ...built.sheetUpdates.map((s) => s.update)].map(
    (u) => u.buffer as ArrayBuffer,
  )
  return { result: built, transfer }
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
