import crypto from 'node:crypto'
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import {
  SheetCells,
  listSheets,
  restoreDocContent,
  revertRestore,
  sheetDocName,
  sheetTypes,
  workbookDocName,
  workbookTypes,
} from '@cellmate/model'
import { CellmateError, ERROR_CODES, LIMITS } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'
import type { Store } from '../store/store.js'
import type {
  Author,
  Participant,
  SheetChangeSummary,
  VersionDoc,
  VersionKind,
  VersionRecord,
} from '../store/historyRecords.js'
import { DEFAULT_VERSION_POLICY, versionsToDrop, type VersionPolicy } from './versionPolicy.js'

/** A version's documents, rebuilt: the workbook document and each of its sheets. */
export interface OpenedVersion {
  record: VersionRecord
  workbook: Y.Doc
  /** By sheet id, the version's live sheets. */
  sheets: Map<string, Y.Doc>
}

export interface VersionServiceOptions {
  store: Store
  registry: DocumentRegistry
  workbooks: WorkbookService
  log: FastifyBaseLogger
  policy?: Partial<VersionPolicy>
  /** Epoch ms now; tests pass a clock they move. */
  now?: () => number
}

/** Most edit-log rows counted to summarise one version. */
const MAX_SUMMARY_EDITS = 200_000
/** Opened versions kept rebuilt for the next read (a person paging through one). */
const OPEN_CACHE = 4

/**
 * Versions of a workbook: taking one (automatic, named, on import, before a restore),
 * listing, rebuilding one to read it, restoring one as a forward change, and retention.
 *
 * A version stores each document of the workbook as a delta on that document's state in the
 * previous version (a full state every `fullStateEvery`); see the server README for why.
 * Versions of one workbook are taken one at a time on a node.
 */
export class VersionService {
  readonly policy: VersionPolicy
  readonly now: () => number
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly opened = new Map<string, Promise<OpenedVersion>>()
  /** People seen editing each workbook since its last version (structure edits included). */
  private readonly participants = new Map<string, Map<string, Participant>>()

  constructor(private readonly options: VersionServiceOptions) {
    this.policy = { ...DEFAULT_VERSION_POLICY, ...options.policy }
    this.now = options.now ?? Date.now
  }

  /** Notes who edited a workbook, for the next version's participants. */
  noteParticipant(workbookId: string, author: Author): void {
    if (author.source === 'server') return
    let seen = this.participants.get(workbookId)
    if (!seen) this.participants.set(workbookId, (seen = new Map()))
    const key = participantKey(author)
    if (!seen.has(key)) seen.set(key, { name: author.name, linkId: author.linkId })
  }

  list(workbookId: string): Promise<VersionRecord[]> {
    return this.options.store.listVersions(workbookId)
  }

  async get(workbookId: string, versionId: string): Promise<VersionRecord> {
    const record = await this.options.store.getVersion(workbookId, versionId)
    if (!record) {
      throw new CellmateError(ERROR_CODES.NOT_FOUND, `no version ${versionId} of this workbook`)
    }
    return record
  }

  /** Takes a version of the workbook as it is now, then applies retention. */
  take(workbookId: string, kind: VersionKind, label: string | null = null): Promise<VersionRecord> {
    return this.serial(workbookId, async () => {
      const version = await this.store(workbookId, kind, label)
      await this.applyRetention(workbookId).catch((err: unknown) =>
        this.options.log.error({ err, workbookId }, 'version retention failed'),
      )
      return version
    })
  }

  /** The newest version of a workbook, if any. */
  async latest(workbookId: string): Promise<VersionRecord | null> {
    const versions = await this.list(workbookId)
    return versions[versions.length - 1] ?? null
  }

  /** Rebuilds a version's documents (kept for a few reads: versions never change). */
  open(workbookId: string, versionId: string): Promise<OpenedVersion> {
    const key = `${workbookId}/${versionId}`
    let opening = this.opened.get(key)
    if (opening) {
      this.opened.delete(key)
      this.opened.set(key, opening)
      return opening
    }
    opening = this.rebuild(workbookId, versionId)
    this.opened.set(key, opening)
    opening.catch(() => this.opened.delete(key))
    for (const [oldKey, old] of this.opened) {
      if (this.opened.size <= OPEN_CACHE) break
      this.opened.delete(oldKey)
      void old.then(destroyOpened, () => {})
    }
    return opening
  }

