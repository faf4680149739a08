import {
  ArraySize,
  CellError,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type HyperFormula,
  type ImplementedFunctions,
} from 'hyperformula'
import { lettersToCol } from '@cellmate/model'
import { ExcelFunctionPlugin, type Call } from './excelFunctionPlugin.js'
import { literalArgs, type LiteralAst } from './literalSpill.js'
import { MAX_COLS, MAX_ROWS } from './references.js'

/**
 * INDIRECT(ref_text, [a1]): the cell or range a text names, in A1 (`"B2"`, `"Sheet2!A1:B3"`,
 * `"'My sheet'!C:C"`) or R1C1 (`"R2C3"`, `"R[-1]C"`) style. It is volatile, as in Excel:
 * HyperFormula fixes a formula's dependencies when it parses it, and the target here is only
 * known while evaluating, so the engine recomputes INDIRECT on every recalculation, and
 * `WorkbookEngine` settles a recalculation that changed the cells it reads (see
 * `EngineCore.settleVolatile`). Sheet names resolve through the workbook's current names
 * (HyperFormula knows sheets by id), given per engine by `bindSheetNames`. A text that is no
 * reference but a defined name (`INDIRECT("Sales")`, or a cell holding a name, as dependent
 * dropdowns do) reads the range the name refers to, found per engine by `bindDefinedNames`.
 */

type SheetResolver = (name: string) => number | undefined

/** The area a defined name refers to, seen from a formula on engine sheet `sheet`. */
type NameResolver = (text: string, sheet: number) => { sheet: number; target: Target } | undefined

interface Graph {
  getCellValue(address: { sheet: number; row: number; col: number }): unknown
  getSheetHeight(sheet: number): number
  getSheetWidth(sheet: number): number
}

const resolvers = new WeakMap<object, SheetResolver>()
const nameResolvers = new WeakMap<object, NameResolver>()

const graphOf = (hf: HyperFormula): object =>
  (hf as unknown as { dependencyGraph: object }).dependencyGraph

/** Tells the INDIRECT of `hf` how to find a sheet's engine number from its name. */
export function bindSheetNames(hf: HyperFormula, resolve: SheetResolver): void {
  resolvers.set(graphOf(hf), resolve)
}

/** Tells the INDIRECT of `hf` how to find the area a defined name refers to. */
export function bindDefinedNames(hf: HyperFormula, resolve: NameResolver): void {
  nameResolvers.set(graphOf(hf), resolve)
}

export interface Target {
  sheet: string | null
  rows: [number, number]
  cols: [number, number]
  /** A whole column or row: cut to the sheet's used extent. */
  whole: boolean
}

const SHEET = /^(?:'((?:[^']|'')+)'|([^'!:]+))!/
const A1_CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/
const A1_COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/
const A1_ROWS = /^\$?([0-9]{1,7}):\$?([0-9]{1,7})$/
const R1C1_CELL = /^R(\[-?[0-9]+\]|[0-9]+)?C(\[-?[0-9]+\]|[0-9]+)?$/i

/** Zero-based index of an R1C1 part: absolute `3`, relative `[-1]`, or the formula's own. */
function r1c1Part(part: string | undefined, own: number): number {
  if (part === undefined) return own
  if (part.startsWith('[')) return own + Number(part.slice(1, -1))
  return Number(part) - 1
}

