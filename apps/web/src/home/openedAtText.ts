const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago", then a date: how long ago a
 * workbook was opened, in the browser's language.
 */
export function openedAtText(openedAt: number, now: number, locale?: string): string {
  const ago = Math.max(0, now - openedAt)
  if (ago < MINUTE) return 'just now'
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), 'minute')
  if (ago < DAY) return rtf.format(-Math.floor(ago / HOUR), 'hour')
  if (ago < 7 * DAY) return rtf.format(-Math.floor(ago / DAY), 'day')
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(openedAt)
}
