import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS, isValidId, type DocRef } from '@cellmate/protocol'
import {
  MAX_AXIS_SIZE,
  MAX_COMMENT_CHARS,
  SHEET_ROOTS,
  checkCommentEntry,
  WORKBOOK_ROOTS,
  isValidFilterEntry,
  isValidFormatValue,
  isValidMergeEntry,
  isValidValidationEntry,
  isValidTableEntry,
  isValidConditionalFormatEntry,
  isCellEntry,
  parseFormatKey,
} from '@cellmate/model'

/** What each root of a document may hold. */
export interface RootRule {
  /** Arrays take items without a key; maps take items with one. */
  shape: 'array' | 'map'
  /** Nested Yjs types allowed as values (workbook sheet metadata and defined names). */
  nestedMaps: boolean
  /** Values are row/column/sheet ids (the id lists). */
  ids?: boolean
  /** Checks the key and the value of a map entry; returns why it is refused, or null. */
  entry?: (key: string, value: unknown) => string | null
  /** Checks one value inserted into an array; returns why it is refused, or null. */
  element?: (value: unknown) => string | null
  /** Longest text a value may be (default: a cell's limit). */
  maxText?: number
}

const MAP: RootRule = { shape: 'map', nestedMaps: false }
const ID_LIST: RootRule = { shape: 'array', nestedMaps: false, ids: true }

/** `rowId:colId:attr` with real ids, a known attribute and a value that attribute can hold. */
const FORMATS: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) => {
    const parsed = parseFormatKey(key)
    if (!parsed || !isValidId(parsed.rowId) || !isValidId(parsed.colId)) {
      return `"${key.slice(0, 80)}" is not a format key (rowId:colId:attr)`
    }
    if (!isValidFormatValue(parsed.attr, value)) {
      return `${JSON.stringify(value)?.slice(0, 80)} is not a valid "${parsed.attr}"`
    }
    return null
  },
}

/** Column widths and row heights: a row/column id -> px within `MAX_AXIS_SIZE`. */
const SIZES: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) => {
    if (!isValidId(key)) return `"${key.slice(0, 80)}" is not a row or column id`
    if (typeof value !== 'number' || !(value >= 0 && value <= MAX_AXIS_SIZE)) {
      return `a size must be a number of px from 0 to ${MAX_AXIS_SIZE}`
    }
    return null
  },
}

/** Sheet view settings: the freeze panes, whole counts within the sheet limits. */
const VIEW: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) => {
    const max = key === 'frozenRows' ? LIMITS.maxRows : key === 'frozenCols' ? LIMITS.maxCols : -1
    if (max < 0) return `"${key.slice(0, 80)}" is not a sheet view setting`
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      return `${key} must be a whole number from 0 to ${max}`
    }
    return null
  },
}

/**
 * The cell log: `rowId:colId:input` strings with real ids and an input within a cell's limit
 * (formulas in their id-anchored form). See `SheetCells`.
 */
const CELL_ENTRIES: RootRule = {
  shape: 'array',
  nestedMaps: false,
  maxText: LIMITS.maxCellChars + 130,
  // Checked in place: cutting out each entry's key and input (`parseCellEntry`) was most of
  // checking a paste's 25,000 entries.
  element: (value) =>
    isCellEntry(value) ? null : 'a cell entry is "rowId:colId:input" with text input',
}

/**
 * The cells' layout before the cell log: `rowId:colId` -> the raw input, always text. Tabs of
 * an older version still write here; the registry moves what they write into the log.
 */
const CELLS: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) => {
    const sep = key.indexOf(':')
    if (sep < 0 || !isValidId(key.slice(0, sep)) || !isValidId(key.slice(sep + 1))) {
      return `"${key.slice(0, 80)}" is not a cell key (rowId:colId)`
    }
    return typeof value === 'string' ? null : 'a cell holds text only'
  },
}

/** Ids of deleted rows (columns) -> true. */
const REMOVED: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    !isValidId(key)
      ? `"${key.slice(0, 80)}" is not a row or column id`
      : value === true
        ? null
        : 'a removed row or column is marked true',
}

/** Hidden rows (columns): id -> true (`setHidden`); showing a row deletes its key. */
const HIDDEN: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    !isValidId(key)
      ? `"${key.slice(0, 80)}" is not a row or column id`
      : value === true
        ? null
        : 'a hidden row or column is marked true',
}

