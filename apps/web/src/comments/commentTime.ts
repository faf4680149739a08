/** When a comment was written, as a comment card says it: "10:42 AM" today, else "Nov 23". */
export function commentTimeText(at: number, now = Date.now(), locale?: string): string {
  const date = new Date(at)
  const today = new Date(now)
  const sameDay = date.toDateString() === today.toDateString()
  const sameYear = date.getFullYear() === today.getFullYear()
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { timeStyle: 'short' }
    : sameYear
      ? { month: 'short', day: 'numeric' }
      : { dateStyle: 'medium' }
  return new Intl.DateTimeFormat(locale, options).format(date)
}
