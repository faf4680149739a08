import JSZip from 'jszip'
import { badFile } from './parsedSheet.js'

/**
 * An .xlsx as exceljs can read it, and what was left out on the way. Excel opens files that
 * exceljs refuses or misreads: parts with a namespace prefix (`<x:workbook>`, `<x:Relationship>`
 * written by the .NET Open XML SDK), an `iconFilter` in an autofilter, a VML drawing with a
 * duplicate `o:relid`, tables and pivots it trips over. Cellmate keeps none of drawings,
 * pivots, slicers, tables, filters, merges or links anyway, so those are removed before
 * exceljs reads the file, each with a notice instead of a refused import. Removing merges and
 * links also keeps what they hid: a formula under a link, a formula inside a merged range.
 */
export interface SanitizedXlsx {
  data: ArrayBuffer
  /** What the import leaves out, in words for the user; empty when nothing. */
  notices: string[]
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const PACKAGE_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** Parts removed, by folder under `xl/`, and the notice each gives. */
const DROPPED_PARTS: ReadonlyArray<[RegExp, string]> = [
  [
    /^xl\/(?:drawings|charts|media|embeddings|activeX|ctrlProps)\//,
    'Charts, pictures, shapes and controls are not imported.',
  ],
  [/^xl\/(?:pivotTables|pivotCache)\//, 'PivotTables are imported as the values they showed.'],
  [
    /^xl\/(?:slicers|slicerCaches|timelines|timelineCaches)\//,
    'Slicers and timelines are not imported.',
  ],
  [/^xl\/tables\//, 'Tables are imported as plain cells.'],
  [
    /^xl\/(?:queryTables|connections\.xml|externalLinks\/)/,
    'Data connections and links to other workbooks are not imported (their last values are).',
  ],
]

/** Worksheet elements removed, and the notice each gives when a sheet had one. */
const DROPPED_SHEET_ELEMENTS: ReadonlyArray<[string, string | null]> = [
  ['mergeCells', 'Merged cells are imported unmerged; every cell keeps its content.'],
  ['hyperlinks', 'Links are imported as their cell text.'],
  ['autoFilter', 'Filters are not imported: every row shows.'],
  ['drawing', null],
  ['legacyDrawing', null],
  ['legacyDrawingHF', null],
  ['picture', null],
  ['oleObjects', null],
  ['controls', null],
  ['tableParts', null],
  ['extLst', null],
]

/** `<name …/>` or `<name …>…</name>` (not nested in itself), with any namespace prefix gone. */
function elementPattern(name: string): RegExp {
  return new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${name}>)`, 'g')
}

/**
 * The XML with the prefix its root binds to SpreadsheetML or package relationships removed
 * (`<x:sheet>` -> `<sheet>`), which is the same document to any namespace-aware reader.
 */
export function unprefixXml(xml: string): string {
  const root = /<([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s[^>]*?xmlns:\1="([^"]+)"/.exec(xml)
  if (!root || (root[2] !== MAIN_NS && root[2] !== PACKAGE_RELS_NS)) return xml
  const prefix = root[1] as string
  return xml
    .replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1')
    .replace(new RegExp(`xmlns:${prefix}=`, 'g'), 'xmlns=')
}

/** A relationship target as a path inside the zip, from the folder of its `.rels` owner. */
function resolveTarget(relsPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const base = relsPath
    .replace(/_rels\/[^/]*$/, '')
    .split('/')
    .filter(Boolean)
  for (const part of target.split('/')) {
    if (part === '..') base.pop()
    else if (part !== '.') base.push(part)
  }
  return base.join('/')
}

export async function sanitizeXlsx(bytes: Uint8Array): Promise<SanitizedXlsx> {
  try {
    return await sanitize(await JSZip.loadAsync(bytes))
  } catch (err) {
    // A damaged zip (a part whose data does not match its declared size, …).
    const reason = err instanceof Error ? err.message : String(err)
    throw badFile(`this file is not a readable .xlsx workbook (${reason.slice(0, 200)})`)
  }
}

async function sanitize(zip: JSZip): Promise<SanitizedXlsx> {
  const notices = new Set<string>()
  const removed = new Set<string>()
  for (const path of Object.keys(zip.files)) {
    const rule = DROPPED_PARTS.find(([re]) => re.test(path))
    if (rule && !zip.files[path]?.dir) {
      zip.remove(path)
      removed.add(path)
      notices.add(rule[1])
    }
  }
  for (const [path, file] of Object.entries(zip.files)) {
    if (file.dir || !/\.(?:xml|rels)$/.test(path)) continue
    let xml = unprefixXml(await file.async('string'))
    if (path.endsWith('.rels')) {
      xml = xml.replace(/<Relationship\s[^>]*?\/>/g, (rel) => {
        const target = /Target="([^"]*)"/.exec(rel)?.[1] ?? ''
        const external = /TargetMode="External"/.test(rel)
        const dropped = !external && removed.has(resolveTarget(path, target))
        const drawing = /\/(?:vmlDrawing|drawing)"/.test(rel)
        return dropped || drawing ? '' : rel
      })
    } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(path)) {
      for (const [name, notice] of DROPPED_SHEET_ELEMENTS) {
        const re = elementPattern(name)
        if (re.test(xml)) {
          xml = xml.replace(elementPattern(name), '')
          if (notice) notices.add(notice)
        }
      }
    } else if (path === 'xl/workbook.xml') {
      for (const name of ['pivotCaches', 'extLst', 'externalReferences']) {
        xml = xml.replace(elementPattern(name), '')
      }
    } else if (path === '[Content_Types].xml') {
      xml = xml.replace(/<Override\s[^>]*?\/>/g, (o) =>
        removed.has((/PartName="\/?([^"]*)"/.exec(o)?.[1] ?? '').replace(/^\//, '')) ? '' : o,
      )
    }
    zip.file(path, xml)
  }
  // VML drawings (comments' boxes, form controls) are what carries a duplicate o:relid.
  for (const path of Object.keys(zip.files)) {
    if (/\.vml$/i.test(path)) zip.remove(path)
  }
  // Stored, not deflated: it is read once, right away, and compressing costs more than it saves.
  const data = await zip.generateAsync({ type: 'arraybuffer', compression: 'STORE' })
  return { data, notices: [...notices] }
}