  /**
   * Restores the workbook to a version: takes a restore point first, then brings back the
   * version's sheets (records included: sheets deleted since come back, sheets added since
   * are deleted, their documents kept) and changes every document to the version's content
   * as one forward change each, attributed to `author`. Clients converge to it like to any
   * edit.
   *
   * With `undo`, `versionId` is a restore point and the restore that followed it is undone
   * instead: what it changed goes back, unless someone changed it again since
   * (`revertRestore`).
   */
  restore(
    workbookId: string,
    versionId: string,
    author: Author,
    options: { undo?: boolean } = {},
  ): Promise<{ restorePoint: VersionRecord; restored: VersionRecord }> {
    return this.serial(workbookId, async () => {
      const target = await this.get(workbookId, versionId)
      if (options.undo && target.restoring === null) {
        throw new CellmateError(ERROR_CODES.BAD_REQUEST, 'this version is not a restore point')
      }
      const undone = options.undo ? await this.get(workbookId, target.restoring as string) : null
      const opened = await this.open(workbookId, versionId)
      const openedUndone = undone ? await this.open(workbookId, undone.id) : null
      const when = new Date(target.createdAt).toISOString()
      const restorePoint = await this.store(
        workbookId,
        'restore',
        undone
          ? `Before undoing the restore of "${undone.label ?? new Date(undone.createdAt).toISOString()}"`
          : `Before restoring "${target.label ?? when}"`,
        versionId,
      )
      await this.restoreRecords(workbookId, target.sheetIds, undone?.sheetIds ?? null)
      const { registry } = this.options
      for (const [sheetId, doc] of opened.sheets) {
        const was = openedUndone ? openedUndone.sheets.get(sheetId) : doc
        if (!was) continue
        await registry.use(sheetDocName(workbookId, sheetId), (entry) =>
          registry.change(
            entry,
            (live) => (openedUndone ? revertRestore(live, doc, was) : restoreDocContent(live, doc)),
            author,
          ),
        )
      }
      await registry.use(workbookDocName(workbookId), (entry) =>
        registry.change(
          entry,
          (live) =>
            openedUndone
              ? revertRestore(live, opened.workbook, openedUndone.workbook)
              : restoreDocContent(live, opened.workbook),
          author,
        ),
      )
      return { restorePoint, restored: target }
    })
  }

  /**
   * Makes the workbook's live sheets (its records) `wanted`. When undoing, only the sheets
   * the restore of `undoing` revived or deleted change.
   */
  private async restoreRecords(
    workbookId: string,
    wanted: readonly string[],
    undoing: readonly string[] | null,
  ): Promise<void> {
    const { store, workbooks } = this.options
    const want = new Set(wanted)
    const touched = undoing
      ? new Set([...wanted, ...undoing].filter((id) => want.has(id) !== undoing.includes(id)))
      : null
    const records = (await store.listSheets(workbookId)).filter(
      (r) => touched === null || touched.has(r.sheetId),
    )
    for (const r of records) {
      if (r.deletedAt !== null && want.has(r.sheetId)) {
        await store.restoreSheet(workbookId, r.sheetId, Math.max(LIMITS.maxSheets, want.size))
      }
    }
    for (const r of records) {
      if (r.deletedAt === null && !want.has(r.sheetId)) {
        await store.deleteSheet(workbookId, r.sheetId, this.now())
      }
    }
    workbooks.sheetsChanged(workbookId)
  }

  /** Drops what retention no longer keeps, rebasing the deltas that built on it. */
  async applyRetention(workbookId: string): Promise<number> {
    const { store } = this.options
    const drop = versionsToDrop(await store.listVersions(workbookId), this.now(), this.policy)
    for (const versionId of drop) {
      const dependents = await store.listVersionDependents(versionId)
      const rebased: VersionDoc[] = []
      for (const d of dependents) {
        const [own] = (await store.loadVersionChain(versionId, d.doc)).slice(-1)
        if (!own) continue
        rebased.push(
          own.base === null
            ? { ...d, base: null, depth: 0, data: fullState([own.data, d.data]) }
            : { ...d, base: own.base, depth: own.depth, data: Y.mergeUpdates([own.data, d.data]) },
        )
      }
      await store.dropVersion(workbookId, versionId, rebased)
      this.opened.delete(`${workbookId}/${versionId}`)
    }
    return drop.length
  }

