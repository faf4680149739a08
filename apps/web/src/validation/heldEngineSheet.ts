import * as Y from 'yjs'
import { initSheet, initWorkbook } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { WorkbookFormulas, type LoadEngine } from '../formula/workbookFormulas'

/**
 * For tests: a sheet whose formula engine's code arrives only when `release` is called, as
 * on a slow connection (the engine is fetched on first need).
 */
export function sheetWithHeldEngine(size = { rows: 10, cols: 5 }): {
  sheet: SheetSession
  release: () => void
} {
  let release = (): void => {}
  const arrived = new Promise<void>((resolve) => (release = resolve))
  const load: LoadEngine = () => arrived.then(() => import('../formula/formulaEngine'))
  const workbook = new Y.Doc()
  const { id } = initWorkbook(workbook, 'Book', 'sheet-1')
  const doc = new Y.Doc()
  initSheet(doc, size)
  const formulas = new WorkbookFormulas(workbook, () => {}, {
    loadEngine: load,
    afterPaint: (fn) => fn(),
  })
  formulas.addSheet(id, doc)
  const sheet = new SheetSession(id, { doc, release() {} }, { session: 'test' }, (layout) =>
    formulas.forSheet(id, layout),
  )
  return { sheet, release }
}
