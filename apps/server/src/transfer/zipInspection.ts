import { badFile, tooBig } from './parsedSheet.js'

const EOCD = 0x06054b50
const CENTRAL_ENTRY = 0x02014b50
const EOCD_MIN = 22
const MAX_COMMENT = 0xffff

/**
 * Reads a zip's central directory (without inflating anything) and refuses an archive that
 * is not one, or whose entries declare more than `maxUnzippedBytes` in total or a ZIP64 size:
 * the cheap first guard against a zip bomb posing as an XLSX. The parse itself runs in a
 * worker with a heap cap and a time budget, which also stops an archive lying about sizes.
 */
export function checkZipSize(bytes: Uint8Array, maxUnzippedBytes: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const notXlsx = () =>
    badFile('this file is not a valid .xlsx workbook (its zip structure is damaged)')
  let eocd = -1
  const stop = Math.max(0, bytes.length - EOCD_MIN - MAX_COMMENT)
  for (let i = bytes.length - EOCD_MIN; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw notXlsx()
  const entries = view.getUint16(eocd + 10, true)
  let offset = view.getUint32(eocd + 16, true)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_ENTRY) {
      throw notXlsx()
    }
    const size = view.getUint32(offset + 24, true)
    if (size === 0xffffffff) throw tooBig('the workbook is too large to import (ZIP64 archive)')
    total += size
    if (total > maxUnzippedBytes) {
      throw tooBig(
        `the workbook expands to more than ${Math.round(maxUnzippedBytes / 2 ** 20)} MB when unzipped, the import limit`,
        413,
      )
    }
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true)
  }
}
