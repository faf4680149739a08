/**
 * Excel's GROUPBY over plain values (`groupByPlugin.ts` reads the arguments and aggregates):
 * rows grouped by their row-field keys (text without regard to case, as UNIQUE), sorted by the
 * row fields or by `sort_order`, with a grand total and, for two or more row fields,
 * subtotals per first-level key.
 */

/** A cell as the engine gives it: a number, text, boolean, blank (null) or error object. */
export type Value = unknown

export interface GroupByOptions {
  /** 0 none, 1 headers not shown, 2 none but generated, 3 headers shown; undefined: detect. */
  headers: number | undefined
  /** 0 none, 1 grand total, 2 with subtotals; negative: at the top. */
  totalDepth: number
  /** 1-based output columns to sort by, negative for descending; empty: by the row fields. */
  sortOrder: readonly number[]
  /** Which data rows to keep; undefined: all. */
  keep: readonly boolean[] | undefined
}

/** A group's rows' values, one array per value column, aggregated to one result each. */
export type Aggregate = (columns: Value[][], all: Value[][]) => Value[]

const isText = (v: Value): v is string => typeof v === 'string'
const isNumber = (v: Value): boolean =>
  typeof v === 'number' || (typeof v === 'object' && v !== null && 'val' in v)

/** Excel's order for sorting: numbers, text (ignoring case), booleans, then blanks last. */
export function compareValues(a: Value, b: Value): number {
  const rank = (v: Value): number =>
    isNumber(v) ? 0 : isText(v) ? 1 : typeof v === 'boolean' ? 2 : v === null ? 4 : 3
  const [ra, rb] = [rank(a), rank(b)]
  if (ra !== rb) return ra - rb
  if (ra === 0) return Number(numeric(a)) - Number(numeric(b))
  if (ra === 1) return (a as string).toLowerCase().localeCompare((b as string).toLowerCase())
  if (ra === 2) return Number(a) - Number(b)
  return 0
}

function numeric(v: Value): number {
  return typeof v === 'number' ? v : ((v as { val: number }).val ?? 0)
}

export const keyOf = (v: Value): string =>
  isText(v) ? `t${v.toLowerCase()}` : isNumber(v) ? `n${numeric(v)}` : `o${String(v)}`

/** Whether the first row of `values` reads as headers: text above a number, as Excel detects. */
export function looksLikeHeaders(values: readonly (readonly Value[])[]): boolean {
  const [first, second] = [values[0]?.[0], values[1]?.[0]]
  return isText(first) && isNumber(second)
}

interface Group {
  keys: Value[]
  rows: number[]
  /** Filled in once aggregated. */
  results: Value[]
}

/**
 * The GROUPBY table, row by row (`null` is a blank cell), or an error text. `fields` and
 * `values` are column-oriented and equally tall.
 */
export function groupBy(
  fields: readonly (readonly Value[])[],
  values: readonly (readonly Value[])[],
  aggregate: Aggregate,
  options: GroupByOptions,
): Value[][] | '#VALUE!' {
  if (fields.length !== values.length || fields.length === 0) return '#VALUE!'
  const headers = options.headers ?? (looksLikeHeaders(values) ? 1 : 0)
  const hasHeaderRow = headers === 1 || headers === 3
  const p = fields[0]?.length ?? 0
  const q = values[0]?.length ?? 0
  const start = hasHeaderRow ? 1 : 0
  let keep = options.keep
  if (keep && keep.length === fields.length && hasHeaderRow) keep = keep.slice(1)
  if (keep && keep.length !== fields.length - start) return '#VALUE!'

  const rows: number[] = []
  for (let r = start; r < fields.length; r++) if (!keep || keep[r - start]) rows.push(r)
  const column = (data: readonly (readonly Value[])[], at: readonly number[], c: number): Value[] =>
    at.map((r) => data[r]?.[c] ?? null)
  const columnsOf = (at: readonly number[]): Value[][] =>
    Array.from({ length: q }, (_, c) => column(values, at, c))
  const all = columnsOf(rows)

  const byKey = new Map<string, Group>()
  for (const r of rows) {
    const keys = Array.from({ length: p }, (_, c) => fields[r]?.[c] ?? null)
    const id = keys.map(keyOf).join('\u0001')
    let g = byKey.get(id)
    if (!g) byKey.set(id, (g = { keys, rows: [], results: [] }))
    g.rows.push(r)
  }
  const groups = [...byKey.values()]
  for (const g of groups) g.results = aggregate(columnsOf(g.rows), all)

  const cellOf = (g: Group, c: number): Value => (c < p ? g.keys[c] : g.results[c - p])
  const order = options.sortOrder.length
    ? options.sortOrder
    : Array.from({ length: p }, (_, i) => i + 1)
  groups.sort((a, b) => {
    for (const o of order) {
      const c = Math.abs(o) - 1
      const d = compareValues(cellOf(a, c), cellOf(b, c))
      if (d !== 0) return o < 0 ? -d : d
    }
    return 0
  })

  const depth = Math.abs(options.totalDepth)
  const atTop = options.totalDepth < 0
  const body: Value[][] = []
  const subtotals = depth >= 2 && p >= 2
  if (subtotals) {
    // Subtotals per first-level key, in the order the groups were sorted to.
    const levels = new Map<string, Group[]>()
    for (const g of groups) {
      const id = keyOf(g.keys[0])
      levels.set(id, [...(levels.get(id) ?? []), g])
    }
    for (const members of levels.values()) {
      const at = members.flatMap((g) => g.rows)
      // The key as first written in the data ("East" before "east").
      const first = members.reduce((a, g) => ((g.rows[0] ?? 0) < (a.rows[0] ?? 0) ? g : a))
      const sub: Value[] = [
        first.keys[0],
        ...Array.from({ length: p - 1 }, () => null),
        ...aggregate(columnsOf(at), all),
      ]
      const detail = members.map((g) => [...g.keys, ...g.results])
      body.push(...(atTop ? [sub, ...detail] : [...detail, sub]))
    }
  } else body.push(...groups.map((g) => [...g.keys, ...g.results]))

  if (depth >= 1) {
    const total = ['Total', ...Array.from({ length: p - 1 }, () => null), ...aggregate(all, all)]
    if (atTop) body.unshift(total)
    else body.push(total)
  }
  if (headers === 3 || headers === 2) {
    const head =
      headers === 3
        ? [...(fields[0] ?? []), ...(values[0] ?? [])]
        : [
            ...Array.from({ length: p }, (_, i) => `Row Field ${i + 1}`),
            ...Array.from({ length: q }, (_, i) => `Value ${i + 1}`),
          ]
    body.unshift(head)
  }
  return body
}
