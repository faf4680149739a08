/**
 * Which names autocomplete offers for the name being typed in a formula, in what order, and
 * what Enter does with the highlighted one.
 */

/**
 * The functions people use most, most used first (a short list kept by hand). Among the names that start with what was typed these come first, in this
 * order: `=SU` offers SUM, SUMIF, SUMIFS and SUMPRODUCT before SUBSTITUTE.
 */
export const POPULAR_FUNCTIONS: readonly string[] = [
  'SUM',
  'IF',
  'VLOOKUP',
  'COUNT',
  'AVERAGE',
  'COUNTIF',
  'SUMIF',
  'IFERROR',
  'INDEX',
  'MATCH',
  'XLOOKUP',
  'MAX',
  'MIN',
  'ROUND',
  'COUNTA',
  'SUMIFS',
  'COUNTIFS',
  'SUMPRODUCT',
  'AND',
  'OR',
  'TODAY',
  'NOW',
  'DATE',
  'TEXT',
  'CONCATENATE',
  'LEFT',
  'RIGHT',
  'MID',
  'LEN',
  'TRIM',
  'AVERAGEIF',
  'AVERAGEIFS',
  'FILTER',
  'UNIQUE',
  'SORT',
  'ABS',
  'YEAR',
  'MONTH',
  'DAY',
  'NOT',
  'IFS',
  'ROUNDUP',
  'ROUNDDOWN',
  'SUBTOTAL',
  'SUBSTITUTE',
]

const POPULARITY: ReadonlyMap<string, number> = new Map(POPULAR_FUNCTIONS.map((n, i) => [n, i]))

/**
 * Names that are a whole formula term without parentheses: Enter after `=A1=TRUE` commits,
 * where after `=SUM` it takes `SUM(`.
 */
const BARE_FUNCTIONS: ReadonlySet<string> = new Set(['TRUE', 'FALSE'])

/** A name autocomplete offers: a function, or one of the workbook's defined names. */
export interface NameChoice {
  name: string
  /** A defined name (inserted as is), not a function (inserted with its `(`). */
  definedName?: boolean
}

/**
 * The names starting with `prefix` (any case), at most `limit`: the name typed in full first,
 * then the popular functions in `POPULAR_FUNCTIONS` order, then the other functions and the
 * defined names alphabetically.
 */
export function rankNames(
  prefix: string,
  functions: readonly string[],
  definedNames: readonly string[],
  limit: number,
): NameChoice[] {
  const upper = prefix.toUpperCase()
  const matches: NameChoice[] = [
    ...functions.filter((name) => name.startsWith(upper)).map((name) => ({ name })),
    ...definedNames
      .filter((name) => name.toUpperCase().startsWith(upper))
      .map((name) => ({ name, definedName: true })),
  ]
  const tier = (c: NameChoice): number => {
    if (c.name.toUpperCase() === upper) return -1
    return c.definedName
      ? POPULAR_FUNCTIONS.length
      : (POPULARITY.get(c.name) ?? POPULAR_FUNCTIONS.length)
  }
  return matches
    .map((choice) => ({ choice, tier: tier(choice), key: choice.name.toUpperCase() }))
    .sort((a, b) => a.tier - b.tier || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((m) => m.choice)
}

/**
 * Whether Enter commits the draft as typed rather than taking the highlighted suggestion, as
 * Google Sheets does: only when the highlighted name is exactly the one typed and stands on its
 * own without parentheses (a defined name, TRUE, FALSE).
 */
export function enterKeepsTyped(prefix: string, highlighted: NameChoice | undefined): boolean {
  if (!highlighted || highlighted.name.toUpperCase() !== prefix.toUpperCase()) return false
  return highlighted.definedName === true || BARE_FUNCTIONS.has(highlighted.name)
}