/**
 * Comments, one key per comment and field (`commentId:field`, see `commentThreads`): each
 * field's type and size. Who may write which field is checked against the document
 * (`checkCommentWrites`).
 */
const COMMENTS: RootRule = {
  shape: 'map',
  nestedMaps: false,
  maxText: MAX_COMMENT_CHARS,
  entry: checkCommentEntry,
}

/** Merged cells: `anchorRowId:anchorColId` -> `cornerRowId:cornerColId`, real ids only. */
const MERGES: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    isValidMergeEntry(key, value)
      ? null
      : 'a merge is "anchorRowId:anchorColId" -> "cornerRowId:cornerColId" (two different cells)',
}

/** Data validation rules: a rule id -> the rule as JSON that `readValidations` accepts. */
const VALIDATIONS: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    isValidValidationEntry(key, value)
      ? null
      : 'a validation rule is an id -> JSON {kind, strict, …, at: [4 ids]} that holds together',
}

/** Conditional formats: a rule id -> the rule as JSON that `readConditionalFormats` accepts. */
const CONDITIONAL_FORMATS: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    isValidConditionalFormatEntry(key, value)
      ? null
      : 'a conditional format is an id -> JSON {kind, …, style, order, at: [4 ids]} that holds together',
}

/**
 * The shared filter: `range` -> four row/column ids, `col:<colId>` -> criteria JSON that
 * `readFilter` accepts (known fields only, values within their limits).
 */
const FILTER: RootRule = {
  shape: 'map',
  nestedMaps: false,
  maxText: 200_000,
  entry: (key, value) =>
    isValidFilterEntry(key, value)
      ? null
      : 'a filter entry is "range" -> "top:left:bottom:right" ids or "col:<colId>" -> criteria JSON',
}

/** Excel tables: a table id -> the table as JSON that `readTables` accepts. */
const TABLES: RootRule = {
  shape: 'map',
  nestedMaps: false,
  entry: (key, value) =>
    isValidTableEntry(key, value)
      ? null
      : 'a table is an id -> JSON {name, at: [4 ids], headerRow, …, columns} that holds together',
}

/** What the roots of a sheet document hold. */
export const SHEET_RULES: ReadonlyMap<string, RootRule> = new Map<string, RootRule>([
  [SHEET_ROOTS.rows, ID_LIST],
  [SHEET_ROOTS.cols, ID_LIST],
  [SHEET_ROOTS.removedRows, REMOVED],
  [SHEET_ROOTS.removedCols, REMOVED],
  [SHEET_ROOTS.cells, CELL_ENTRIES],
  [SHEET_ROOTS.legacyCells, CELLS],
  [SHEET_ROOTS.formats, FORMATS],
  [SHEET_ROOTS.colWidths, SIZES],
  [SHEET_ROOTS.rowHeights, SIZES],
  [SHEET_ROOTS.comments, COMMENTS],
  [SHEET_ROOTS.view, VIEW],
  [SHEET_ROOTS.merges, MERGES],
  [SHEET_ROOTS.hiddenRows, HIDDEN],
  [SHEET_ROOTS.hiddenCols, HIDDEN],
  [SHEET_ROOTS.validations, VALIDATIONS],
  [SHEET_ROOTS.conditionalFormats, CONDITIONAL_FORMATS],
  [SHEET_ROOTS.filter, FILTER],
  [SHEET_ROOTS.tables, TABLES],
])

const ROOT_RULES: Record<DocRef['kind'], ReadonlyMap<string, RootRule>> = {
  sheet: SHEET_RULES,
  workbook: new Map<string, RootRule>([
    [WORKBOOK_ROOTS.sheets, ID_LIST],
    [WORKBOOK_ROOTS.sheetMeta, { shape: 'map', nestedMaps: true }],
    [WORKBOOK_ROOTS.meta, MAP],
    // A name per key, its fields in a nested map; checked whole by `checkWorkbookUpdate`.
    [WORKBOOK_ROOTS.names, { shape: 'map', nestedMaps: true }],
  ]),
}

/**
 * Checks an untrusted Yjs update before it touches a document: it must decode, name only the
 * root types of its document kind with the right shape (array or map), and carry only the
 * value kinds Cellmate stores — strings, numbers and booleans within the size limits, plus
 * nested maps for workbook sheet metadata. Throws a `CellmateError` otherwise.
 *
 * Decoding is where crafted input can hang Yjs (yjs#479, #498, #687); the server runs this in
 * a worker with a time budget (`UpdateInspector`), never on the main thread.
 */
