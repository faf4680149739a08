import { tokenize, type Token } from './formulaTokens.js'
import { isAtOperator } from './implicitIntersection.js'

/**
 * A formula from a workbook older than dynamic arrays, as Excel 365 reads it. Older Excel
 * evaluated a formula in one cell: where a range stands for a single value (the formula's
 * result, an operator's operand, a function argument that takes a value) it took the range's
 * cell in the formula's row or column, "implicit intersection". Excel 365 keeps that meaning by
 * showing `@` there (`=@A1:A10`, `=VLOOKUP(@A:A,…)`); Cellmate, which evaluates every formula
 * as a dynamic array, would otherwise spill such a range or compute it element-wise. A file's
 * formula is read this way unless it is an array formula (a legacy `{=…}` or a dynamic array,
 * `xlsxDynamicArrays.ts`). Microsoft Support, "Implicit intersection operator: @".
 *
 * What takes a value and what a range comes from Excel's parameter classes: each function's
 * arguments below are `v` (a value: a range is intersected), `r` (a reference: kept whole),
 * `i` (passed through: IF's and CHOOSE's results take the class of the call's own place) or
 * `a` (an array: evaluated as an array, nothing inside is intersected, as `SUMPRODUCT` and
 * `LOOKUP` did without Ctrl+Shift+Enter). After `*` the classes repeat. A function not listed
 * keeps its arguments as they are (Cellmate's reading, unchanged).
 */

type Slot = 'v' | 'r' | 'i' | 'a'

const CLASSES: Readonly<Record<string, string>> = {
  // Values only.
  ...Object.fromEntries(
    (
      'ABS ACOS ASIN ATAN ATAN2 CEILING CHAR CLEAN CODE CONCATENATE COS DATE DATEDIF DATEVALUE ' +
      'DAY DAYS DAYS360 DEGREES DOLLAR EDATE EOMONTH EVEN EXACT EXP FACT FIND FIXED FLOOR FV ' +
      'HOUR HYPERLINK INDIRECT INT IPMT ISBLANK ISERR ISERROR ISEVEN ISLOGICAL ISNA ISNONTEXT ' +
      'ISNUMBER ISODD ISTEXT LEFT LEN LN LOG LOG10 LOWER MID MINUTE MOD MONTH MROUND NOT NPER ' +
      'ODD PMT POWER PPMT PROPER PV QUOTIENT RADIANS REPLACE REPT RIGHT ROUND ROUNDDOWN ROUNDUP ' +
      'SEARCH SECOND SIGN SIN SQRT SUBSTITUTE TAN TEXT TIME TIMEVALUE TRIM TRUNC UPPER VALUE ' +
      'WEEKDAY WEEKNUM YEAR YEARFRAC'
    )
      .split(' ')
      .map((name) => [name, '*v']),
  ),
  IF: 'vii',
  IFERROR: 'ii',
  IFNA: 'ii',
  CHOOSE: 'v*i',
  VLOOKUP: 'vrvv',
  HLOOKUP: 'vrvv',
  MATCH: 'vrv',
  COUNTIF: 'rv',
  SUMIF: 'rvr',
  AVERAGEIF: 'rvr',
  COUNTIFS: '*rv',
  SUMIFS: 'r*rv',
  AVERAGEIFS: 'r*rv',
  MAXIFS: 'r*rv',
  MINIFS: 'r*rv',
  LARGE: 'rv',
  SMALL: 'rv',
  PERCENTILE: 'rv',
  QUARTILE: 'rv',
  RANK: 'vrv',
  OFFSET: 'r*v',
  INDEX: 'a*v',
  LOOKUP: 'vaa',
  SUMPRODUCT: '*a',
  MMULT: '*a',
  MDETERM: 'a',
  MINVERSE: 'a',
  TRANSPOSE: 'a',
  FREQUENCY: '*a',
  // Array arguments in Excel's function table; and the dynamic-array functions, whose formulas
  // Excel 365 saves as arrays anyway.
  ...Object.fromEntries(
    (
      'LINEST LOGEST TREND GROWTH SUMX2MY2 SUMX2PY2 SUMXMY2 CORREL PEARSON COVAR RSQ SLOPE ' +
      'INTERCEPT STEYX FORECAST TTEST CHITEST FTEST PROB FILTER SORT SORTBY UNIQUE XLOOKUP ' +
      'XMATCH SEQUENCE LET LAMBDA MAP REDUCE SCAN BYROW BYCOL MAKEARRAY TAKE DROP CHOOSEROWS ' +
      'CHOOSECOLS HSTACK VSTACK TOCOL TOROW WRAPROWS WRAPCOLS EXPAND TEXTSPLIT GROUPBY PIVOTBY ' +
      'TEXTJOIN CONCAT ARRAYFIT'
    )
      .split(' ')
      .map((name) => [name, '*a']),
  ),
}

/** The class of argument `n` (0-based) of `name`; undefined for a function not listed. */
function slotOf(name: string, n: number): Slot | undefined {
  const spec = CLASSES[name.toUpperCase()]
  if (spec === undefined) return undefined
  const star = spec.indexOf('*')
  const head = star < 0 ? spec : spec.slice(0, star)
  if (n < head.length) return head[n] as Slot
  if (star < 0) return undefined
  const tail = spec.slice(star + 1)
  return tail[(n - head.length) % tail.length] as Slot
}

