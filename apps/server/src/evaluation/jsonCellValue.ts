import { isCellError, type CellValue } from '@cellmate/formula'

/**
 * A computed value as the REST API and exports give it: a number as a JSON number, a boolean
 * as a JSON boolean, text as a string, an error as its Excel code (`"#DIV/0!"`), an empty
 * cell as null.
 */
export type JsonCellValue = number | string | boolean | null

/** `CellValue` -> `JsonCellValue` (an error keeps only its code). */
export function jsonCellValue(value: CellValue): JsonCellValue {
  return isCellError(value) ? value.error : value
}