export function validateUpdate(update: Uint8Array, kind: DocRef['kind']): void {
  if (update.byteLength === 0) {
    throw new CellmateError(ERROR_CODES.INVALID_UPDATE, 'the update is empty')
  }
  if (update.byteLength > LIMITS.maxUpdateBytes) {
    throw new CellmateError(
      ERROR_CODES.UPDATE_TOO_LARGE,
      `update of ${update.byteLength} bytes exceeds the limit of ${LIMITS.maxUpdateBytes}`,
    )
  }
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    throw new CellmateError(ERROR_CODES.INVALID_UPDATE, 'the update is not a valid Yjs update')
  }
  // Yjs cannot apply an empty delete range ("Unexpected case" mid-transaction). Checked here
  // only: every update passes this worker check before the document checks. Yjs writes a
  // client's ranges once, in order and merged (`sortAndMergeDeleteSet`, and a delete set made
  // from the store is so too); the same range repeated (500,000 copies fit in 1.5 MB) was
  // applied copy by copy, stored, sent to everyone and read again at every load, holding the
  // event loop for seconds each time.
  for (const ranges of decoded.ds.clients.values()) {
    let end = -1
    for (const r of ranges) {
      if (!(r.len > 0)) throw invalid('a delete range must not be empty')
      if (r.clock < end) throw invalid('delete ranges must be in order and must not overlap')
      end = r.clock + r.len
    }
  }
  const rules = ROOT_RULES[kind]
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (typeof struct.parent === 'string') {
      const rule = rules.get(struct.parent)
      if (!rule) throw invalid(`a ${kind} document has no root named "${struct.parent}"`)
      checkItemAgainstRule(rule, struct.parent, struct.parentSub, struct.content)
    } else {
      // Overwrites, mid-array inserts and nested entries name no root: only their content can
      // be checked here; where they land is checked against the document before they apply
      // (`checkSheetUpdate`, `checkWorkbookUpdate`).
      checkContent(struct.content, kind === 'workbook')
    }
  }
}

/**
 * Checks an item that lands in the root `root` (with `key` in a map) against that root's rule:
 * the shape (array or map), the kind of content, and each value.
 */
export function checkItemAgainstRule(
  rule: RootRule,
  root: string,
  key: string | null,
  content: Y.Item['content'],
): void {
  if ((key !== null) !== (rule.shape === 'map')) {
    throw invalid(`"${root}" is a ${rule.shape}; the update treats it otherwise`)
  }
  checkContent(content, rule.nestedMaps, rule.maxText)
  if (content instanceof Y.ContentDeleted || content instanceof Y.ContentType) return
  if (!(content instanceof Y.ContentAny)) throw invalid(`"${root}" holds plain values only`)
  if (key !== null) {
    if (content.arr.length !== 1) throw invalid(`"${root}" takes one value per key`)
    const refused = rule.entry?.(key, content.arr[0])
    if (refused) throw invalid(refused)
  } else if (rule.ids && !content.arr.every((v) => typeof v === 'string' && isValidId(v))) {
    throw invalid(`"${root}" holds ids only`)
  } else if (rule.element) {
    for (const v of content.arr) {
      const refused = rule.element(v)
      if (refused) throw invalid(refused)
    }
  }
}

export function invalid(message: string): CellmateError {
  return new CellmateError(ERROR_CODES.INVALID_UPDATE, message)
}

function checkContent(
  content: Y.Item['content'],
  nestedMapsAllowed: boolean,
  maxText: number = LIMITS.maxCellChars,
): void {
  if (content instanceof Y.ContentDeleted) return
  if (content instanceof Y.ContentType) {
    if (nestedMapsAllowed && content.type instanceof Y.Map) return
    throw invalid('nested types are not allowed here')
  }
  const values: unknown[] =
    content instanceof Y.ContentAny
      ? content.arr
      : content instanceof Y.ContentString
        ? [content.str]
        : [null]
  for (const v of values) {
    if (typeof v === 'string') {
      if (v.length > maxText) {
        throw new CellmateError(
          ERROR_CODES.LIMIT_EXCEEDED,
          `a text of ${v.length} characters exceeds the limit of ${maxText}`,
        )
      }
    } else if (typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw invalid('values must be text, numbers or booleans')
    }
  }
}
