/** Limits of CSV/XLSX import beyond the sheet limits every edit obeys. */
export interface ImportConfig {
  /** Largest upload of one import, all its files together (`IMPORT_MAX_BYTES`, default 20 MiB). */
  maxBytes: number
  /**
   * Non-empty cells one import may create (`IMPORT_MAX_CELLS`, default 150,000). Capped by
   * cells, not bytes, because what costs is the document an import leaves: every later open
   * of the sheet loads it on the server's main thread, about 6 µs per cell (measured on 2
   * busy cores: 150,000 cells make a 5 MB document that loads in 0.9 s; 500,000 cells 19 MB
   * and 4.9 s; 2,000,000 cells 78 MB and 22 s). Raise it on faster machines, knowing that
   * each open of such a sheet holds up every other user for that long.
   */
  maxCells: number
}

export const DEFAULT_IMPORT_CONFIG: ImportConfig = {
  maxBytes: 20 * 1024 * 1024,
  maxCells: 150_000,
}

/** An unzipped XLSX may be this many times its import limit before it is taken for a zip bomb. */
export const MAX_UNZIP_RATIO = 15
