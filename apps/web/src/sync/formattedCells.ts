import type * as Y from 'yjs'
import { parseFormatKey } from '@cellmate/model'

/**
 * The cells (`rowId:colId`) that hold a key in a sheet's formats map, or held one: most cells
 * have no format, and asking the map for each attribute of every cell scrolled into view
 * (`getFormat`: one Yjs map lookup per attribute) was a good part of a scroll frame. Read on
 * first use and kept by the map's events; a cell whose format was cleared stays listed, which
 * costs it only the full read. Kept per row id (the ids the layout hands out, whose hashes the
 * engine keeps): no key string is built per cell asked about.
 */
export class FormattedCells {
  private cells: Map<string, Set<string>> | null = null
  private stop: (() => void) | null = null

  constructor(private readonly formats: Y.Map<unknown>) {}

  /** False when the cell certainly has no format attribute. */
  has(rowId: string, colId: string): boolean {
    return this.listed().get(rowId)?.has(colId) === true
  }

  destroy(): void {
    this.stop?.()
  }

  private listed(): Map<string, Set<string>> {
    if (this.cells) return this.cells
    const cells = new Map<string, Set<string>>()
    const add = (key: string): void => {
      const at = parseFormatKey(key)
      if (!at) return
      const cols = cells.get(at.rowId)
      if (cols) cols.add(at.colId)
      else cells.set(at.rowId, new Set([at.colId]))
    }
    for (const key of this.formats.keys()) add(key)
    const onChange = (event: Y.YMapEvent<unknown>): void => {
      for (const key of event.keysChanged) add(key)
    }
    this.formats.observe(onChange)
    this.stop = () => this.formats.unobserve(onChange)
    this.cells = cells
    return cells
  }
}
