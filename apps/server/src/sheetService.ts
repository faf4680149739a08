import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import {
  addSheet,
  copySheetContent,
  deleteSheet,
  duplicateSheet,
  hasSheet,
  initSheet,
  listSheets,
  readTables,
  sheetDocName,
  validateSheetName,
  workbookDocName,
  type SheetInfo,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES, LIMITS, type SheetOpRequest } from '@cellmate/protocol'
import type { DocumentRegistry } from './documentRegistry.js'
import type { NewSheet, Store } from './store/store.js'
import type { WorkbookService } from './workbookService.js'
import { newSheetId } from './sheetId.js'
import { uniqueSheetNames } from './transfer/sheetBuilder.js'

export interface SheetServiceOptions {
  store: Store
  registry: DocumentRegistry
  workbooks: WorkbookService
  log: FastifyBaseLogger
  /** Live sheets a workbook may have (default `LIMITS.maxSheets`). */
  maxSheets?: number
}

/** A sheet about to be added whose document is built by the caller (an import). */
export interface PlannedImport {
  /** The name wanted; made valid and unique in the workbook. */
  name: string
}

/**
 * The sheet operations that change which sheets a workbook has — add, duplicate, delete,
 * restore — for the socket (`sheet` event) and REST alike, and the record-based answers to
 * "which sheets does this workbook have". Each operation writes the record (with the sheet's
 * first document, in one transaction) before the workbook document lists the sheet, and takes
 * the record back if listing it fails, so a sheet never half-exists; operations of one
 * workbook take turns on this node, and the store's per-workbook lock orders them across
 * nodes. Renaming and moving sheets are ordinary document edits and are not here.
 */
export class SheetService {
  private readonly store: Store
  private readonly registry: DocumentRegistry
  private readonly workbooks: WorkbookService
  private readonly log: FastifyBaseLogger
  private readonly maxSheets: number
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor(options: SheetServiceOptions) {
    this.store = options.store
    this.registry = options.registry
    this.workbooks = options.workbooks
    this.log = options.log
    this.maxSheets = options.maxSheets ?? LIMITS.maxSheets
  }

  /**
   * The sheets of a workbook in tab order: the workbook document's names and order, of the
   * sheets its records hold. Anything else the document lists is not a sheet of this workbook.
   */
  async list(workbookId: string): Promise<SheetInfo[]> {
    const ids = await this.workbooks.sheetIds(workbookId)
    return this.registry.use(workbookDocName(workbookId), (wb) =>
      listSheets(wb.doc).filter((s) => ids.has(s.id)),
    )
  }

  /** Refuses (NOT_FOUND) a sheet that is not a live sheet of the workbook by its records. */
  async require(workbookId: string, sheetId: string): Promise<void> {
    if (!(await this.workbooks.hasSheet(workbookId, sheetId))) {
      throw new CellmateError(
        ERROR_CODES.NOT_FOUND,
        `no sheet ${sheetId} in workbook ${workbookId}`,
      )
    }
  }

  /** Runs a validated socket request. */
  run(workbookId: string, request: SheetOpRequest): Promise<SheetInfo> {
    switch (request.op) {
      case 'add':
        return this.add(workbookId, request)
      case 'duplicate':
        return this.duplicate(workbookId, request.sheetId)
      case 'delete':
        return this.delete(workbookId, request.sheetId)
      case 'restore':
        return this.restore(workbookId, request.sheetId, request)
    }
  }

  /** Adds an empty sheet after the others (or at tab `index`), named `name` or `SheetN`. */
  add(workbookId: string, options: { name?: string; index?: number }): Promise<SheetInfo> {
    return this.serial(workbookId, async () => {
      if (options.name !== undefined) {
        const name = options.name
        await this.registry.use(workbookDocName(workbookId), (wb) =>
          validateSheetName(wb.doc, name),
        )
      }
      const id = newSheetId()
      const doc = new Y.Doc()
      initSheet(doc)
      const update = Y.encodeStateAsUpdate(doc)
      doc.destroy()
      await this.record(workbookId, [{ sheetId: id, doc: sheetDocName(workbookId, id), update }])
      return this.listRecorded(workbookId, [id], (wb) =>
        addSheet(wb, { id, name: options.name, index: this.tabIndex(wb, options.index) }),
      )
    })
  }