/** The area a reference text names, zero-based; undefined when it names none. */
export function parseTarget(
  text: string,
  a1: boolean,
  at: { row: number; col: number },
): Target | undefined {
  let rest = text.trim()
  let sheet: string | null = null
  const m = SHEET.exec(rest)
  if (m) {
    sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] as string)
    rest = rest.slice(m[0].length)
  }
  if (a1) {
    const cols = A1_COLS.exec(rest)
    if (cols) {
      const range = [
        lettersToCol((cols[1] as string).toUpperCase()),
        lettersToCol((cols[2] as string).toUpperCase()),
      ]
      return { sheet, rows: [0, MAX_ROWS - 1], cols: sorted(range), whole: true }
    }
    const rows = A1_ROWS.exec(rest)
    if (rows) {
      const range = [Number(rows[1]) - 1, Number(rows[2]) - 1]
      return { sheet, rows: sorted(range), cols: [0, MAX_COLS - 1], whole: true }
    }
  }
  const parts = rest.split(':')
  if (parts.length > 2) return undefined
  const points: { row: number; col: number }[] = []
  for (const part of parts) {
    if (a1) {
      const c = A1_CELL.exec(part)
      if (!c) return undefined
      points.push({ row: Number(c[2]) - 1, col: lettersToCol((c[1] as string).toUpperCase()) })
    } else {
      const c = R1C1_CELL.exec(part)
      if (!c) return undefined
      points.push({ row: r1c1Part(c[1], at.row), col: r1c1Part(c[2], at.col) })
    }
  }
  const [p, q = p] = points as [{ row: number; col: number }, { row: number; col: number }?]
  const target: Target = {
    sheet,
    rows: sorted([p.row, q.row]),
    cols: sorted([p.col, q.col]),
    whole: false,
  }
  const inGrid =
    target.rows[0] >= 0 &&
    target.cols[0] >= 0 &&
    target.rows[1] < MAX_ROWS &&
    target.cols[1] < MAX_COLS
  return inGrid ? target : undefined
}

function sorted([a, b]: number[]): [number, number] {
  return (a as number) <= (b as number) ? [a as number, b as number] : [b as number, a as number]
}

export class IndirectPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INDIRECT: {
      method: 'indirect',
      sizeOfResultArrayMethod: 'indirectSize',
      isVolatile: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true },
      ],
    },
  }

  indirect(ast: Call, state: unknown): unknown {
    const at = (state as { formulaAddress: { sheet: number; row: number; col: number } })
      .formulaAddress
    return this.call('INDIRECT', ast, state, (text: string, a1: boolean) => {
      const graph = this.dependencyGraph as unknown as Graph
      const area = this.area(text, a1, at)
      if (area instanceof CellError) return area
      const { sheet, target } = area
      const [r0, c0] = [target.rows[0], target.cols[0]]
      let [r1, c1] = [target.rows[1], target.cols[1]]
      if (target.whole) {
        r1 = Math.min(r1, graph.getSheetHeight(sheet) - 1)
        c1 = Math.min(c1, graph.getSheetWidth(sheet) - 1)
        if (r1 < r0 || c1 < c0) [r1, c1] = [r0, c0]
      }
      if (r0 === r1 && c0 === c1) return graph.getCellValue({ sheet, row: r0, col: c0 })
      const data: unknown[][] = []
      for (let r = r0; r <= r1; r++) {
        const line: unknown[] = []
        for (let c = c0; c <= c1; c++) line.push(graph.getCellValue({ sheet, row: r, col: c }))
        data.push(line)
      }
      return SimpleRangeValue.onlyValues(data as never)
    })
  }

  /** The sheet and area `text` names: a reference, else a defined name that refers to one. */
  private area(
    text: string,
    a1: boolean,
    at: { sheet: number; row: number; col: number },
  ): { sheet: number; target: Target } | CellError {
    const graph = this.dependencyGraph as unknown as object
    const target = parseTarget(text, a1, at)
    if (!target) {
      const named = a1 ? nameResolvers.get(graph)?.(text.trim(), at.sheet) : undefined
      return named ?? new CellError(ErrorType.REF, `"${text}" is not a reference.`)
    }
    if (target.sheet === null) return { sheet: at.sheet, target }
    const found = resolvers.get(graph)?.(target.sheet)
    if (found === undefined) return new CellError(ErrorType.REF, `No sheet "${target.sheet}".`)
    return { sheet: found, target }
  }

  /** A literal reference text spills its area (`=INDIRECT("A1:A3")`); anything else is one cell. */
  indirectSize(ast: { args: LiteralAst[] }, state: unknown): ArraySize {
    const args = literalArgs(ast)
    if (!args || typeof args[0] !== 'string') return ArraySize.scalar()
    const at = (state as { formulaAddress: { row: number; col: number } }).formulaAddress
    const target = parseTarget(args[0], args[1] !== false && args[1] !== 0, at)
    if (!target || target.whole) return ArraySize.scalar()
    return new ArraySize(target.cols[1] - target.cols[0] + 1, target.rows[1] - target.rows[0] + 1)
  }
}