  private async store(
    workbookId: string,
    kind: VersionKind,
    label: string | null,
    restoring: string | null = null,
  ): Promise<VersionRecord> {
    const { store, registry, workbooks } = this.options
    const previous = await this.latest(workbookId)
    const liveIds = await workbooks.sheetIds(workbookId)
    const { tabs, names } = await registry.use(workbookDocName(workbookId), (wb) => ({
      tabs: listSheets(wb.doc)
        .map((s) => s.id)
        .filter((id) => liveIds.has(id)),
      names: new Map(listSheets(wb.doc).map((s) => [s.id, s.name])),
    }))
    const sheetIds = [...tabs, ...[...liveIds].filter((id) => !tabs.includes(id))]
    const id = crypto.randomBytes(12).toString('base64url')
    const createdAt = Math.max(this.now(), (previous?.createdAt ?? 0) + 1)
    const docs: VersionDoc[] = []
    const sizes = new Map<string, number>()
    for (const name of [
      workbookDocName(workbookId),
      ...sheetIds.map((s) => sheetDocName(workbookId, s)),
    ]) {
      const { state, stateVector, cells } = await this.stateOf(name)
      sizes.set(name, cells)
      const base = await store.getLatestVersionDoc(workbookId, name)
      const delta = base !== null && base.depth + 1 < this.policy.fullStateEvery
      docs.push({
        versionId: id,
        doc: name,
        base: delta ? base.versionId : null,
        depth: delta ? base.depth + 1 : 0,
        stateVector,
        data: delta ? Y.diffUpdate(state, base.stateVector) : state,
      })
    }
    const since = previous?.createdAt ?? -1
    const edits = await store.summarizeCellEdits(workbookId, since, createdAt, MAX_SUMMARY_EDITS)
    const people = this.participants.get(workbookId) ?? new Map<string, Participant>()
    this.participants.delete(workbookId)
    for (const p of edits.editors) people.set(participantKey(p), p)
    const summary: SheetChangeSummary[] = []
    for (const sheetId of sheetIds) {
      // A sheet the previous version did not have (new, imported, restored), or the first
      // version: all its cells, when its size is known (it is loaded); else its logged edits.
      const whole = previous === null || !previous.sheetIds.includes(sheetId)
      const size = sizes.get(sheetDocName(workbookId, sheetId)) ?? -1
      const cellsChanged = whole && size >= 0 ? size : (edits.cellsBySheet.get(sheetId) ?? 0)
      if (cellsChanged > 0 || previous === null) {
        summary.push({ sheetId, name: names.get(sheetId) ?? sheetId, cellsChanged })
      }
    }
    const record: VersionRecord = {
      id,
      workbookId,
      createdAt,
      kind,
      label,
      participants: [...people.values()],
      summary,
      sheetIds,
      restoring,
    }
    await store.addVersion(record, docs)
    return record
  }

  /**
   * A document's state now: from memory when it is loaded; else from the store, as update
   * bytes only (merged, never integrated into a document: loading a sheet of a million cells
   * would hold the event loop for seconds).
   */
  private async stateOf(
    name: string,
  ): Promise<{ state: Uint8Array; stateVector: Uint8Array; cells: number }> {
    const entry = this.options.registry.peek(name)
    if (entry) {
      return {
        state: Y.encodeStateAsUpdate(entry.doc),
        stateVector: Y.encodeStateVector(entry.doc),
        cells: entry.kind === 'sheet' ? SheetCells.of(entry.doc).size : 0,
      }
    }
    const stored = await this.options.store.loadDoc(name)
    const state =
      stored.updates.length === 1
        ? (stored.updates[0] as Uint8Array)
        : Y.mergeUpdates(stored.updates)
    return { state, stateVector: Y.encodeStateVectorFromUpdate(state), cells: -1 }
  }

  private async rebuild(workbookId: string, versionId: string): Promise<OpenedVersion> {
    const record = await this.get(workbookId, versionId)
    const workbook = await this.rebuildDoc(versionId, workbookDocName(workbookId))
    workbookTypes(workbook)
    const sheets = new Map<string, Y.Doc>()
    for (const sheetId of record.sheetIds) {
      const doc = await this.rebuildDoc(versionId, sheetDocName(workbookId, sheetId))
      sheetTypes(doc)
      sheets.set(sheetId, doc)
    }
    return { record, workbook, sheets }
  }

  private async rebuildDoc(versionId: string, name: string): Promise<Y.Doc> {
    const chain = await this.options.store.loadVersionChain(versionId, name)
    if (chain.length === 0) {
      throw new CellmateError(ERROR_CODES.NOT_FOUND, `version ${versionId} does not hold ${name}`)
    }
    const doc = new Y.Doc()
    Y.applyUpdate(
      doc,
      chain.length === 1 ? (chain[0] as VersionDoc).data : Y.mergeUpdates(chain.map((c) => c.data)),
    )
    return doc
  }

  /** Runs the version operations of one workbook one after another (on this node). */
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

/** A full state from a full state and a delta on it, garbage collected. */
function fullState(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(parts))
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

function destroyOpened(opened: OpenedVersion): void {
  opened.workbook.destroy()
  for (const doc of opened.sheets.values()) doc.destroy()
}

/**
 * One person's key among a version's participants. Every stored edit is noted, so it is made
 * without serialising an object: a link id never holds the separator, and the prefixes tell
 * null from any text.
 */
function participantKey(p: Participant): string {
  const link = p.linkId === null ? '-' : `l${p.linkId}`
  return `${link}\u0000${p.name === null ? '-' : `n${p.name}`}`
}
