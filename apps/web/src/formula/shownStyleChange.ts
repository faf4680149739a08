import type * as Y from 'yjs'
import type { SheetCells } from '@cellmate/model'
import { shownFormatKey } from '@cellmate/formula'

/**
 * True when a transaction changed an input in a way that changes what inherited number
 * formats read of it (`shownFormatKey`: `5` retyped as `$5` turns `=A1*2` into money, on this
 * sheet or on any other that reads it), not only a value. Call it from a cells listener.
 */
export function shownStyleChanged(cells: SheetCells, tr: Y.Transaction): boolean {
  for (const [key, { added, deleted }] of cells.changesIn(tr)) {
    const now = shownFormatKey(cells.get(key) ?? '')
    const before = deleted.length > 0 ? deleted.map((e) => e.value) : ['']
    for (const input of [...before, ...added.map((e) => e.value)]) {
      if (shownFormatKey(input) !== now) return true
    }
  }
  return false
}
