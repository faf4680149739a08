import { LIMITS, isValidIdAt } from '@cellmate/protocol'
import { FNV_OFFSET, FNV_PRIME, hashOf } from './cellKeyTable.js'

/**
 * A cell entry of a sheet's log (`SheetCells`): the string `rowId:colId:input`. Reading one,
 * and finding and hashing the keys of a run of them for the index.
 */

/** Parses `rowId:colId:input`; null when it is not one (or the input is too long for a cell). */
export function parseCellEntry(entry: unknown): { key: string; value: string } | null {
  if (!isCellEntry(entry)) return null
  const b = entry.indexOf(':', entry.indexOf(':') + 1)
  return { key: entry.slice(0, b), value: entry.slice(b + 1) }
}

/**
 * Whether `entry` is a cell entry (`parseCellEntry` would read it), checked in place: a
 * loaded sheet's repair looks at every entry, and cutting each one's ids and key out to check
 * them was most of that pass (~90 of ~160 ms for 1,000,000 cells, on the server's event loop).
 */
export function isCellEntry(entry: unknown): entry is string {
  if (typeof entry !== 'string') return false
  const a = entry.indexOf(':')
  if (a <= 0) return false
  const b = entry.indexOf(':', a + 1)
  if (b <= a + 1) return false
  if (!isValidIdAt(entry, 0, a) || !isValidIdAt(entry, a + 1, b)) return false
  return entry.length - b - 1 <= LIMITS.maxCellChars
}

/**
 * Where the cell key of an entry ends (its second `:`), checked for shape only (two `:` and a
 * bounded input): what the index needs, many times faster than `parseCellEntry`; -1 when it is
 * no cell entry. An entry whose ids are not ids (the server refuses those) would name a cell
 * no row has, which no reader shows.
 */
export function entryKeyEnd(entry: unknown): number {
  if (typeof entry !== 'string') return -1
  const a = entry.indexOf(':')
  if (a <= 0) return -1
  const b = entry.indexOf(':', a + 1)
  if (b <= a + 1 || entry.length - b - 1 > LIMITS.maxCellChars) return -1
  return b
}

/** The input of a cell entry (what follows its key and `:`). */
export function entryValue(entry: string): string {
  return entry.slice(entry.indexOf(':', entry.indexOf(':') + 1) + 1)
}

/** The cell key of an entry (see `entryKeyEnd`), or null. */
export function entryKey(entry: unknown): string | null {
  const end = entryKeyEnd(entry)
  return end < 0 ? null : (entry as string).slice(0, end)
}

/** Whether an entry's input (after `key:`) is a formula: `=` and at least one more character. */
export function holdsFormula(entry: string, keyLength: number): boolean {
  return entry.length > keyLength + 2 && entry.charCodeAt(keyLength + 1) === 61 // '='
}

/** The entry string for a cell key (`rowId:colId`) and its input. */
export function cellEntry(key: string, value: string): string {
  return `${key}:${value}`
}

/** Entries indexed per batch (`indexRun`), and its scratch: where each key ends, its hash. */
export const INDEX_BATCH = 256
export const batchKeyEnds = new Int32Array(INDEX_BATCH)
export const batchHashes = new Int32Array(INDEX_BATCH)

/**
 * Finds where the keys of `arr[start..]` end and hashes them, up to `INDEX_BATCH` entries, into
 * `batchKeyEnds` and `batchHashes` (an end below 0: no cell entry); returns how many it read.
 */
export function hashBatch(arr: readonly unknown[], start: number): number {
  const count = Math.min(INDEX_BATCH, arr.length - start)
  for (let k = 0; k < count; k++) {
    const entry = arr[start + k]
    const end = entryKeyEnd(entry)
    batchKeyEnds[k] = end
    if (end >= 0) batchHashes[k] = hashOf(entry as string, end)
  }
  return count
}

/**
 * `hashBatch` of a run decoded from an update being applied, read from the update's bytes
 * (`Y.stringRunBytes`: `arr[i]` is the `arr[i].length` bytes from `starts[i]` on, one byte per
 * character): the second `:` is found and the key hashed in one pass over plain bytes, where
 * `entryKeyEnd` and `hashOf` each read the string again, character by character. Opening a
 * 1,000,000-cell sheet spent ~90 ms of Chromium's main thread there.
 */
export function hashBatchFromBytes(
  arr: readonly unknown[],
  start: number,
  bytes: Uint8Array,
  starts: Uint32Array,
): number {
  const count = Math.min(INDEX_BATCH, arr.length - start)
  for (let k = 0; k < count; k++) {
    const from = starts[start + k] as number
    const length = (arr[start + k] as string).length
    let hash = FNV_OFFSET
    let first = -1
    let end = -1
    for (let j = 0; j < length; j++) {
      const c = bytes[from + j] as number
      if (c === 58) {
        // ':'
        if (first >= 0) {
          end = j
          break
        }
        first = j
      }
      hash = Math.imul(hash ^ c, FNV_PRIME)
    }
    // As `entryKeyEnd`: a row id, a column id, and an input a cell may hold.
    const isEntry = first > 0 && end > first + 1 && length - end - 1 <= LIMITS.maxCellChars
    batchKeyEnds[k] = isEntry ? end : -1
    batchHashes[k] = hash
  }
  return count
}
