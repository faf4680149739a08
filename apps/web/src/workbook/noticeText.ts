/**
 * Messages from the model and the server are lower-case clauses ("a sheet keeps …"); what
 * people read is a sentence: capitalised, with a full stop.
 */
export function asSentence(message: string): string {
  const trimmed = message.trim()
  const text = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?…]$/.test(text) ? text : `${text}.`
}

/** Cell text quoted inside a notice, shortened past `max` characters; an empty cell says so. */
export function quoteForNotice(text: string, max = 80): string {
  if (text === '') return 'an empty cell'
  const oneLine = text.replace(/\s+/g, ' ')
  return `“${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}”`
}
