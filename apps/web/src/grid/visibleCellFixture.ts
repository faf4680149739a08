import type { VisibleCell } from './useVisibleCells'

/**
 * A plain visible cell at (`row`, `col`) as `useVisibleCells` describes it (no format, no
 * merge, no validation), with `extra` over it: the grid's strip and row-layer tests start
 * from it.
 */
export function visibleCell(
  row: number,
  col: number,
  extra: Partial<VisibleCell> = {},
): VisibleCell {
  const address = `${String.fromCharCode(65 + col)}${row + 1}`
  const text = extra.text ?? ''
  return {
    col,
    address,
    label: text === '' ? address : `${address}, ${text}`,
    frozen: false,
    text,
    numeric: false,
    centered: false,
    error: false,
    title: undefined,
    style: undefined,
    spill: null,
    merged: null,
    dropdown: false,
    invalid: null,
    bar: null,
    checkbox: null,
    hint: undefined,
    filter: null,
    ...extra,
  }
}
