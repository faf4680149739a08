import {
  ArraySize,
  SimpleRangeValue,
  type HyperFormula,
  type ImplementedFunctions,
  type SimpleCellAddress,
} from 'hyperformula'

/**
 * Spills sized by measuring. HyperFormula fixes a formula's spill area when it reads the
 * formula, before any value is known; a function whose result's size follows from the data
 * (PIVOTBY: one column per distinct column key; GROUPBY: one row per group) can only reserve
 * "the most it can be" — rows × rows cells for PIVOTBY, and cells Excel would leave free.
 * So such a function records the size it actually computed, by its formula's address and its
 * name (`measuredResult`), its size method answers the size last measured there
 * (`predictMeasured`), and after a recalculation `EngineCore.settle` re-enters every formula
 * whose measured size differs from the size it was read with (`resizeMeasuredSpills`):
 * HyperFormula reads it again, now sized right, and a cell in the way is #SPILL! as in Excel.
 * A formula whose spill was blocked is not evaluated by HyperFormula, so it is read once more
 * at one cell to be measured again. Until it is read again, a result grown past its area is
 * cut to it (HyperFormula refuses to store a larger array).
 */

interface Size {
  width: number
  height: number
  /** Predicted from the formula's text (typed counts, a range's size): never re-read. */
  literal?: boolean
}

interface Measured {
  /** Size each measured call (`sheet:row:col:NAME`) was last read with. */
  predicted: Map<string, Size>
  /** Size computed by each measured call since the last `resizeMeasuredSpills`. */
  measured: Map<string, Size>
}

const registry = new WeakMap<object, Measured>()

function of(graph: object): Measured {
  let m = registry.get(graph)
  if (!m) registry.set(graph, (m = { predicted: new Map(), measured: new Map() }))
  return m
}

const keyOf = (a: SimpleCellAddress, name: string): string => `${a.sheet}:${a.row}:${a.col}:${name}`

function split(key: string): { address: SimpleCellAddress; name: string } {
  const [sheet, row, col, name] = key.split(':') as [string, string, string, string]
  return { address: { sheet: +sheet, row: +row, col: +col }, name }
}

interface State {
  formulaAddress: SimpleCellAddress
  formulaVertex?: unknown
}

/**
 * The size to read a call of `name` in the formula at the state's address with: the one it
 * was last read with (the measured size once they differed), else one cell.
 */
export function predictMeasured(graph: object, name: string, state: unknown): ArraySize {
  const m = of(graph)
  const key = keyOf((state as State).formulaAddress, name)
  const chosen = m.predicted.get(key) ?? { width: 1, height: 1 }
  m.predicted.set(key, chosen)
  return new ArraySize(chosen.width, chosen.height)
}

/** A result cut to `width` × `height` (a scalar when one cell is left). */
function cut(result: SimpleRangeValue, width: number, height: number): unknown {
  const rows = (result.data as unknown[][]).slice(0, height).map((r) => r.slice(0, width))
  return rows.length === 1 && rows[0]?.length === 1
    ? rows[0][0]
    : SimpleRangeValue.onlyValues(rows as never)
}

/**
 * Notes the size a measured call of `name` computed, and gives its result back, cut to the
 * area its formula spills over when it has grown past it (the data changed since the formula
 * was read; it is read again at the new size after this recalculation).
 */
export function measuredResult(
  graph: object,
  name: string,
  state: unknown,
  result: unknown,
): unknown {
  const { formulaAddress, formulaVertex } = state as State
  const rows = result instanceof SimpleRangeValue ? (result.data as unknown[][]) : [[result]]
  const [width, height] = [Math.max(1, rows[0]?.length ?? 1), Math.max(1, rows.length)]
  of(graph).measured.set(keyOf(formulaAddress, name), { width, height })
  const area = formulaVertex as { array?: unknown; width?: unknown; height?: unknown } | undefined
  if (!(result instanceof SimpleRangeValue) || area?.array === undefined) return result
  if (typeof area.width !== 'number' || typeof area.height !== 'number') return result
  return width > area.width || height > area.height ? cut(result, area.width, area.height) : result
}

const graphOf = (hf: HyperFormula): object =>
  (hf as unknown as { dependencyGraph: object }).dependencyGraph

/**
 * Formula addresses with a measured call whose size differs from the size it was read with
 * (to be read again, now at that size); clears the measurements.
 */
