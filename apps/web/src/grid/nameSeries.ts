import { linearTrend } from './linearTrend'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

interface TypedName {
  list: readonly string[]
  index: number
  /** Typed as the three-letter abbreviation (`Jan`, `Mon`). */
  short: boolean
  letters: 'upper' | 'lower' | 'title'
}

function readName(raw: string): TypedName | null {
  const text = raw.trim()
  const lower = text.toLowerCase()
  for (const list of [MONTHS, WEEKDAYS]) {
    const index = list.findIndex(
      (name) => name.toLowerCase() === lower || name.slice(0, 3).toLowerCase() === lower,
    )
    if (index === -1) continue
    const letters =
      text === text.toUpperCase() ? 'upper' : text === lower ? 'lower' : ('title' as const)
    return { list, index, short: text.length === 3, letters }
  }
  return null
}

function writeName(name: string, like: TypedName): string {
  const word = like.short ? name.slice(0, 3) : name
  if (like.letters === 'upper') return word.toUpperCase()
  if (like.letters === 'lower') return word.toLowerCase()
  return word
}

/**
 * Month and weekday names (`Jan`, `January`, `Mon`, `monday`), as Excel's and Sheets' built-in
 * lists: one name counts on by one (`unit`, -1 when filling backwards), several by their step,
 * wrapping around the year or week; each result is abbreviated and cased like the source cell
 * it repeats. Null unless every source is a name from the same list.
 */
export function nameSeries(
  source: readonly string[],
  unit: 1 | -1,
): ((i: number) => string) | null {
  const names = source.map(readName)
  const first = names[0]
  if (!first || !names.every((t): t is TypedName => t !== null && t.list === first.list)) {
    return null
  }
  const size = first.list.length
  // Unwrapped positions, each step taken forwards (Dec -> Jan is +1): a step of -1 is then
  // size - 1, which lands on the same names.
  const positions = [first.index]
  for (let k = 1; k < names.length; k++) {
    const step = (((names[k]!.index - names[k - 1]!.index) % size) + size) % size
    positions.push(positions[k - 1]! + step)
  }
  const line =
    positions.length === 1 ? (i: number) => first.index + unit * i : linearTrend(positions)
  return (i) => {
    const at = ((Math.round(line(i)) % size) + size) % size
    return writeName(first.list[at]!, names[i % names.length]!)
  }
}
