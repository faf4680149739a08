import JSZip from 'jszip'
import { badFile } from './parsedSheet.js'
import { parseTablePart, type XlsxTable } from './xlsxTables.js'
import { decodeXmlText, readValidationElements, type XlsxValidation } from './xlsxValidationXml.js'
import { readDefinedNames, type XlsxDefinedName } from './xlsxDefinedNames.js'

/**
 * An .xlsx as exceljs can read it, and what was left out on the way. Excel opens files that
 * exceljs refuses or misreads: parts with a namespace prefix (`<x:workbook>`, `<x:Relationship>`
 * written by the .NET Open XML SDK), an `iconFilter` in an autofilter, a VML drawing with a
 * duplicate `o:relid`, tables and pivots it trips over. Cellmate keeps none of drawings,
 * pivots, slicers, filters or links anyway, so those are removed before exceljs reads the
 * file, each with a notice instead of a refused import; tables are read here instead. Merged cells are taken out
 * of the worksheets before exceljs reads them too (it drops what a merge covers, such as a
 * formula inside a merged range) and handed back per sheet, to be merged in Cellmate, and
 * so are data validation rules (`xlsxValidationXml.ts`: exceljs expands them cell by cell and
 * never sees the `x14` ones in `extLst`). Removing links keeps what they hid: a formula
 * under a link.
 */
export interface SanitizedXlsx {
  data: ArrayBuffer
  /** What the import leaves out, in words for the user; empty when nothing. */
  notices: string[]
  /** The merged ranges (`A1:B2`) of each worksheet, by the sheet's name in the file. */
  merges: Map<string, string[]>
  /** The tables of every sheet, read from their parts (which exceljs does not see). */
  tables: XlsxTable[]
  /** The data validation rules of each worksheet (`xlsxValidationXml.ts`), by sheet name. */
  validations: Map<string, XlsxValidation[]>
  /** The workbook's defined names (Excel's internal ones left out). */
  definedNames: XlsxDefinedName[]
  /**
   * The cells (`D1`) of each worksheet whose array formula is a dynamic array, by sheet name
   * (`dynamicArrayCells`); every other array formula is a legacy `{=…}`.
   */
  dynamicArrays: Map<string, Set<string>>
  /**
   * The ranges (`A1:D20`, header row first) of each worksheet's autofilters that filter rows,
   * its own and its tables', by sheet name: Excel marks the rows they hide `hidden="1"` as it
   * does rows hidden by hand, and Cellmate does not import the filter (`activeFilterRef`).
   */
  filters: Map<string, string[]>
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const PACKAGE_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** Parts removed, by folder under `xl/`, and the notice each gives (none: read on the side). */
const DROPPED_PARTS: ReadonlyArray<[RegExp, string | null]> = [
  [
    /^xl\/(?:drawings|charts|media|embeddings|activeX|ctrlProps)\//,
    'Charts, pictures, shapes and controls are not imported.',
  ],
  [/^xl\/(?:pivotTables|pivotCache)\//, 'PivotTables are imported as the values they showed.'],
  [
    /^xl\/(?:slicers|slicerCaches|timelines|timelineCaches)\//,
    'Slicers and timelines are not imported.',
  ],
  // Read here (`parseTablePart`) and imported as Cellmate tables.
  [/^xl\/tables\//, null],
  [
    /^xl\/(?:queryTables|connections\.xml|externalLinks\/)/,
    'Data connections and links to other workbooks are not imported (their last values are).',
  ],
]

const FILTER_NOTICE = 'Filters are not imported: every row shows.'

/** Worksheet elements removed, and the notice each gives when a sheet had one. */
const DROPPED_SHEET_ELEMENTS: ReadonlyArray<[string, string | null]> = [
  ['mergeCells', null],
  ['dataValidations', null],
  ['hyperlinks', 'Links are imported as their cell text.'],
  ['autoFilter', FILTER_NOTICE],
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

/** The merged ranges of a worksheet's XML (`<mergeCell ref="A1:B2"/>`). */
function mergeRefs(xml: string): string[] {
  const refs: string[] = []
  for (const block of xml.match(elementPattern('mergeCells')) ?? []) {
    for (const m of block.matchAll(/<mergeCell\s[^>]*?ref="([^"]+)"/g)) refs.push(m[1] as string)
  }
  return refs
}

/** Worksheet part path -> its sheet name, from the workbook part and its relationships. */
async function sheetNamesByPath(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const workbook = await zip.file('xl/workbook.xml')?.async('string')
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string')
  if (!workbook || !rels) return out
  const targets = new Map<string, string>()
  for (const rel of rels.match(/<Relationship\s[^>]*?\/>/g) ?? []) {
    const id = /\sId="([^"]*)"/.exec(rel)?.[1]
    const target = /Target="([^"]*)"/.exec(rel)?.[1]
    if (id && target) targets.set(id, resolveTarget('xl/_rels/workbook.xml.rels', target))
  }
  for (const sheet of workbook.match(/<sheet\s[^>]*?\/?>/g) ?? []) {
    const name = /\sname="([^"]*)"/.exec(sheet)?.[1]
    const id = /\s[\w]*:?id="([^"]*)"/.exec(sheet)?.[1]
    const path = id ? targets.get(id) : undefined
    if (name !== undefined && path) out.set(path, decodeXmlText(name))
  }
  return out
}