/** Where an expression stands: a value, a reference kept whole, inside an array, or unknown. */
type Place = 'value' | 'reference' | 'array' | 'unknown'

interface Frame {
  /** The function called, or null for a parenthesised expression. */
  fn: string | null
  /** Where the call or parenthesis itself stands. */
  place: Place
  arg: number
}

const isOperator = (t: Token | undefined): boolean =>
  t?.type === 'op' && t.text !== ':' && !isAtOperator(t)

function placeIn(frame: Frame | undefined): Place {
  if (!frame) return 'value'
  if (frame.place === 'array') return 'array'
  if (frame.fn === null) return frame.place
  const slot = slotOf(frame.fn, frame.arg)
  switch (slot) {
    case 'v':
      return 'value'
    case 'r':
      return 'reference'
    case 'a':
      return 'array'
    case 'i':
      return frame.place
    default:
      return 'unknown'
  }
}

/** A function call that can give several cells, told from its literal arguments. */
function returnsRange(tokens: readonly Token[], at: number): boolean {
  const name = tokens[at]?.text.toUpperCase()
  const args: Token[][] = [[]]
  let depth = 0
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i] as Token
    if (t.type === 'paren' || t.type === 'brace') depth += /[({]/.test(t.text) ? 1 : -1
    if (depth === 0) break
    if (depth === 1 && t.type === 'sep' && t.text === ',') args.push([])
    else if (!(depth === 1 && t.type === 'paren') && t.type !== 'space') args.at(-1)?.push(t)
  }
  const literal = (n: number): string | undefined => {
    const arg = args[n]
    if (!arg) return undefined
    return arg.length === 0 ? '' : arg.length === 1 ? arg[0]?.text : '?'
  }
  const multiCell = (arg: Token[] | undefined): boolean =>
    arg?.length === 1 && arg[0]?.type === 'ref' && arg[0].ref.area.isRange
  switch (name) {
    case 'INDEX':
      // INDEX(range, 0, n) or INDEX(range, n, 0) is a whole column or row.
      return [1, 2].some((n) => literal(n) === '0' || (n === 1 && literal(n) === ''))
    case 'OFFSET':
      return (
        [3, 4].some((n) => /^[0-9]+$/.test(literal(n) ?? '') && Number(literal(n)) > 1) ||
        (args.length <= 3 && multiCell(args[0]))
      )
    case 'INDIRECT': {
      const text = literal(0)
      return text !== undefined && /^".*:.*"$/.test(text)
    }
    default:
      return false
  }
}

/**
 * The formula body (A1 text after `=`) with `@` where older Excel took an implicit
 * intersection: on a range (`A1:A10`, `B:B`, `Sheet2!1:1`, or a defined name `isRangeName`
 * says is one: `=Price*Qty` over two named columns) that stands for one value, and on INDEX,
 * OFFSET or INDIRECT there when they give several cells. Text already holding `@` and
 * everything inside an array argument is left as it is.
 */
export function withImplicitIntersection(
  body: string,
  isRangeName: (name: string) => boolean = () => false,
): string {
  const tokens = tokenize(body, 'a1')
  const out = tokens.map((t) => t.text)
  const stack: Frame[] = []
  const code = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.type !== 'space')
  code.forEach(({ t, i }, k) => {
    const prev = code[k - 1]?.t
    const next = code[k + 1]?.t
    const frame = stack.at(-1)
    if (t.type === 'paren' && t.text === '(') {
      if (prev?.type === 'func') {
        // The call's place was worked out at its name (below).
        const named = stack.pop() as Frame
        stack.push({ fn: prev.text, place: named.place, arg: 0 })
      } else {
        const after = code[closingIn(k) + 1]?.t
        stack.push({ fn: null, place: placeOf(prev, after, frame), arg: 0 })
      }
      return
    }
    if (t.type === 'paren') {
      stack.pop()
      return
    }
    if (t.type === 'sep' && t.text === ',' && frame) {
      frame.arg++
      return
    }
    if (t.type === 'brace') return
    const place = placeOf(prev, next, frame)
    if (t.type === 'func') {
      // Pushed for a moment so that its `(` reads where the call stands.
      stack.push({ fn: null, place, arg: 0 })
      if (place === 'value' && !isAtOperator(prev) && returnsRange(tokens, i)) {
        out[i] = `@${t.text}`
      }
      return
    }
    const range =
      (t.type === 'ref' && t.ref.area.isRange) ||
      (t.type === 'name' && isRangeName(t.text)) ||
      (t.type === 'sheetName' && isRangeName(t.name))
    if (range && place === 'value' && !isAtOperator(prev)) out[i] = `@${t.text}`
  })
  return out.join('')

  /** The index in `code` of the parenthesis closing the one at `open`. */
  function closingIn(open: number): number {
    let depth = 0
    for (let k = open; k < code.length; k++) {
      const t = code[k]?.t
      if (t?.type !== 'paren') continue
      depth += t.text === '(' ? 1 : -1
      if (depth === 0) return k
    }
    return code.length
  }

  function placeOf(prev: Token | undefined, next: Token | undefined, frame?: Frame): Place {
    const around = placeIn(frame)
    if (around === 'array') return 'array'
    // A range operator's operand is part of a reference; a union's items too.
    if (prev?.text === ':' || next?.text === ':') return 'reference'
    if (isOperator(prev) || isOperator(next)) return 'value'
    return around
  }
}