function formulasToResize(hf: HyperFormula): SimpleCellAddress[] {
  const m = of(graphOf(hf))
  const out: SimpleCellAddress[] = []
  for (const [key, size] of m.measured) {
    const given = m.predicted.get(key)
    if (given?.literal) continue
    if (!given || given.width !== size.width || given.height !== size.height) {
      m.predicted.set(key, size)
      out.push(split(key).address)
    }
  }
  m.measured.clear()
  return out
}

/**
 * Addresses of formulas with a measured call that show #SPILL! (HyperFormula does not
 * evaluate them, so they are not measured again): their prediction is forgotten so that,
 * read again, they are one cell and measured.
 */
function blockedFormulas(hf: HyperFormula): SimpleCellAddress[] {
  const m = of(graphOf(hf))
  const out: SimpleCellAddress[] = []
  for (const key of [...m.predicted.keys()]) {
    const { address, name } = split(key)
    // The value first: reading the formula back is the costlier call, and only a blocked
    // spill needs it.
    let value: unknown
    try {
      value = hf.getCellValue(address)
    } catch {
      m.predicted.delete(key) // its sheet is gone
      continue
    }
    if (!(typeof value === 'object' && value !== null && 'type' in value)) continue
    if (value.type !== 'SPILL') continue
    m.predicted.delete(key)
    const formula = hf.getCellFormula(address)
    if (formula !== undefined && formula.toUpperCase().includes(`${name}(`)) out.push(address)
  }
  return out
}

/**
 * Re-enters the formulas whose measured calls computed another size than they were read
 * with — or that are #SPILL! and must be measured again — at most `passes` times (a blocked
 * spill takes two: once at one cell to measure, once at its size). Returns the changes.
 */
export function resizeMeasuredSpills(
  hf: HyperFormula,
  passes = 3,
): ReturnType<HyperFormula['batch']> {
  const extra: ReturnType<HyperFormula['batch']> = []
  let blocked = blockedFormulas(hf)
  for (let i = 0; i < passes; i++) {
    const again = new Map<string, SimpleCellAddress>()
    for (const a of [...blocked, ...formulasToResize(hf)])
      again.set(`${a.sheet}:${a.row}:${a.col}`, a)
    blocked = []
    if (again.size === 0) break
    extra.push(
      ...hf.batch(() => {
        for (const address of again.values()) {
          const formula = hf.getCellFormula(address)
          if (formula !== undefined) hf.setCellContents(address, [[formula]])
        }
      }),
    )
  }
  return extra
}

/**
 * What a measured function's size method answers when the formula's text does not give the
 * size (a count from a cell): the size is then measured. Compared by identity.
 */
export const UNKNOWN_SIZE = new ArraySize(1, 1)

type PluginMethod = (this: { dependencyGraph: object }, ast: unknown, state: unknown) => unknown

/**
 * Makes the listed functions of a plugin class measured where their size method answers
 * `UNKNOWN_SIZE` (TAKE with a count from a cell, TEXTSPLIT of a cell's text): the size is
 * measured, and the formula read again at it, instead of HyperFormula's #VALUE! for a result
 * larger than one cell. A size the text gives is used as it is. Called once per class.
 */
export function measureUnknownSizes(
  plugin: { implementedFunctions: ImplementedFunctions; prototype: object },
  names: readonly string[],
): void {
  const proto = plugin.prototype as Record<string, PluginMethod>
  for (const name of names) {
    const meta = plugin.implementedFunctions[name]
    const sizeName = meta?.sizeOfResultArrayMethod
    if (!meta || !sizeName) continue
    const evaluate = proto[meta.method] as PluginMethod
    const size = proto[sizeName] as PluginMethod
    proto[meta.method] = function (ast, state) {
      return measuredResult(this.dependencyGraph, name, state, evaluate.call(this, ast, state))
    }
    proto[sizeName] = function (ast, state) {
      const given = size.call(this, ast, state) as ArraySize
      if (given === UNKNOWN_SIZE) return predictMeasured(this.dependencyGraph, name, state)
      const key = keyOf((state as State).formulaAddress, name)
      of(this.dependencyGraph).predicted.set(key, {
        width: given.width,
        height: given.height,
        literal: true,
      })
      return given
    }
  }
}
