/** Limits of CSV/XLSX import beyond the sheet limits every edit obeys. */
export interface ImportConfig {
  /** Largest upload of one import, all its files together (`IMPORT_MAX_BYTES`, default 20 MiB). */
  maxBytes: number
  /** Non-empty cells one import may create (`IMPORT_MAX_CELLS`, default 2,000,000). */
  maxCells: number
}

export const DEFAULT_IMPORT_CONFIG: ImportConfig = {
  maxBytes: 20 * 1024 * 1024,
  maxCells: 2_000_000,
}

/** An unzipped XLSX may be this many times its import limit before it is taken for a zip bomb. */
export const MAX_UNZIP_RATIO = 15
