/** A cell reference (`B3`, `$B$3`, `B$3`, `$B3`), or a range of two (`A1:$C$4`). */
const REFERENCE = /\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?/g
const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/

/** Excel's F4 order: `A1` → `$A$1` → `A$1` → `$A1` → `A1`. */
function nextCell(ref: string, step: number): string {
  const m = CELL.exec(ref)
  if (!m) return ref
  const [, , col, , row] = m
  const [colFixed, rowFixed] = [
    [false, false],
    [true, true],
    [false, true],
    [true, false],
  ][step] as [boolean, boolean]
  return `${colFixed ? '$' : ''}${col}${rowFixed ? '$' : ''}${row}`
}

/** Where `ref` stands in the F4 order (0 for `A1`, 1 for `$A$1`, 2 for `A$1`, 3 for `$A1`). */
function stepOf(ref: string): number {
  const m = CELL.exec(ref)
  if (!m) return 0
  const colFixed = m[1] === '$'
  const rowFixed = m[3] === '$'
  return colFixed ? (rowFixed ? 1 : 3) : rowFixed ? 2 : 0
}

/**
 * F4 in a formula being typed, as in Excel and Sheets: the reference at the caret (or just
 * before it) cycles through `A1` → `$A$1` → `A$1` → `$A1` → `A1`; both ends of a range
 * together. Text in quotes and function names (`LOG10(`) are not references. Returns the new
 * text and where the caret goes (the reference's end), or null when there is no reference.
 */
export function cycleReference(
  text: string,
  caret: number,
): { text: string; caret: number } | null {
  if (!text.startsWith('=')) return null
  let quoted = false
  let scanned = 0
  for (const m of text.matchAll(REFERENCE)) {
    const start = m.index
    const end = start + m[0].length
    // Quotes between the last match and this one open or close a string.
    for (; scanned < start; scanned++) if (text[scanned] === '"') quoted = !quoted
    if (quoted) continue
    const before = text[start - 1] ?? ''
    const after = text[end] ?? ''
    if (/[A-Za-z0-9_.]/.test(before) || /[A-Za-z0-9_(]/.test(after)) continue
    if (caret < start || caret > end) continue
    const [first, second] = m[0].split(':') as [string, string | undefined]
    const step = (stepOf(first) + 1) % 4
    const next = second
      ? `${nextCell(first, step)}:${nextCell(second, step)}`
      : nextCell(first, step)
    return { text: text.slice(0, start) + next + text.slice(end), caret: start + next.length }
  }
  return null
}
