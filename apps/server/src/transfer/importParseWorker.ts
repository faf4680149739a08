import { parentPort, type TransferListItem } from 'node:worker_threads'
import { parseCsv, decodeText } from './csvParse.js'
import type { SheetInfo, SheetLimits } from '@cellmate/model'
import {
  ImportError,
  badFile,
  type ImportFailure,
  type ImportKind,
  type ImportLimits,
  type ParsedSheet,
} from './parsedSheet.js'
import { buildSheetDocs } from './sheetBuilder.js'
import { renameTakenTables } from './xlsxTableParts.js'
import { buildWorkbook, checkImportTotals, encodeSheetDocs } from './workbookBuilder.js'
import { parseXlsx } from './xlsxParse.js'

/** One uploaded file, its kind already told (see `detectKind`). */
export interface FileJob {
  kind: ImportKind
  /** Sheet name for a CSV (the file name without its extension). */
  name: string
  bytes: Uint8Array
}

/**
 * What the worker is asked: `build` a whole new workbook from files, or — for an import into
 * an existing workbook, whose sheet names and ids the server decides once it knows how many
 * sheets the files hold — `stage` the files (parse them and keep the sheets here, answering
 * their names), then `buildStaged` them under the ids and names given (or `release` them).
 * Either way the files are parsed and the documents built here, so the server's main thread
 * only stores the encoded result.
 */
export type WorkerJob =
  | { type: 'build'; files: FileJob[]; title: string; limits: ImportLimits }
  | { type: 'stage'; key: number; files: FileJob[]; limits: ImportLimits }
  | {
      type: 'buildStaged'
      key: number
      sheets: SheetInfo[]
      limits: SheetLimits
      /** Names the workbook already uses (defined names, its tables): imported tables avoid them. */
      takenNames: string[]
    }
  | { type: 'release'; key: number }

/** Sheets parsed by `stage`, until they are built or released. */
const staged = new Map<number, ParsedSheet[]>()

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

async function parseFiles(files: readonly FileJob[], limits: ImportLimits): Promise<ParsedSheet[]> {
  const sheets: ParsedSheet[] = []
  for (const file of files) {
    sheets.push(...(await parseFile(file, limits)))
    checkImportTotals(sheets, limits)
  }
  return sheets
}

async function run(job: WorkerJob): Promise<{ result: unknown; transfer: TransferListItem[] }> {
  switch (job.type) {
    case 'build': {
      const built = buildWorkbook(job.title, await parseFiles(job.files, job.limits), job.limits)
      const updates = [built.workbookUpdate, ...built.sheetUpdates.map((s) => s.update)]
      return { result: built, transfer: updates.map((u) => u.buffer as ArrayBuffer) }
    }
    case 'stage': {
      const sheets = await parseFiles(job.files, job.limits)
      staged.set(job.key, sheets)
      const names = sheets.map((s) => s.name)
      const notices = [...new Set(sheets.flatMap((s) => s.notices ?? []))]
      return { result: { names, notices }, transfer: [] }
    }
    case 'buildStaged': {
      const sheets = staged.get(job.key)
      staged.delete(job.key)
      if (!sheets || sheets.length !== job.sheets.length) {
        throw badFile('the import was interrupted; upload the files again')
      }
      const notices = renameTakenTables(sheets, job.takenNames)
      const planned = job.sheets.map((info, i) => ({ ...info, parsed: sheets[i] as ParsedSheet }))
      const updates = encodeSheetDocs(buildSheetDocs(planned, job.limits))
      return {
        result: { updates, notices },
        transfer: updates.map((u) => u.update.buffer as ArrayBuffer),
      }
    }
    case 'release':
      staged.delete(job.key)
      return { result: null, transfer: [] }
  }
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
