import { ArraySize, type HyperFormula, type SimpleCellAddress } from 'hyperformula'

/**
 * Spills sized by measuring. HyperFormula fixes a formula's spill area when it reads the
 * formula, before any value is known; a function whose result's width and height both follow
 * from the data (PIVOTBY: one column per distinct column key) cannot reserve "the most it can
 * be" without reserving rows × rows cells. So such a function records the size it actually
 * computed at its formula's address (`recordMeasured`), its size method answers the last size
 * measured there (`predictMeasured`), and after a recalculation `EngineCore.settle` re-enters
 * every formula whose measured size differs from the size it was read with
 * (`formulasToResize`): HyperFormula reads it again, now sized right, and a cell in the way is
 * #SPILL! as in Excel. A formula whose spill was blocked is not evaluated by HyperFormula, so
 * it is read once more at its smallest size to measure it again (`blockedFormulas`).
 */

interface Measured {
  /** Size each formula address was last read with. */
  predicted: Map<string, { width: number; height: number }>
  /** Size computed at each formula address since the last `formulasToResize`. */
  measured: Map<string, { width: number; height: number }>
}

const registry = new WeakMap<object, Measured>()

function of(graph: object): Measured {
  let m = registry.get(graph)
  if (!m) registry.set(graph, (m = { predicted: new Map(), measured: new Map() }))
  return m
}

const keyOf = (a: SimpleCellAddress): string => `${a.sheet}:${a.row}:${a.col}`

function addressOf(key: string): SimpleCellAddress {
  const [sheet, row, col] = key.split(':').map(Number) as [number, number, number]
  return { sheet, row, col }
}

/**
 * The size to read the formula at `address` with: the one it was last read with (the
 * measured size once `formulasToResize` found them different), else one cell.
 */
export function predictMeasured(graph: object, address: SimpleCellAddress): ArraySize {
  const m = of(graph)
  const chosen = m.predicted.get(keyOf(address)) ?? { width: 1, height: 1 }
  m.predicted.set(keyOf(address), chosen)
  return new ArraySize(chosen.width, chosen.height)
}

/** Notes the size a measured function computed for the formula at `address`. */
export function recordMeasured(
  graph: object,
  address: SimpleCellAddress,
  width: number,
  height: number,
): void {
  of(graph).measured.set(keyOf(address), { width: Math.max(1, width), height: Math.max(1, height) })
}

const graphOf = (hf: HyperFormula): object =>
  (hf as unknown as { dependencyGraph: object }).dependencyGraph

/**
 * Formula addresses whose measured size differs from the size they were read with (to be read
 * again, now at that size); clears the measurements.
 */
function formulasToResize(hf: HyperFormula): SimpleCellAddress[] {
  const m = of(graphOf(hf))
  const out: SimpleCellAddress[] = []
  for (const [key, size] of m.measured) {
    const given = m.predicted.get(key)
    if (!given || given.width !== size.width || given.height !== size.height) {
      m.predicted.set(key, size)
      out.push(addressOf(key))
    }
  }
  m.measured.clear()
  return out
}

/**
 * Addresses of measured formulas showing #SPILL! (HyperFormula does not evaluate them, so their
 * size is not measured again): their prediction is forgotten so that, read again, they are
 * one cell and measured. Addresses that no longer hold a measured function are forgotten.
 */
function blockedFormulas(
  hf: HyperFormula,
  holds: (formula: string) => boolean,
): SimpleCellAddress[] {
  const m = of(graphOf(hf))
  const out: SimpleCellAddress[] = []
  for (const key of [...m.predicted.keys()]) {
    const address = addressOf(key)
    let formula: string | undefined
    try {
      formula = hf.getCellFormula(address)
    } catch {
      formula = undefined
    }
    if (formula === undefined || !holds(formula)) {
      m.predicted.delete(key)
      continue
    }
    const value = hf.getCellValue(address)
    if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'SPILL') {
      m.predicted.delete(key)
      out.push(address)
    }
  }
  return out
}

/** Functions whose spill is sized by measuring. */
const MEASURED_FUNCTION = /\bPIVOTBY\s*\(/i

/**
 * Re-enters the formulas whose computed size differs from the size HyperFormula read them
 * with — or that are #SPILL! and must be measured again — at most `passes` times (a blocked
 * spill takes two: once at one cell to measure, once at its size). Returns the changes.
 */
export function resizeMeasuredSpills(
  hf: HyperFormula,
  passes = 3,
): ReturnType<HyperFormula['batch']> {
  const extra: ReturnType<HyperFormula['batch']> = []
  let blocked = blockedFormulas(hf, (f) => MEASURED_FUNCTION.test(f))
  for (let i = 0; i < passes; i++) {
    const again = [...blocked, ...formulasToResize(hf)]
    blocked = []
    if (again.length === 0) break
    extra.push(
      ...hf.batch(() => {
        for (const address of again) {
          const formula = hf.getCellFormula(address)
          if (formula !== undefined) hf.setCellContents(address, [[formula]])
        }
      }),
    )
  }
  return extra
}