async function sanitize(zip: JSZip): Promise<SanitizedXlsx> {
  const dynamicCm = dynamicCellMetadata(
    unprefixXml((await zip.file('xl/metadata.xml')?.async('string')) ?? ''),
  )
  const dynamicByPath = new Map<string, Set<string>>()
  const notices = new Set<string>()
  const mergesByPath = new Map<string, string[]>()
  const validationsByPath = new Map<string, XlsxValidation[]>()
  const removed = new Set<string>()
  const tableParts = new Map<string, string>()
  const tablesBySheetPath = new Map<string, string[]>()
  const filtersByPath = new Map<string, string[]>()
  let definedNames: XlsxDefinedName[] = []
  for (const [path, file] of Object.entries(zip.files)) {
    if (!file.dir && /^xl\/tables\/[^/]+\.xml$/.test(path)) {
      tableParts.set(path, unprefixXml(await file.async('string')))
    }
  }
  for (const path of Object.keys(zip.files)) {
    const rule = DROPPED_PARTS.find(([re]) => re.test(path))
    if (rule && !zip.files[path]?.dir) {
      zip.remove(path)
      removed.add(path)
      if (rule[1]) notices.add(rule[1])
    }
  }
  for (const [path, file] of Object.entries(zip.files)) {
    if (file.dir || !/\.(?:xml|rels)$/.test(path)) continue
    let xml = unprefixXml(await file.async('string'))
    if (path.endsWith('.rels')) {
      const sheetPath = /^xl\/worksheets\/_rels\/([^/]+)\.rels$/.exec(path)?.[1]
      xml = xml.replace(/<Relationship\s[^>]*?\/>/g, (rel) => {
        const target = /Target="([^"]*)"/.exec(rel)?.[1] ?? ''
        const external = /TargetMode="External"/.test(rel)
        const part = resolveTarget(path, target)
        if (sheetPath && !external && tableParts.has(part)) {
          const key = `xl/worksheets/${sheetPath}`
          tablesBySheetPath.set(key, [...(tablesBySheetPath.get(key) ?? []), part])
        }
        const dropped = !external && removed.has(resolveTarget(path, target))
        const drawing = /\/(?:vmlDrawing|drawing)"/.test(rel)
        return dropped || drawing ? '' : rel
      })
    } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(path)) {
      const refs = mergeRefs(xml)
      if (refs.length > 0) mergesByPath.set(path, refs)
      const rules = readValidationElements(xml)
      if (rules.length > 0) validationsByPath.set(path, rules)
      const dynamic = dynamicArrayCells(xml, dynamicCm)
      if (dynamic.size > 0) dynamicByPath.set(path, dynamic)
      const filter = activeFilterRef(xml)
      if (filter) filtersByPath.set(path, [filter])
      // A <col> without a width (hidden, or styled) has the default one; exceljs reads it as
      // its own default, 9, which would come in as a width the sheet never set.
      xml = xml.replace(/<col\s(?![^>]*\swidth=)([^>]*?)(\/?)>/g, '<col width="0" $1$2>')
      for (const [name, notice] of DROPPED_SHEET_ELEMENTS) {
        const re = elementPattern(name)
        if (re.test(xml)) {
          xml = xml.replace(elementPattern(name), '')
          if (notice) notices.add(notice)
        }
      }
    } else if (path === 'xl/workbook.xml') {
      const read = readDefinedNames(xml, decodeXmlText)
      definedNames = read.names
      for (const notice of read.notices) notices.add(notice)
      // Read here, not by exceljs: it keeps ranges only (no formulas or constants, no local
      // scopes) and holds one entry per cell of each, so `Lists!$A$1:$A$1048576` cost it a
      // million objects and seconds of work.
      for (const name of ['definedNames', 'pivotCaches', 'extLst', 'externalReferences']) {
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
  const merges = new Map<string, string[]>()
  const tables: XlsxTable[] = []
  const validations = new Map<string, XlsxValidation[]>()
  const dynamicArrays = new Map<string, Set<string>>()
  const filters = new Map<string, string[]>()
  if (
    mergesByPath.size > 0 ||
    tablesBySheetPath.size > 0 ||
    validationsByPath.size > 0 ||
    dynamicByPath.size > 0 ||
    filtersByPath.size > 0
  ) {
    for (const [path, name] of await sheetNamesByPath(zip)) {
      const dynamic = dynamicByPath.get(path)
      if (dynamic) dynamicArrays.set(name, dynamic)
      const refs = mergesByPath.get(path)
      if (refs) merges.set(name, refs)
      const rules = validationsByPath.get(path)
      if (rules) validations.set(name, rules)
      const sheetFilters = [...(filtersByPath.get(path) ?? [])]
      for (const part of tablesBySheetPath.get(path) ?? []) {
        const xml = tableParts.get(part) ?? ''
        const table = parseTablePart(xml, name, decodeXmlText)
        if (table) tables.push(table)
        const filter = activeFilterRef(xml)
        if (filter) {
          sheetFilters.push(filter)
          notices.add(FILTER_NOTICE)
        }
      }
      if (sheetFilters.length > 0) filters.set(name, sheetFilters)
    }
  }
  const data = await zip.generateAsync({ type: 'arraybuffer', compression: 'STORE' })
  return {
    data,
    notices: [...notices],
    merges,
    tables,
    validations,
    definedNames,
    dynamicArrays,
    filters,
  }
}

/**
 * The range of the first `<autoFilter>` in a worksheet or table part when one of its columns
 * has criteria (a `<filterColumn>` with content: `<filters>`, `<customFilters>`, `<top10>`…;
 * an empty one only hides a button), so the rows it hides are its own.
 */
export function activeFilterRef(xml: string): string | undefined {
  const filter = elementPattern('autoFilter').exec(xml)?.[0]
  if (!filter || !/<filterColumn\b[^>]*[^/]>\s*<\w/.test(filter)) return undefined
  return /\sref="([^"]+)"/.exec(filter)?.[1]
}

