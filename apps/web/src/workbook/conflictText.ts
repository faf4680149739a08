import { quoteForNotice } from './noticeText'

/** One cell of a conflict as people read it. */
export interface ConflictCell {
  /** `J5`, or `Sheet2!J5` when it is not on the sheet on screen. */
  where: string
  /** This user's value as typed (formulas in A1 form). */
  mine: string
  /** The other value as typed; null when unknown. */
  theirs: string | null
}

/** Who wrote the other values: a name from presence, or null when nobody knows. */
export type Writer = string | null

const person = (who: Writer): string => who ?? 'Someone'
const possessive = (who: Writer): string => (who ? `${who}’s` : 'someone else’s')

/** Up to three addresses, then how many more. */
function places(cells: readonly ConflictCell[]): string {
  const shown = cells.slice(0, 3).map((c) => c.where)
  const more = cells.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/** Someone else's write replaced values of this user's they had not seen. */
export function lostText(who: Writer, cells: readonly ConflictCell[]): string {
  const [only] = cells
  if (only && cells.length === 1) {
    return only.theirs === ''
      ? `${person(who)} cleared your ${quoteForNotice(only.mine)} in ${only.where}.`
      : `${person(who)} replaced your ${quoteForNotice(only.mine)} in ${only.where} with ${quoteForNotice(only.theirs ?? '')}.`
  }
  return `${person(who)} replaced ${cells.length} of your values (${places(cells)}).`
}

/** This user's values stand over someone else's concurrent writes, which lost. */
export function keptText(who: Writer, cells: readonly ConflictCell[]): string {
  const [only] = cells
  if (only && cells.length === 1) {
    const theirs = only.theirs === null ? '' : ` ${quoteForNotice(only.theirs)}`
    return `${person(who)} also wrote${theirs} in ${only.where} at the same moment; your ${quoteForNotice(only.mine)} was kept.`
  }
  return `${person(who)} also wrote in ${cells.length} of your cells at the same moment (${places(cells)}); yours were kept.`
}

/**
 * This user committed an edit over a value someone else wrote while the editor was open (it
 * showed that): `theirs` is what they wrote, `mine` what replaced it.
 */
export function overwroteText(who: Writer, cell: ConflictCell): string {
  if (cell.theirs === '') {
    return `You wrote ${quoteForNotice(cell.mine)} in ${cell.where}, which ${who ?? 'someone else'} had just cleared.`
  }
  const theirs = `${possessive(who)} ${quoteForNotice(cell.theirs ?? '')}`
  return cell.mine === ''
    ? `You cleared ${theirs} in ${cell.where}.`
    : `You replaced ${theirs} in ${cell.where} with ${quoteForNotice(cell.mine)}.`
}

/** What a cell's editor says when someone else changes the cell under it. */
export function changedUnderEditText(who: Writer, theirs: string): string {
  return theirs === ''
    ? `${person(who)} just cleared this cell.`
    : `${person(who)} just changed this cell to ${quoteForNotice(theirs, 40)}.`
}

/** A cell address on another sheet, quoted as formulas quote sheet names. */
export function sheetAddress(sheetName: string, address: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheetName)
  return `${plain ? sheetName : `'${sheetName.replace(/'/g, "''")}'`}!${address}`
}
