import { tokenize, type Token } from './formulaTokens.js'
import { rewriteAtOperators } from './implicitIntersection.js'

/**
 * Excel saves a function newer than the 2007 file format ("future functions", [MS-XLSX]
 * 2.2.2) with a prefix — `_xlfn.XLOOKUP(`, `_xlfn._xlws.SORT(` — and the names a LET or LAMBDA
 * binds as `_xlpm.name`. Excel shows the plain names, but a formula written without the
 * prefixes opens as #NAME? in Excel and LibreOffice. Import strips the prefixes; export puts
 * them back with `toXlsxFormula`.
 */

const FUTURE = [
  // [MS-XLSX] future functions (Excel 2010–2019).
  'ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV',
  'BITAND BITLSHIFT BITOR BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST',
  'CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA CONCAT CONFIDENCE.NORM',
  'CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL ENCODEURL',
  'ERF.PRECISE ERFC.PRECISE EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FILTERXML',
  'FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY',
  'FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE',
  'GAUSS HYPGEOM.DIST IFNA IFS IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA',
  'ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST',
  'NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC',
  'PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC',
  'QUARTILE.INC RANK.AVG RANK.EQ RRI SEC SECH SHEET SHEETS SKEW.P STDEV.P STDEV.S SWITCH',
  'T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE VAR.P VAR.S',
  'WEBSERVICE WEIBULL.DIST XOR Z.TEST',
  // Dynamic arrays and the Excel 365 functions after them.
  'ANCHORARRAY RANDARRAY SEQUENCE SINGLE SORTBY UNIQUE XLOOKUP XMATCH LET LAMBDA MAP REDUCE SCAN',
  'MAKEARRAY BYROW BYCOL ISOMITTED TEXTBEFORE TEXTAFTER TEXTSPLIT VSTACK HSTACK TOROW TOCOL',
  'WRAPROWS WRAPCOLS TAKE DROP CHOOSEROWS CHOOSECOLS EXPAND ARRAYTOTEXT VALUETOTEXT IMAGE',
  'REGEXTEST REGEXEXTRACT REGEXREPLACE GROUPBY PIVOTBY PERCENTOF TRIMRANGE STOCKHISTORY',
  'FIELDVALUE',
]
  .join(' ')
  .split(' ')

/** Worksheet functions that Excel saves with one more prefix, `_xlfn._xlws.`. */
const WORKSHEET = new Set(['FILTER', 'SORT'])
const PREFIX = new Map<string, string>([
  ...FUTURE.map((name): [string, string] => [name, '_xlfn.']),
  ...[...WORKSHEET].map((name): [string, string] => [name, '_xlfn._xlws.']),
])

/** Index of the parenthesis closing the one at `open`, or the end. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token
    if (t.type !== 'paren') continue
    depth += t.text === '(' ? 1 : -1
    if (depth === 0) return i
  }
  return tokens.length
}

/** The names (upper case) a LET or LAMBDA call, its `(` at `open`, binds. */
function boundNames(
  tokens: readonly Token[],
  open: number,
  close: number,
  isLet: boolean,
): string[] {
  const args: Token[][] = [[]]
  let depth = 0
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i] as Token
    if (t.type === 'paren' || t.type === 'brace') depth += /[({]/.test(t.text) ? 1 : -1
    if (depth === 0 && t.type === 'sep' && t.text === ',') args.push([])
    else if (t.type !== 'space') args[args.length - 1]?.push(t)
  }
  const names: string[] = []
  args.slice(0, -1).forEach((arg, k) => {
    const only = arg.length === 1 ? arg[0] : undefined
    if (only?.type === 'name' && (!isLet || k % 2 === 0)) names.push(only.text.toUpperCase())
  })
  return names
}

/**
 * Functions Excel offers as eta-reduced LAMBDAs (`GROUPBY(A2:A9,C2:C9,SUM)`, the aggregations
 * of GROUPBY's and PIVOTBY's function list, and the common ones given to BYROW, MAP…). Excel
 * saves such a bare name as `_xleta.SUM`; a bare name not listed is left as written (it may
 * be a defined name holding a LAMBDA).
 */
const ETA_FUNCTIONS = new Set(
  (
    'SUM PERCENTOF AVERAGE MEDIAN COUNT COUNTA MAX MIN PRODUCT ARRAYTOTEXT CONCAT STDEV.S ' +
    'STDEV.P VAR.S VAR.P MODE.SNGL ABS SQRT ROUND INT TEXTJOIN AND OR ROWS COLUMNS LEN UPPER ' +
    'LOWER TRIM SORT UNIQUE TRANSPOSE'
  ).split(' '),
)

/** Functions taking a LAMBDA, and at which argument (0-based; -1 the last). */
const LAMBDA_SLOT: Readonly<Record<string, number>> = {
  GROUPBY: 2,
  PIVOTBY: 3,
  MAP: -1,
  REDUCE: -1,
  SCAN: -1,
  BYROW: -1,
  BYCOL: -1,
  MAKEARRAY: -1,
}

/** Writes a bare function name in a LAMBDA argument as Excel saves it (`_xleta.SUM`). */
function prefixEtaLambdas(tokens: readonly Token[], out: string[]): void {
  tokens.forEach((t, i) => {
    const slot = t.type === 'func' ? LAMBDA_SLOT[t.text.toUpperCase()] : undefined
    if (slot === undefined || tokens[i + 1]?.text !== '(') return
    const close = closing(tokens, i + 1)
    const args: number[][] = [[]]
    let depth = 0
    for (let j = i + 2; j < close; j++) {
      const inner = tokens[j] as Token
      if (inner.type === 'paren' || inner.type === 'brace')
        depth += /[({]/.test(inner.text) ? 1 : -1
      if (depth === 0 && inner.type === 'sep' && inner.text === ',') args.push([])
      else if (inner.type !== 'space') args[args.length - 1]?.push(j)
    }
    const arg = args[slot < 0 ? args.length + slot : slot]
    const only = arg?.length === 1 ? tokens[arg[0] as number] : undefined
    if (only?.type === 'name' && ETA_FUNCTIONS.has(only.text.toUpperCase())) {
      out[arg?.[0] as number] = `_xleta.${only.text}`
    }
  })
}

/**
 * The formula body (text after `=`, A1 form) as Excel saves it: future functions prefixed,
 * LET/LAMBDA parameter names as `_xlpm.name` within their call. Text already prefixed, string
 * literals and anything else are left as they are.
 */
export function toXlsxFormula(body: string): string {
  const tokens = tokenize(body, 'a1')
  const out = tokens.map((t) => t.text)
  tokens.forEach((t, i) => {
    if (t.type !== 'func') return
    const upper = t.text.toUpperCase()
    const prefix = PREFIX.get(upper)
    if (prefix) out[i] = prefix + t.text
    if ((upper !== 'LET' && upper !== 'LAMBDA') || tokens[i + 1]?.text !== '(') return
    const close = closing(tokens, i + 1)
    const names = new Set(boundNames(tokens, i + 1, close, upper === 'LET'))
    for (let j = i + 2; j < close; j++) {
      const inner = tokens[j] as Token
      if (inner.type === 'name' && names.has(inner.text.toUpperCase())) {
        out[j] = `_xlpm.${inner.text}`
      }
    }
  })
  prefixEtaLambdas(tokens, out)
  // Excel saves the `@` operator as a function (Excel 365 shows `_xlfn.SINGLE(x)` as `@x`).
  if (body.includes('@')) rewriteAtOperators(tokens, out, '_xlfn.SINGLE')
  return out.join('')
}
