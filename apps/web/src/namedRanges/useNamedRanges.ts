import { nextTick, onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue'
import {
  SheetLayout,
  addName,
  deleteName,
  findName,
  listNames,
  listSheets,
  updateName,
  type DefinedName,
} from '@cellmate/model'
import { toStoredNameFormula } from '@cellmate/formula'
import { selectionRange } from '../grid/selectionRange'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import type { WorkbookSession } from '../sync/workbookSession'
import { rangeOfName, selectionReference, type NamedRangeTarget } from './namedRanges'
import { useNamedRangeStore } from './namedRangeStore'

/** What the Named ranges panel does to the workbook's names (each one undoable step). */
export interface NamedRangeCommands {
  /** Defines a name; `refersTo` is read as typed on the open sheet. Throws with the reason. */
  define(name: string, refersTo: string, scope: string | null): void
  update(id: string, change: { name?: string; refersTo?: string }): void
  remove(id: string): void
  /** Selects a named range's cells, opening its sheet first. False when it is not a range. */
  goTo(name: DefinedName): boolean
  /** The open sheet's selection as a name's formula (`Sheet1!$A$1:$B$4`). */
  selectionText(): string
}

/**
 * Keeps the store's names current with the workbook document, carries out the name box's
 * requests, and gives the panel its commands. Edits are tagged with the session's origin, so
 * this user's Ctrl+Z takes back their own name edits only.
 */
export function useNamedRanges(options: {
  session: WorkbookSession
  sheet: ShallowRef<SheetSession | null>
  activeSheetId: Ref<string | undefined>
  /** Shows a sheet (the router's push to its address). */
  open: (sheetId: string) => void
}): NamedRangeCommands {
  const { session, sheet, activeSheetId } = options
  const store = useNamedRangeStore()
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  const refresh = (): void => {
    store.names = listNames(session.workbook)
  }
  refresh()
  session.workbook.on('afterTransaction', refresh)
  onBeforeUnmount(() => session.workbook.off('afterTransaction', refresh))

  let pending: NamedRangeTarget | null = null
  const select = ({ range }: NamedRangeTarget): void =>
    selection.selectRange(range.start, range.end, range.start)

  watch(sheet, async (opened) => {
    if (!pending || opened?.id !== pending.sheetId) return
    const target = pending
    pending = null
    // After the sheet's own reset to A1 (useCrossSheetEdit).
    await nextTick()
    select(target)
  })

  function targetOf(name: DefinedName): NamedRangeTarget | null {
    const open = sheet.value
    const layouts: SheetLayout[] = []
    try {
      return rangeOfName(name.formula, (id) => {
        if (open && id === open.id) return open.layout
        const doc = session.formulas.sheetDocs.get(id)
        if (!doc) return undefined
        const layout = new SheetLayout(doc)
        layouts.push(layout)
        return layout
      })
    } finally {
      for (const layout of layouts) layout.destroy()
    }
  }

  function goTo(name: DefinedName): boolean {
    const target = targetOf(name)
    if (!target) return false
    if (target.sheetId === activeSheetId.value) select(target)
    else {
      pending = target
      options.open(target.sheetId)
    }
    return true
  }

  function context() {
    const ctx = sheet.value?.formulaContext
    if (!ctx) throw new Error('the sheet is still loading')
    return ctx
  }

  function selectionText(): string {
    const open = sheet.value
    if (!open) return ''
    const name = listSheets(session.workbook).find((s) => s.id === open.id)?.name ?? 'Sheet1'
    const { layout } = open
    return selectionReference(
      name,
      selectionRange(selection, { rows: layout.rowCount, cols: layout.colCount }),
    )
  }

  const commands: NamedRangeCommands = {
    define(name, refersTo, scope) {
      const formula = toStoredNameFormula(refersTo, context())
      addName(session.workbook, { name, formula, scope }, session.origin)
    },
    update(id, change) {
      const formula =
        change.refersTo === undefined ? undefined : toStoredNameFormula(change.refersTo, context())
      updateName(
        session.workbook,
        id,
        {
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(formula === undefined ? {} : { formula }),
        },
        session.origin,
      )
    },
    remove(id) {
      deleteName(session.workbook, id, session.origin)
    },
    goTo,
    selectionText,
  }

  watch(
    () => store.request,
    (request) => {
      if (!request) return
      store.request = null
      try {
        if (request.kind === 'define') {
          commands.define(request.name, selectionText(), null)
          return
        }
        const name = findName(store.names, request.name, activeSheetId.value ?? null)
        if (name && !goTo(name)) {
          notices.showError(new Error(`${name.name} is not a range of cells`))
        }
      } catch (err) {
        notices.showError(err)
      }
    },
  )

  return commands
}
