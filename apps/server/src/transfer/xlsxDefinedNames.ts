import { nameProblem, type DefinedName } from '@cellmate/model'
import { tokenize } from '@cellmate/formula'

/**
 * Defined names in an .xlsx's workbook part (`<definedNames>`): read on import, written on
 * export. Excel keeps its own bookkeeping there too (`_xlnm._FilterDatabase` for a filter's
 * range, `_xlnm.Print_Area`, `_xlnm.Print_Titles`, …); Cellmate has no use for those, so they
 * are skipped — silently for the internal ones, with a notice for print settings a user set.
 */

/** A name as the file defines it: its formula without `=`, and the sheet it is local to. */
export interface XlsxDefinedName {
  name: string
  formula: string
  /** The name in the file of the sheet a local name belongs to (`localSheetId`). */
  localSheet?: string
}

/** What the workbook part defines, and notices for what was left out. */
export interface XlsxNames {
  names: XlsxDefinedName[]
  notices: string[]
}

const PRINT_NAMES = /^_xlnm\.(?:Print_Area|Print_Titles)$/i

/**
 * The names (lower case) defined as a range of several cells (`Sheet1!$B$2:$B$10`), in any
 * scope: in a formula of an older workbook such a name stands for one of its cells where a
 * value is taken (`withImplicitIntersection`).
 */
export function rangeNames(names: readonly XlsxDefinedName[]): Set<string> {
  const out = new Set<string>()
  for (const n of names) {
    const tokens = tokenize(n.formula.replace(/^=/, ''), 'a1').filter((t) => t.type !== 'space')
    const only = tokens.length === 1 ? tokens[0] : undefined
    if (only?.type !== 'ref' || !only.ref.area.isRange) continue
    const { rows, cols } = only.ref.area
    const single =
      rows !== undefined &&
      cols !== undefined &&
      rows.start.at === rows.end.at &&
      cols.start.at === cols.end.at
    if (!single) out.add(n.name.toLowerCase())
  }
  return out
}

/**
 * Reads `<definedName>` elements of the workbook part (namespace prefixes already removed).
 * Skips Excel's internal `_xlnm.` names, names pointing into other workbooks (`[1]Sheet1!A1`)
 * and names Cellmate cannot hold (invalid per Excel's rules: files written by other tools),
 * with a notice when something a user made was skipped.
 */
export function readDefinedNames(workbookXml: string, xmlText: (s: string) => string): XlsxNames {
  const names: XlsxDefinedName[] = []
  // `localSheetId` counts every `<sheet>` of the workbook part, in order.
  const sheetNames = [...workbookXml.matchAll(/<sheet\s[^>]*?\sname="([^"]*)"/g)].map((s) =>
    xmlText(s[1] as string),
  )
  let print = 0
  let external = 0
  let invalid = 0
  for (const m of workbookXml.matchAll(
    /<definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/definedName>)/g,
  )) {
    const attrs = m[1] ?? ''
    const name = xmlText(/\sname="([^"]*)"/.exec(attrs)?.[1] ?? '')
    const formula = xmlText(m[2] ?? '').trim()
    const local = /\slocalSheetId="([0-9]+)"/.exec(attrs)?.[1]
    if (/^_xlnm\./i.test(name)) {
      if (PRINT_NAMES.test(name)) print++
      continue
    }
    // Excel's hidden stand-ins for eta-reduced LAMBDAs (`_xleta.SUM`): read from the formulas.
    if (/^_xleta\./i.test(name)) continue
    if (/\[[0-9]+\]/.test(formula.replace(/"[^"]*"/g, ''))) {
      external++
      continue
    }
    if (formula === '' || nameProblem(name) !== null) {
      invalid++
      continue
    }
    const entry: XlsxDefinedName = { name, formula }
    if (local !== undefined) {
      const sheet = sheetNames[Number(local)]
      if (sheet === undefined) {
        invalid++
        continue
      }
      entry.localSheet = sheet
    }
    names.push(entry)
  }
  const notices: string[] = []
  if (print > 0) notices.push('Print areas and print titles are not imported.')
  if (external > 0) {
    notices.push(`${external} defined name(s) pointing into other workbooks were not imported.`)
  }
  if (invalid > 0) {
    notices.push(`${invalid} defined name(s) that Excel's naming rules refuse were not imported.`)
  }
  return { names, notices }
}

/** A name as exceljs writes it: `<definedName name localSheetId>ranges[0]</definedName>`. */
export interface ExcelDefinedName {
  name: string
  ranges: [string]
  localSheetId?: number
}

/**
 * The names to write, as Excel text (`Sheet1!$B$2:$B$9`, `0.2`): `formulaText` turns a stored
 * formula into the file's A1 text seen from a sheet. A sheet's own name is written local to
 * that sheet's index; names whose sheet is not written, and duplicates, are left out.
 */
export function excelDefinedNames(
  names: readonly DefinedName[],
  sheetIds: readonly string[],
  formulaText: (stored: string, sheetId: string) => string,
): ExcelDefinedName[] {
  const out: ExcelDefinedName[] = []
  for (const n of names) {
    if (n.duplicate) continue
    const local = n.scope === null ? -1 : sheetIds.indexOf(n.scope)
    if (n.scope !== null && local < 0) continue
    const host = n.scope ?? sheetIds[0]
    if (host === undefined) continue
    const entry: ExcelDefinedName = { name: n.name, ranges: [formulaText(n.formula, host)] }
    if (local >= 0) entry.localSheetId = local
    out.push(entry)
  }
  return out
}

/**
 * Gives exceljs' streamed workbook the names to write. Its own `definedNames` keeps cell
 * ranges only (no formulas, constants or names of several areas); the workbook part is
 * rendered from this `model` at commit.
 */
export function setWorkbookDefinedNames(workbook: object, names: ExcelDefinedName[]): void {
  const internals = workbook as { _definedNames?: { model?: unknown } }
  if (!internals._definedNames || !('model' in internals._definedNames)) {
    throw new Error('exceljs changed: its streamed workbook keeps no defined names')
  }
  Object.defineProperty(internals, '_definedNames', { value: { model: names } })
}
