import { FUNCTION_HELP, signatureText } from '../formula/functionCatalog'

/** One function as the Help menu's function list shows it. */
export interface FunctionEntry {
  name: string
  /** `VLOOKUP(search_key, range, index, [is_sorted])`, or `NAME()` without help. */
  signature: string
  /** One line on what it does; empty when the catalogue has none. */
  description: string
}

/** Every function of the engine (`names`), with its signature and description when known. */
export function functionEntries(names: readonly string[]): FunctionEntry[] {
  return names.map((name) => ({
    name,
    signature: signatureText(name),
    description: FUNCTION_HELP[name]?.description ?? '',
  }))
}

/**
 * The entries matching a search: a name starting with the query first, then names containing
 * it, then descriptions mentioning it (so "average" finds AVERAGEIF and "lookup" finds INDEX).
 * Case-insensitive; an empty query keeps every entry in order.
 */
export function searchFunctions(entries: readonly FunctionEntry[], query: string): FunctionEntry[] {
  const q = query.trim().toLowerCase()
  if (q === '') return [...entries]
  const starts: FunctionEntry[] = []
  const contains: FunctionEntry[] = []
  const described: FunctionEntry[] = []
  for (const e of entries) {
    const name = e.name.toLowerCase()
    if (name.startsWith(q)) starts.push(e)
    else if (name.includes(q)) contains.push(e)
    else if (e.description.toLowerCase().includes(q)) described.push(e)
  }
  return [...starts, ...contains, ...described]
}
