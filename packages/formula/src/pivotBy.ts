import { compareValues, keyOf, looksLikeHeaders, type Value } from './groupBy.js'

/**
 * Excel's PIVOTBY over plain values (`pivotByPlugin.ts` reads the arguments and aggregates):
 * data rows grouped along two axes — row fields down the left, column fields across the top —
 * each axis nested by its fields (text without regard to case), sorted, with subtotals per
 * outer level and a grand total, and every cell the aggregate of the rows both its row and its
 * column select (blank where none do). Microsoft Support, "PIVOTBY function".
 */

export interface PivotOptions {
  /** 0 none, 1 headers not shown, 2 none but generated, 3 headers shown; undefined: detect. */
  headers: number | undefined
  /** 0 none, 1 grand total, 2+ with subtotals to that depth; negative: at the top/left; undefined: all. */
  rowDepth: number | undefined
  colDepth: number | undefined
  /** 1-based: the axis' fields, then the values (sorted by their totals); negative descending. */
  rowSort: readonly number[]
  colSort: readonly number[]
  /** Which data rows to keep; undefined: all. */
  keep: readonly boolean[] | undefined
  /** What a two-argument function gets second: 0 column, 1 row, 2 grand, 3 parent column, 4 parent row total. */
  relativeTo: number
}

/**
 * One value column's aggregate over data rows `rows`, given also the rows `relativeRows` that
 * relative_to names (read by a two-argument function such as PERCENTOF).
 */
export type PivotAggregate = (valueColumn: number, rows: number[], relativeRows: number[]) => Value

/** A row (or column) of the result: a group at the innermost level, a subtotal or the total. */
interface Line {
  /** The label at each level (null where the line shows none). */
  labels: Value[]
  /** Data rows the line selects. */
  rows: number[]
  /** Data rows of its parent group (all rows for an outermost group or the total). */
  parentRows: number[]
}

interface AxisSpec {
  /** Key columns, one array per data row. */
  keys: readonly (readonly Value[])[]
  levels: number
  /** How many levels carry totals: 0 none, 1 grand total, d: subtotals for the d-1 outer levels. */
  depth: number
  atTop: boolean
  sort: readonly number[]
  /** The aggregate of value column `c` over `rows`, for sorting by values. */
  total: (c: number, rows: number[]) => Value
}

/** The lines of one axis, nested level by level, sorted, with subtotals and the total. */
function axisLines(spec: AxisSpec, rows: number[]): Line[] {
  const order = spec.sort.length ? spec.sort : Array.from({ length: spec.levels }, (_, i) => i + 1)
  const walk = (at: number[], level: number, prefix: Value[]): Line[] => {
    const groups = new Map<string, { key: Value; rows: number[] }>()
    for (const r of at) {
      const key = spec.keys[r]?.[level] ?? null
      const id = keyOf(key)
      let g = groups.get(id)
      if (!g) groups.set(id, (g = { key, rows: [] }))
      g.rows.push(r)
    }
    const list = [...groups.values()]
    list.sort((a, b) => {
      for (const o of order) {
        const c = Math.abs(o) - 1
        let d = 0
        if (c === level) d = compareValues(a.key, b.key)
        else if (c >= spec.levels) {
          d = compareValues(
            spec.total(c - spec.levels, a.rows),
            spec.total(c - spec.levels, b.rows),
          )
        } else continue
        if (d !== 0) return o < 0 ? -d : d
      }
      return 0
    })
    const out: Line[] = []
    const blanks = (n: number): Value[] => Array.from({ length: n }, () => null)
    for (const g of list) {
      const labels = [...prefix, g.key]
      if (level === spec.levels - 1) {
        out.push({ labels, rows: g.rows, parentRows: at })
        continue
      }
      const inner = walk(g.rows, level + 1, labels)
      // Subtotals for the outer levels the depth asks for (depth 2: the first level only).
      if (level < spec.depth - 1) {
        const sub = {
          labels: [...labels, ...blanks(spec.levels - labels.length)],
          rows: g.rows,
          parentRows: at,
        }
        out.push(...(spec.atTop ? [sub, ...inner] : [...inner, sub]))
      } else out.push(...inner)
    }
    return out
  }
  const lines = walk(rows, 0, [])
  if (spec.depth >= 1) {
    const total = {
      labels: ['Total', ...Array.from({ length: spec.levels - 1 }, () => null)],
      rows,
      parentRows: rows,
    }
    if (spec.atTop) lines.unshift(total)
    else lines.push(total)
  }
  return lines
}

