import type * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import {
  SheetLayout,
  listSheets,
  readConditionalFormats,
  readRuleTexts,
  readValidations,
  setRuleTexts,
  sheetDocName,
  workbookDocName,
  workbookTypes,
  type RuleText,
} from '@cellmate/model'
import {
  isAnchoredRuleText,
  referencedSheetIds,
  ruleForStorage,
  type FormulaContext,
} from '@cellmate/formula'
import { parseDocName } from '@cellmate/protocol'
import type { DocEntry } from './docEntry.js'
import type { DocumentRegistry } from './documentRegistry.js'
import type { WorkbookService } from './workbookService.js'

export interface RuleSheetRenamesOptions {
  registry: DocumentRegistry
  workbooks: WorkbookService
  log: FastifyBaseLogger
}

/** A sheet renamed from `oldName`. */
interface Rename {
  sheetId: string
  oldName: string
}

/**
 * Keeps rules stored as A1 text (before rule formulas naming a sheet were anchored to its id)
 * pointing at a sheet when it is renamed, as Excel and Google Sheets rewrite references on a
 * rename: the conditional-format formulas, validation formulas and list sources of every sheet
 * that name the sheet by its old name are stored anchored (`ruleForStorage`, as saving the rule
 * again would), one server change per document, so they follow later renames by themselves.
 * Every rename is seen, whoever makes it (a tab's edit of the workbook document, REST): the
 * workbook document is watched once loaded. Converting on rename rather than on read keeps
 * reads from writing.
 */
export class RuleSheetRenames {
  private readonly registry: DocumentRegistry
  private readonly workbooks: WorkbookService
  private readonly log: FastifyBaseLogger
  private readonly queues = new Map<string, Promise<void>>()

  constructor(options: RuleSheetRenamesOptions) {
    this.registry = options.registry
    this.workbooks = options.workbooks
    this.log = options.log
  }

  /** Starts following the sheet renames of a just-loaded workbook document (`onLoaded`). */
  watch(entry: DocEntry): void {
    const ref = parseDocName(entry.name)
    if (ref?.kind !== 'workbook') return
    const workbookId = ref.id
    const { sheetMeta } = workbookTypes(entry.doc)
    sheetMeta.observeDeep((events) => {
      for (const event of events) {
        const sheetId = event.path[0]
        const name = event.changes.keys.get('name')
        if (event.target === sheetMeta || typeof sheetId !== 'string') continue
        if (name?.action !== 'update' || typeof name.oldValue !== 'string') continue
        this.enqueue(workbookId, { sheetId, oldName: name.oldValue })
      }
    })
  }

  /** Resolves once the rules of the renames seen so far in the workbook are converted. */
  settled(workbookId: string): Promise<void> {
    return this.queues.get(workbookId) ?? Promise.resolve()
  }

  private enqueue(workbookId: string, rename: Rename): void {
    const before = this.queues.get(workbookId) ?? Promise.resolve()
    const run = before.then(() => this.follow(workbookId, rename))
    const settled = run.catch((err: unknown) => {
      // The rename itself is stored; only rules still in text form miss it.
      this.log.error({ err, workbookId }, 'could not point rules at a renamed sheet')
    })
    this.queues.set(workbookId, settled)
    void settled.then(() => {
      if (this.queues.get(workbookId) === settled) this.queues.delete(workbookId)
    })
  }

