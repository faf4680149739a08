/**
 * Least-squares regression as Excel's LINEST, LOGEST, TREND and GROWTH compute it: the data's
 * layout (one variable per column of known_x's when known_y's is a column, per row when it is
 * a row), the fit with or without an intercept, collinear variables dropped (their
 * coefficient and its standard error 0, the degrees of freedom adjusted), and the statistics
 * block LINEST returns with stats=TRUE.
 */

/** A grid of numbers as read from a range, row by row. */
export type Grid = readonly (readonly number[])[]

/** What the regression functions refuse, as the Excel error they show. */
export type RegressionError = '#VALUE!' | '#REF!' | '#NUM!'

/** The observations: `y[i]` against the variables `x[i][0..k-1]`, and how they were laid out. */
export interface Observations {
  y: number[]
  x: number[][]
  /** Variables per observation. */
  k: number
  /** How known_y's is laid out; decides how a new_x's grid is read. */
  layout: 'column' | 'row' | 'shape'
  /** known_y's rows and columns. */
  shape: [rows: number, cols: number]
}

const height = (g: Grid): number => g.length
const width = (g: Grid): number => g[0]?.length ?? 0

/** 1, 2, 3, … in the shape of `g`, Excel's known_x's when it is omitted. */
export function countingLike(g: Grid): number[][] {
  let i = 0
  return g.map((row) => row.map(() => ++i))
}

/**
 * Pairs known_y's with known_x's as Excel does: a y column takes one variable per column of x
 * (same number of rows), a y row one per row of x; any other x of y's exact shape is one
 * variable. `#REF!` when the sizes do not fit.
 */
export function observations(ys: Grid, xs: Grid): Observations | RegressionError {
  const [h, w] = [height(ys), width(ys)]
  const shape: [number, number] = [h, w]
  if (h === height(xs) && w === width(xs)) {
    const layout = w === 1 ? 'column' : 'shape'
    return { y: ys.flat(), x: xs.flat().map((v) => [v]), k: 1, layout, shape }
  }
  if (w === 1 && height(xs) === h) {
    return { y: ys.flat(), x: xs.map((row) => [...row]), k: width(xs), layout: 'column', shape }
  }
  if (h === 1 && width(xs) === w) {
    const x = Array.from({ length: w }, (_, i) => xs.map((row) => row[i] as number))
    return { y: [...(ys[0] as number[])], x, k: height(xs), layout: 'row', shape }
  }
  return '#REF!'
}

/**
 * The rows of a new_x's grid as observations of `k` variables laid out like the known data,
 * and the shape of the result (one value per observation).
 */
export function newObservations(
  obs: Observations,
  grid: Grid,
): { x: number[][]; shape: [rows: number, cols: number] } | RegressionError {
  if (obs.k === 1) {
    return { x: grid.flat().map((v) => [v]), shape: [height(grid), width(grid)] }
  }
  if (obs.layout === 'column') {
    if (width(grid) !== obs.k) return '#REF!'
    return { x: grid.map((row) => [...row]), shape: [height(grid), 1] }
  }
  if (height(grid) !== obs.k) return '#REF!'
  const x = Array.from({ length: width(grid) }, (_, i) => grid.map((row) => row[i] as number))
  return { x, shape: [1, width(grid)] }
}

/** A fitted model: coefficients in variable order, the intercept, and the fit's statistics. */
export interface Fit {
  /** One per variable; 0 for a variable dropped as collinear. */
  slopes: number[]
  intercept: number
  /** Standard errors of the slopes (0 for a dropped variable). */
  slopeErrors: number[]
  /** Standard error of the intercept; NaN when the fit has no intercept. */
  interceptError: number
  r2: number
  /** Standard error of the y estimate. */
  sey: number
  f: number
  df: number
  ssreg: number
  ssresid: number
}

const mean = (v: readonly number[]): number => v.reduce((s, a) => s + a, 0) / v.length

/** Relative size below which a pivot counts as zero: the variable is a mix of earlier ones. */
const COLLINEAR = 1e-12

/**
 * Fits `y ≈ intercept + Σ slope_j·x_j` (intercept 0 when `withIntercept` is false). With an
 * intercept the data are centred first, which keeps the normal equations well conditioned;
 * the inverse of XᵀX is built by Gauss–Jordan elimination, and a variable whose pivot vanishes
 * relative to its own sum of squares is dropped, as Excel drops collinear columns.
 */