/**
 * The cell-metadata indexes (`cm`, 1-based) that mark a dynamic array in `xl/metadata.xml`:
 * a `cellMetadata` record whose type is `XLDAPR` and whose future metadata says `fDynamic="1"`
 * ([MS-XLSX], `dynamicArrayProperties`). Exceljs reads none of it.
 */
export function dynamicCellMetadata(xml: string): Set<number> {
  const out = new Set<number>()
  const types = [...(xml.match(/<metadataType\s[^>]*>/g) ?? [])].map(
    (t) => /\sname="([^"]*)"/.exec(t)?.[1] ?? '',
  )
  const future = /<futureMetadata\s[^>]*name="XLDAPR"[^>]*>([\s\S]*?)<\/futureMetadata>/.exec(xml)
  const dynamicBk = (future?.[1]?.match(/<bk>[\s\S]*?<\/bk>/g) ?? []).map((bk) =>
    /dynamicArrayProperties\s[^>]*fDynamic="(?:1|true)"/.test(bk),
  )
  const cells = /<cellMetadata[^>]*>([\s\S]*?)<\/cellMetadata>/.exec(xml)?.[1] ?? ''
  ;(cells.match(/<bk>[\s\S]*?<\/bk>/g) ?? []).forEach((bk, i) => {
    const rc = /<rc\s[^>]*>/.exec(bk)?.[0] ?? ''
    const t = Number(/\st="([0-9]+)"/.exec(rc)?.[1])
    const v = Number(/\sv="([0-9]+)"/.exec(rc)?.[1])
    if (types[t - 1] === 'XLDAPR' && dynamicBk[v] === true) out.add(i + 1)
  })
  return out
}

/** The cells of a worksheet's XML whose `cm` is one of `dynamic` (`<c r="D1" cm="1">`). */
export function dynamicArrayCells(xml: string, dynamic: ReadonlySet<number>): Set<string> {
  const out = new Set<string>()
  if (dynamic.size === 0) return out
  for (const tag of xml.match(/<c\s[^>]*\bcm="[0-9]+"[^>]*>/g) ?? []) {
    const cm = Number(/\bcm="([0-9]+)"/.exec(tag)?.[1])
    const r = /\sr="([A-Z]+[0-9]+)"/.exec(tag)?.[1]
    if (r && dynamic.has(cm)) out.add(r)
  }
  return out
}
