import fs from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { WorkbookContent } from '../workbookService.js'
import type { FileJob, WorkerJob } from './importParseWorker.js'
import type { SheetInfo, SheetLimits } from '@cellmate/model'
import {
  ImportError,
  badFile,
  type ImportFailure,
  type ImportKind,
  type ImportLimits,
} from './parsedSheet.js'
import { LIMITS } from '@cellmate/protocol'

/** A file as uploaded. */
export interface UploadedFile {
  filename: string
  bytes: Uint8Array
}

export interface ParseOptions {
  /** Longest one parse may take before it is cut off (default 60 s). */
  timeoutMs?: number
  /** Heap of the parsing worker (default 1024 MB). */
  maxHeapMb?: number
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]
const CSV_EXTENSIONS = new Set(['csv', 'tsv', 'txt'])
const XLSX_EXTENSIONS = new Set(['xlsx', 'xlsm'])

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

function unsupported(message: string): ImportError {
  return new ImportError({ status: 415, code: 'BAD_REQUEST', message })
}

/**
 * What kind of file this is, by extension and content: `.csv`/`.tsv`/`.txt` are CSV,
 * `.xlsx`/`.xlsm` and any zip are XLSX. Old binary `.xls`, and anything else, is refused with
 * a message saying what to upload instead.
 */
export function detectKind(file: UploadedFile): ImportKind {
  if (file.bytes.length === 0) throw badFile('the file is empty')
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.filename)?.[1]?.toLowerCase()
  if (ext === 'xls' || startsWith(file.bytes, OLE_MAGIC)) {
    throw unsupported('old Excel .xls files cannot be imported; save the file as .xlsx or .csv')
  }
  if (ext !== undefined && CSV_EXTENSIONS.has(ext)) return 'csv'
  if (ext !== undefined && XLSX_EXTENSIONS.has(ext)) return 'xlsx'
  if (ext === undefined) return startsWith(file.bytes, ZIP_MAGIC) ? 'xlsx' : 'csv'
  throw unsupported(`".${ext}" files cannot be imported; import a .csv or .xlsx file`)
}

/** A sheet name from a file name: extension dropped, characters Excel forbids replaced. */
export function sheetNameFromFile(filename: string): string {
  const base = filename
    .replace(/^.*[\\/]/, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[[\]*?/\\:]/g, ' ')
    .trim()
    .slice(0, LIMITS.maxSheetNameChars)
    .trim()
  return base === '' ? 'Sheet1' : base
}

/** Files parsed and kept in the import worker (see `ImportParser.stage`). */
export interface StagedImport {
  readonly key: number
  /** The names the files give their sheets, in order. */
  readonly names: readonly string[]
  /** What the import leaves out of the files, for the user (see `ParsedSheet.notices`). */
  readonly notices: readonly string[]
}

interface Job {
  message: WorkerJob
  resolve: (result: unknown) => void
  reject: (err: ImportError) => void
  timer?: NodeJS.Timeout
}

/**
 * Parses uploaded CSV and XLSX files in a worker thread with a heap cap and a time budget,
 * one file at a time: a hostile file can at worst exhaust the worker's heap or its time,
 * after which the worker is replaced and the file refused. The worker stays warm between
 * imports (loading exceljs and the formula package takes a second or two) but never keeps
 * the process alive.
 */
export class ImportParser {
  private worker: Worker | null = null
  private readonly queue: Job[] = []
  private running: Job | null = null
  private closed = false
  private readonly timeoutMs: number
  private readonly maxHeapMb: number
  private lastKey = 0

  constructor(options: ParseOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.maxHeapMb = options.maxHeapMb ?? 1024
  }

  /**
   * Parses the files in the worker and keeps their sheets there, answering the sheets' names
   * (rejects with an `ImportError` when a file is bad or they pass a limit together). Follow
   * with `buildStaged` once the names and ids they get are decided, or `release`.
   */
  async stage(files: readonly UploadedFile[], limits: ImportLimits): Promise<StagedImport> {
    const key = ++this.lastKey
    const job: WorkerJob = { type: 'stage', key, files: files.map(fileJob), limits }
    const { names, notices } = (await this.submit(job)) as { names: string[]; notices: string[] }
    return { key, names, notices }
  }