  private async follow(workbookId: string, rename: Rename): Promise<void> {
    const ids = await this.workbooks.sheetIds(workbookId)
    if (!ids.has(rename.sheetId)) return
    const sheets = await this.registry.use(workbookDocName(workbookId), (wb) =>
      listSheets(wb.doc).filter((s) => ids.has(s.id)),
    )
    // The renamed sheet answers to its old name only: a rule naming its new name named no
    // sheet before the rename, and still names none.
    const byName = new Map<string, string>()
    for (const s of sheets) {
      if (s.id !== rename.sheetId) byName.set(s.name.toLowerCase(), s.id)
    }
    byName.set(rename.oldName.toLowerCase(), rename.sheetId)
    const needles = namesInText(rename.oldName)
    for (const sheet of sheets) {
      await this.registry.use(sheetDocName(workbookId, sheet.id), async (entry) => {
        const texts = readRuleTexts(entry.doc).filter(
          (t) =>
            !isAnchoredRuleText(t.text) && needles.some((n) => t.text.toLowerCase().includes(n)),
        )
        if (texts.length === 0) return
        const named = sheets.filter(
          (s) => s.id === rename.sheetId || texts.some((t) => mentions(t.text, s.name)),
        )
        await this.withLayouts(workbookId, sheet.id, entry.doc, named, async (layouts) => {
          const ctx: FormulaContext = {
            sheetId: sheet.id,
            layout: (id) => layouts.get(id),
            sheetIdByName: (name) => byName.get(name.toLowerCase()),
            sheetName: (id) => sheets.find((s) => s.id === id)?.name,
          }
          const convert = (doc: Y.Doc) =>
            anchoredTexts(doc, layouts.get(sheet.id), ctx, rename.sheetId)
          // The old name may only be in a text literal: then nothing is written.
          if (convert(entry.doc).length === 0) return
          await this.registry.change(entry, (doc) => setRuleTexts(doc, convert(doc)))
        })
      })
    }
  }

  /** Runs `fn` with the layouts of the rules' own sheet and of the sheets they name. */
  private async withLayouts<T>(
    workbookId: string,
    ownId: string,
    ownDoc: Y.Doc,
    named: ReadonlyArray<{ id: string }>,
    fn: (layouts: Map<string, SheetLayout>) => Promise<T>,
  ): Promise<T> {
    const layouts = new Map<string, SheetLayout>([[ownId, new SheetLayout(ownDoc)]])
    const held: DocEntry[] = []
    try {
      for (const { id } of named) {
        if (layouts.has(id)) continue
        const entry = await this.registry.acquire(sheetDocName(workbookId, id))
        held.push(entry)
        layouts.set(id, new SheetLayout(entry.doc))
      }
      return await fn(layouts)
    } finally {
      for (const layout of layouts.values()) layout.destroy()
      for (const entry of held) this.registry.release(entry)
    }
  }
}

/** How a sheet name may appear in a formula, lower-cased: as is, or quoted (`'O''Brien'`). */
function namesInText(name: string): string[] {
  const lower = name.toLowerCase()
  return lower.includes("'") ? [lower, lower.replace(/'/g, "''")] : [lower]
}

function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase()
  return namesInText(name).some((n) => lower.includes(n))
}

/**
 * The text-form formulas and list sources of a sheet's rules that name `renamedId` once
 * converted with `ctx` (which knows the renamed sheet by its old name), in stored form.
 */
function anchoredTexts(
  doc: Y.Doc,
  layout: SheetLayout | undefined,
  ctx: FormulaContext,
  renamedId: string,
): RuleText[] {
  const edits: RuleText[] = []
  const rules = [
    ...readConditionalFormats(doc, layout).map(
      (r) => ({ rules: 'conditionalFormats', r }) as const,
    ),
    ...readValidations(doc, layout).map((r) => ({ rules: 'validations', r }) as const),
  ]
  for (const { rules: map, r } of rules) {
    for (const field of ['formula', 'source'] as const) {
      const text = (r as { formula?: string; source?: string })[field]
      if (text === undefined || isAnchoredRuleText(text)) continue
      const stored = ruleForStorage({ [field]: text }, ctx, r.range.start)[field] as string
      const formula = field === 'source' ? `=${stored}` : stored
      if (!referencedSheetIds(formula).includes(renamedId)) continue
      edits.push({ rules: map, id: r.id, field, text: stored })
    }
  }
  return edits
}