  /** Copies a sheet (what a reader sees of it now) to a new sheet listed right after it. */
  duplicate(workbookId: string, sheetId: string): Promise<SheetInfo> {
    return this.serial(workbookId, async () => {
      await this.require(workbookId, sheetId)
      const update = await this.registry.use(sheetDocName(workbookId, sheetId), (source) => {
        const copy = new Y.Doc()
        // Table names are workbook-wide: a copy's tables are renamed (`Sales_2`).
        const names = new Set(readTables(source.doc).map((t) => t.name.toLowerCase()))
        copySheetContent(source.doc, copy, undefined, (name) => {
          let n = 2
          while (names.has(`${name}_${n}`.toLowerCase())) n++
          names.add(`${name}_${n}`.toLowerCase())
          return `${name}_${n}`
        })
        const encoded = Y.encodeStateAsUpdate(copy)
        copy.destroy()
        return encoded
      })
      const id = newSheetId()
      await this.record(workbookId, [{ sheetId: id, doc: sheetDocName(workbookId, id), update }])
      return this.listRecorded(workbookId, [id], (wb) => duplicateSheet(wb, sheetId, id))
    })
  }

  /**
   * Deletes a sheet, never the workbook's last. Its document is kept (unreachable while the
   * sheet is deleted), so `restore` can bring it back: that is how a delete is undone.
   */
  delete(workbookId: string, sheetId: string): Promise<SheetInfo> {
    return this.serial(workbookId, async () => {
      const listed = (await this.list(workbookId)).find((s) => s.id === sheetId)
      const outcome = await this.store.deleteSheet(workbookId, sheetId, Date.now())
      if (outcome === 'missing') {
        throw new CellmateError(
          ERROR_CODES.NOT_FOUND,
          `no sheet ${sheetId} in workbook ${workbookId}`,
        )
      }
      if (outcome === 'last') {
        throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'a workbook keeps at least one sheet')
      }
      this.workbooks.sheetsChanged(workbookId)
      try {
        await this.registry.use(workbookDocName(workbookId), (wb) =>
          this.registry.change(wb, (doc) => {
            if (hasSheet(doc, sheetId) && listSheets(doc).length > 1) deleteSheet(doc, sheetId)
          }),
        )
      } catch (err) {
        await this.takeBack(workbookId, () =>
          this.store.restoreSheet(workbookId, sheetId, Number.MAX_SAFE_INTEGER),
        )
        throw err
      }
      return listed ?? { id: sheetId, name: sheetId }
    })
  }

  /**
   * Brings back a deleted sheet of this workbook (an undone delete) at tab `index`, named
   * `name` or, when that name was taken meanwhile, a numbered variant of it.
   */
  restore(
    workbookId: string,
    sheetId: string,
    options: { name: string; index: number },
  ): Promise<SheetInfo> {
    return this.serial(workbookId, async () => {
      const outcome = await this.store.restoreSheet(workbookId, sheetId, this.maxSheets)
      if (outcome === 'missing') {
        throw new CellmateError(
          ERROR_CODES.NOT_FOUND,
          `no deleted sheet ${sheetId} in workbook ${workbookId}`,
        )
      }
      if (outcome === 'limit') throw this.limitError()
      this.workbooks.sheetsChanged(workbookId)
      const ids = await this.workbooks.sheetIds(workbookId)
      return this.listRecorded(workbookId, [sheetId], (wb) => {
        const current = listSheets(wb).find((s) => s.id === sheetId)
        if (current) return current
        const taken = listSheets(wb)
          .filter((s) => ids.has(s.id))
          .map((s) => s.name)
        const [name] = uniqueSheetNames([options.name], taken)
        return addSheet(wb, { id: sheetId, name, index: this.tabIndex(wb, options.index) })
      })
    })
  }

  /**
   * Adds sheets whose documents the caller builds (an import): names made valid and unique,
   * ids issued, `build` called with them, then every sheet recorded and stored in one
   * transaction — all or none — and listed after the others.
   */
  addBuilt(
    workbookId: string,
    planned: readonly PlannedImport[],
    build: (sheets: SheetInfo[]) => Promise<Map<string, Uint8Array>> | Map<string, Uint8Array>,
  ): Promise<SheetInfo[]> {
    return this.serial(workbookId, async () => {
      const existing = await this.list(workbookId)
      if (existing.length + planned.length > this.maxSheets) {
        throw new CellmateError(
          ERROR_CODES.LIMIT_EXCEEDED,
          `the workbook has ${existing.length} sheets and the file ${planned.length}; a workbook has at most ${this.maxSheets}`,
        )
      }
      const names = uniqueSheetNames(
        planned.map((p) => p.name),
        existing.map((s) => s.name),
      )
      const sheets = names.map((name) => ({ id: newSheetId(), name }))
      const built = await build(sheets)
      await this.record(
        workbookId,
        sheets.map((s) => ({
          sheetId: s.id,
          doc: sheetDocName(workbookId, s.id),
          update: built.get(s.id) ?? new Uint8Array([0, 0]),
        })),
      )
      return this.listRecorded(
        workbookId,
        sheets.map((s) => s.id),
        (wb) => sheets.map((s) => addSheet(wb, s)),
      )
    })
  }

  /** Records new sheets with their documents; LIMIT_EXCEEDED when the workbook is full. */
  private async record(workbookId: string, sheets: NewSheet[]): Promise<void> {
    if (!(await this.store.addSheets(workbookId, sheets, Date.now(), this.maxSheets))) {
      throw this.limitError()
    }
    this.workbooks.sheetsChanged(workbookId)
  }

  /**
   * Lists just-recorded sheets in the workbook document (`list` changes it, one transaction).
   * Should that fail, the records are taken back, so the sheets never half-exist.
   */
  private async listRecorded<T>(
    workbookId: string,
    sheetIds: readonly string[],
    list: (wb: Y.Doc) => T,
  ): Promise<T> {
    try {
      return await this.registry.use(workbookDocName(workbookId), (wb) =>
        this.registry.change(wb, list),
      )
    } catch (err) {
      await this.takeBack(workbookId, async () => {
        for (const id of sheetIds) await this.store.deleteSheet(workbookId, id, Date.now())
      })
      throw err
    }
  }

  /** Undoes a record change after the document change that went with it failed. */
  private async takeBack(workbookId: string, undo: () => Promise<unknown>): Promise<void> {
    try {
      await undo()
    } catch (err) {
      this.log.error({ err, workbookId }, 'could not take back a sheet record')
    } finally {
      this.workbooks.sheetsChanged(workbookId)
    }
  }

  /** A tab position within the current tabs (past the end: after the last). */
  private tabIndex(wb: Y.Doc, index: number | undefined): number | undefined {
    return index === undefined ? undefined : Math.min(index, listSheets(wb).length)
  }

  private limitError(): CellmateError {
    return new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a workbook has at most ${this.maxSheets} sheets`,
    )
  }

  /** Runs the sheet operations of one workbook one after another (on this node). */
  private serial<T>(workbookId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(workbookId) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const settled = run.catch(() => {})
    this.queues.set(workbookId, settled)
    void settled.then(() => {
      if (this.queues.get(workbookId) === settled) this.queues.delete(workbookId)
    })
    return run
  }
}