  /**
   * Builds the staged sheets in the worker as `sheets` (ids and names in the order of
   * `StagedImport.names`): their encoded documents by sheet id, and notices of tables renamed
   * because the workbook uses their names (`takenNames`). The staged sheets are gone
   * afterwards, built or not.
   */
  async buildStaged(
    staged: StagedImport,
    sheets: readonly SheetInfo[],
    limits: SheetLimits,
    takenNames: readonly string[] = [],
  ): Promise<{ updates: Map<string, Uint8Array>; notices: string[] }> {
    const job: WorkerJob = {
      type: 'buildStaged',
      key: staged.key,
      sheets: [...sheets],
      limits,
      takenNames: [...takenNames],
    }
    const built = (await this.submit(job)) as {
      updates: WorkbookContent['sheetUpdates']
      notices: string[]
    }
    return { updates: new Map(built.updates.map((s) => [s.id, s.update])), notices: built.notices }
  }

  /** Drops staged sheets that will not be built (nothing happens if they were). */
  release(staged: StagedImport): void {
    // Nothing to wait for, and a refusal would only say the sheets are gone already.
    this.submit({ type: 'release', key: staged.key }).catch(() => {})
  }

  /**
   * A new workbook from the files, parsed and built into encoded documents in the worker;
   * rejects with an `ImportError` when any file is bad or the files pass a limit together.
   */
  build(
    files: readonly UploadedFile[],
    title: string,
    limits: ImportLimits,
  ): Promise<WorkbookContent> {
    const jobs = files.map(fileJob)
    return this.submit({ type: 'build', files: jobs, title, limits }) as Promise<WorkbookContent>
  }

  private submit(message: WorkerJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(badFile('the server is shutting down'))
      this.queue.push({ message, resolve, reject })
      this.next()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(badFile('the server is shutting down'))
    await this.worker?.terminate()
    this.worker = null
  }

  private next(): void {
    if (this.running || this.closed) return
    const current = this.queue.shift()
    if (!current) return
    this.running = current
    let worker: Worker
    try {
      worker = this.ensureWorker()
    } catch (err) {
      this.running = null
      current.reject(badFile(`imports are unavailable: ${(err as Error).message}`))
      return
    }
    current.timer = setTimeout(() => {
      this.fail(
        worker,
        `the file took longer than ${this.timeoutMs / 1000} s to read; it is too complex to import`,
      )
    }, this.timeoutMs)
    const onMessage = (msg: { result?: unknown; error?: ImportFailure }): void => {
      clearTimeout(current.timer)
      this.running = null
      if (msg.error) current.reject(new ImportError(msg.error))
      else current.resolve(msg.result)
      // Idle between jobs: the worker must not keep the process alive.
      if (this.queue.length === 0) worker.unref()
      this.next()
    }
    worker.once('message', onMessage)
    worker.ref()
    worker.postMessage(current.message)
  }

  /** Ends the running job with `message` and replaces the worker. */
  private fail(worker: Worker, message: string): void {
    const current = this.running
    if (this.worker === worker) this.worker = null
    worker.removeAllListeners('message')
    void worker.terminate()
    if (current) {
      clearTimeout(current.timer)
      this.running = null
      current.reject(badFile(message))
    }
    this.next()
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = spawnWorker(this.maxHeapMb)
    // Running out of heap ends the worker with ERR_WORKER_OUT_OF_MEMORY.
    worker.on('error', () =>
      this.fail(worker, 'the file needs more memory to read than an import may use'),
    )
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(worker, 'the file could not be read')
    })
    this.worker = worker
    return worker
  }
}

function fileJob(file: UploadedFile): FileJob {
  return { kind: detectKind(file), name: sheetNameFromFile(file.filename), bytes: file.bytes }
}

function spawnWorker(maxHeapMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const url = new URL(
    fromSource ? '../../dist/transfer/importParseWorker.js' : './importParseWorker.js',
    import.meta.url,
  )
  if (!fs.existsSync(url)) {
    throw new Error(`${url.pathname} is missing: build the server first (pnpm build)`)
  }
  return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } })
}
