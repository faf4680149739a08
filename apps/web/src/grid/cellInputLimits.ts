import { LIMITS } from '@cellmate/protocol'

/**
 * Why a raw input cannot be stored in a cell, or null when it can. Checked before writing so
 * the user keeps the draft and reads the reason, instead of the server refusing the update.
 */
export function cellInputError(value: string): string | null {
  if (value.length <= LIMITS.maxCellChars) return null
  const max = LIMITS.maxCellChars.toLocaleString('en-US')
  const has = value.length.toLocaleString('en-US')
  return `A cell can hold at most ${max} characters; this one has ${has}.`
}