export function fit(obs: Observations, withIntercept: boolean): Fit | RegressionError {
  const { y, x, k } = obs
  const n = y.length
  const xMeans = Array.from({ length: k }, (_, j) =>
    withIntercept ? mean(x.map((r) => r[j] as number)) : 0,
  )
  const yMean = withIntercept ? mean(y) : 0
  const xc = x.map((row) => row.map((v, j) => v - (xMeans[j] as number)))
  const yc = y.map((v) => v - yMean)

  // XᵀX augmented with the identity, and Xᵀy.
  const a = Array.from({ length: k }, (_, i) =>
    Array.from({ length: 2 * k }, (_, j) => {
      if (j >= k) return j - k === i ? 1 : 0
      let s = 0
      for (const row of xc) s += (row[i] as number) * (row[j] as number)
      return s
    }),
  )
  const b = Array.from({ length: k }, (_, i) => {
    let s = 0
    for (let r = 0; r < n; r++) s += ((xc[r] as number[])[i] as number) * (yc[r] as number)
    return s
  })
  const kept = Array.from({ length: k }, () => true)
  for (let col = 0; col < k; col++) {
    const row = a[col] as number[]
    const pivot = row[col] as number
    const original = xc.reduce((s, r) => s + (r[col] as number) ** 2, 0)
    if (original === 0 || Math.abs(pivot) <= COLLINEAR * original) {
      kept[col] = false
      for (let j = 0; j < 2 * k; j++) row[j] = 0
      b[col] = 0
      for (const other of a) {
        other[col] = 0
        other[col + k] = 0
      }
      continue
    }
    for (let j = 0; j < 2 * k; j++) row[j] = (row[j] as number) / pivot
    b[col] = (b[col] as number) / pivot
    for (let r = 0; r < k; r++) {
      if (r === col) continue
      const other = a[r] as number[]
      const factor = other[col] as number
      if (factor === 0) continue
      for (let j = 0; j < 2 * k; j++) other[j] = (other[j] as number) - factor * (row[j] as number)
      b[r] = (b[r] as number) - factor * (b[col] as number)
    }
  }
  const slopes = b.map((v, j) => (kept[j] ? v : 0))
  const intercept = withIntercept
    ? yMean - slopes.reduce((s, m, j) => s + m * (xMeans[j] as number), 0)
    : 0

  let ssresid = 0
  let ssreg = 0
  for (let r = 0; r < n; r++) {
    const row = x[r] as number[]
    const estimate = intercept + slopes.reduce((s, m, j) => s + m * (row[j] as number), 0)
    ssresid += ((y[r] as number) - estimate) ** 2
    ssreg += (estimate - yMean) ** 2
  }
  const variables = kept.filter(Boolean).length
  const df = n - variables - (withIntercept ? 1 : 0)
  if (df < 0) return '#NUM!'
  const variance = df === 0 ? NaN : ssresid / df
  const inverse = (i: number, j: number): number => (a[i] as number[])[j + k] as number
  const slopeErrors = slopes.map((_, j) => (kept[j] ? Math.sqrt(variance * inverse(j, j)) : 0))
  let interceptError = NaN
  if (withIntercept) {
    let q = 0
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) q += (xMeans[i] as number) * inverse(i, j) * (xMeans[j] as number)
    }
    interceptError = Math.sqrt(variance * (1 / n + q))
  }
  return {
    slopes,
    intercept,
    slopeErrors,
    interceptError,
    r2: ssreg + ssresid === 0 ? NaN : ssreg / (ssreg + ssresid),
    sey: Math.sqrt(variance),
    f: variables === 0 || ssresid === 0 ? NaN : ssreg / variables / variance,
    df,
    ssreg,
    ssresid,
  }
}

/** The estimate of a fit for one observation. */
export function estimate(f: Fit, row: readonly number[]): number {
  return f.intercept + f.slopes.reduce((s, m, j) => s + m * (row[j] as number), 0)
}

/** A cell of LINEST's result: a number, or an error Excel shows in that place. */
export type Cell = number | '#N/A' | '#NUM!'

const num = (v: number): Cell => (Number.isFinite(v) ? v : '#NUM!')

/**
 * LINEST's (and LOGEST's) result block: the coefficients last variable first, then the
 * intercept; with `stats`, four more rows (standard errors; r², sey; F, df; ssreg, ssresid)
 * padded with #N/A. `exp` turns the coefficients back for LOGEST (its statistics stay those of
 * the fit of ln y).
 */
export function linestBlock(f: Fit, withIntercept: boolean, stats: boolean, exp = false): Cell[][] {
  const coef = (v: number): number => (exp ? Math.exp(v) : v)
  const width = f.slopes.length + 1
  const first: Cell[] = [...f.slopes].reverse().map((m) => num(coef(m)))
  first.push(num(coef(f.intercept)))
  if (!stats) return [first]
  const pad = (cells: Cell[]): Cell[] => [
    ...cells,
    ...Array.from({ length: width - cells.length }, (): Cell => '#N/A'),
  ]
  const errors: Cell[] = [...f.slopeErrors].reverse().map(num)
  errors.push(withIntercept ? num(f.interceptError) : '#N/A')
  return [
    first,
    errors,
    pad([num(f.r2), num(f.sey)]),
    pad([num(f.f), f.df]),
    pad([num(f.ssreg), num(f.ssresid)]),
  ]
}