function intersect(a: readonly number[], b: readonly number[]): number[] {
  const set = new Set(b)
  return a.filter((r) => set.has(r))
}

/** The data rows' values of `columns` (one array per row), without the header row. */
const columnsOf = (data: readonly (readonly Value[])[], r: number): readonly Value[] =>
  data[r] ?? []

/**
 * The PIVOTBY table, row by row (`null` is a blank cell), or an error text. `rowFields`,
 * `colFields` and `values` are the data's rows (equally tall).
 */
export function pivotBy(
  rowFields: readonly (readonly Value[])[],
  colFields: readonly (readonly Value[])[],
  values: readonly (readonly Value[])[],
  aggregate: PivotAggregate,
  options: PivotOptions,
): Value[][] | '#VALUE!' {
  const n = values.length
  if (n === 0 || rowFields.length !== n || colFields.length !== n) return '#VALUE!'
  const p = rowFields[0]?.length ?? 0
  const k = colFields[0]?.length ?? 0
  const q = values[0]?.length ?? 0
  const hasHeaderRow =
    options.headers === undefined
      ? looksLikeHeaders(values.map((r) => [r[0] ?? null]))
      : options.headers === 1 || options.headers === 3
  const showHeaders =
    options.headers === undefined ? hasHeaderRow && (p > 1 || k > 1) : options.headers >= 2
  const start = hasHeaderRow ? 1 : 0
  let keep = options.keep
  if (keep && keep.length === n && hasHeaderRow) keep = keep.slice(1)
  if (keep && keep.length !== n - start) return '#VALUE!'
  const rows: number[] = []
  for (let r = start; r < n; r++) if (!keep || keep[r - start]) rows.push(r)

  const depthOf = (given: number | undefined, levels: number): [number, boolean] =>
    given === undefined ? [levels, false] : [Math.abs(given), given < 0]
  const [rowDepth, rowsAtTop] = depthOf(options.rowDepth, p)
  const [colDepth, colsAtTop] = depthOf(options.colDepth, k)
  const total = (c: number, at: number[]): Value => aggregate(c, at, at)
  const rowLines = axisLines(
    {
      keys: rowFields,
      levels: p,
      depth: rowDepth,
      atTop: rowsAtTop,
      sort: options.rowSort,
      total,
    },
    rows,
  )
  const colLines = axisLines(
    {
      keys: colFields,
      levels: k,
      depth: colDepth,
      atTop: colsAtTop,
      sort: options.colSort,
      total,
    },
    rows,
  )

  const relative = (row: Line, col: Line): number[] => {
    switch (options.relativeTo) {
      case 1:
        return row.rows
      case 2:
        return rows
      case 3:
        return intersect(row.rows, col.parentRows)
      case 4:
        return intersect(col.rows, row.parentRows)
      default:
        return col.rows
    }
  }

  const out: Value[][] = []
  const width = p + colLines.length * q
  const blankRow = (): Value[] => Array.from({ length: width }, () => null)
  const header = (data: readonly (readonly Value[])[], c: number, generated: string): Value =>
    hasHeaderRow ? (columnsOf(data, 0)[c] ?? null) : options.headers === 2 ? generated : null
  if (showHeaders) {
    // The column fields' names in a row above their keys.
    const names = blankRow()
    for (let j = 0; j < k; j++) names[p + j] = header(colFields, j, `Col Field ${j + 1}`)
    out.push(names)
  }
  for (let level = 0; level < k; level++) {
    const line = blankRow()
    colLines.forEach((col, i) => (line[p + i * q] = col.labels[level] ?? null))
    out.push(line)
  }
  if (q > 1) {
    // Several values: which value each column shows, under its column's keys.
    const line = blankRow()
    colLines.forEach((_, i) => {
      for (let v = 0; v < q; v++) {
        line[p + i * q + v] = hasHeaderRow ? header(values, v, '') : `Value ${v + 1}`
      }
    })
    out.push(line)
  }
  if (showHeaders) {
    const last = out[out.length - 1] as Value[]
    for (let j = 0; j < p; j++) last[j] = header(rowFields, j, `Row Field ${j + 1}`)
  }
  for (const row of rowLines) {
    const line: Value[] = [...row.labels]
    for (const col of colLines) {
      const cell = intersect(row.rows, col.rows)
      const rel = relative(row, col)
      for (let v = 0; v < q; v++) line.push(cell.length === 0 ? null : aggregate(v, cell, rel))
    }
    out.push(line)
  }
  return out
}
