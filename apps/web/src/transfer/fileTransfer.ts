import { RestError, type Download, type RestClient } from '@cellmate/client'
import { recordOpened, type RecentStorage } from '../home/recentWorkbooks'

/** What the file pickers offer: CSV (and TSV/TXT) and XLSX. */
export const IMPORT_ACCEPT =
  '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Names of picked files for a message: `"a.csv"`, `"a.csv" and "b.xlsx"`, `3 files`. */
export function filesLabel(files: readonly File[]): string {
  if (files.length === 1) return `"${files[0]?.name}"`
  if (files.length === 2) return `"${files[0]?.name}" and "${files[1]?.name}"`
  return `${files.length} files`
}

/**
 * A sentence for a failed import or export: the server's own reason when it gave one
 * ("the file is larger than 20 MB, the import limit"), else that it could not be reached.
 */
export function transferErrorText(action: string, err: unknown): string {
  if (err instanceof RestError) return `${action}: ${err.message}`
  return `${action}: the server could not be reached. Check your connection and try again`
}

/**
 * Creates a workbook from files and remembers it (with its owner token) in the recent list,
 * as a new workbook is. Resolves to the editor path of the new workbook and what the import
 * left out of the files.
 */
export async function importAsNewWorkbook(
  api: RestClient,
  files: readonly File[],
  storage: RecentStorage,
): Promise<{ path: string; notices: string[] }> {
  const created = await api.importWorkbook(files.map((file) => ({ name: file.name, data: file })))
  recordOpened(storage, {
    id: created.id,
    title: created.title,
    token: created.token,
    openedAt: Date.now(),
  })
  return { path: `/w/${encodeURIComponent(created.id)}`, notices: created.notices ?? [] }
}

/**
 * What an import left out of the files (merges, drawings, pivots…), as one notice for the
 * user; null when it left nothing out.
 */
export function importNoticeText(notices: readonly string[]): string | null {
  if (notices.length === 0) return null
  const shown = notices
    .slice(0, 4)
    .map((n) => n.replace(/\.+$/, ''))
    .join('; ')
  const more = notices.length > 4 ? `; and ${notices.length - 4} more` : ''
  return `Imported. What Cellmate cannot keep yet: ${shown}${more}.`
}

/**
 * Saves a download as a file through a temporary object URL: the export was fetched with the
 * token in the Authorization header, so the token never appears in a URL or browser history.
 */
export function saveDownload(download: Download, doc: Document = document): void {
  const url = URL.createObjectURL(download.blob)
  const link = doc.createElement('a')
  link.href = url
  link.download = download.filename
  link.style.display = 'none'
  doc.body.appendChild(link)
  link.click()
  link.remove()
  // Revoked after the click has started the download, not before.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
