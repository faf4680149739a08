import type { ShareLinkRole } from '@cellmate/client'

/** How a link's role reads in the Share dialog, as Google Sheets words it. */
export function linkRoleLabel(role: ShareLinkRole): string {
  return role === 'edit' ? 'Can edit' : role === 'comment' ? 'Can comment' : 'Can view'
}

/** What a link's holder may do, for the sentence under a new link. */
export function linkRoleHint(role: ShareLinkRole): string {
  if (role === 'comment') {
    return 'Anyone with this link can see the workbook and add, reply to and resolve comments, but not change cells.'
  }
  return role === 'edit'
    ? 'Anyone with this link can change cells, rows, columns and sheets.'
    : 'Anyone with this link can see the workbook and its live changes, but not change it.'
}

/** A link's creation time in the reader's locale, e.g. "Nov 23, 2026, 11:30 AM". */
export function linkCreatedText(createdAt: string, locale?: string): string {
  const date = new Date(createdAt)
  if (Number.isNaN(date.getTime())) return createdAt
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/**
 * Copies `text` with the asynchronous Clipboard API. Resolves to false where it is missing or
 * refused (an insecure origin, a denied permission), so the caller can select the text for
 * Ctrl+C instead.
 */
export async function copyText(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | null | undefined = globalThis.navigator?.clipboard,
): Promise<boolean> {
  if (!clipboard) return false
  try {
    await clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
