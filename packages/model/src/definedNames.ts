import * as Y from 'yjs'
import { CellmateError, ERROR_CODES, LIMITS, isValidId } from '@cellmate/protocol'
import { lettersToCol } from './a1.js'
import { WORKBOOK_ROOTS, hasSheet } from './workbook.js'

/**
 * Defined names of a workbook (Excel's Name Manager): `Sales` = `Sheet1!$B$2:$B$100`,
 * `TaxRate` = `0.2`. They live in the workbook document's `names` map: a name id -> a nested
 * map of its fields, so a rename by one user and a new range by another both survive (as a
 * sheet's name and colour do in `sheetMeta`). A name's formula is stored like a cell formula,
 * with its references anchored to row, column and sheet ids (the formula package writes it),
 * so a named range grows with rows inserted inside it and moves with rows inserted above it,
 * on every replica, without rewriting anything; a deleted sheet makes it `#REF!`.
 *
 * A name is scoped to the workbook (no `scope`) or to one sheet (`scope` = its id; a name
 * whose sheet is gone is not listed). Two names with the same text and scope can only arise
 * from two people creating them at once: the one with the smaller id is used, the other is
 * listed with `duplicate` so someone can rename or delete it.
 */

/** Fields of a name's map. */
export const NAME_FIELDS = ['name', 'formula', 'scope', 'comment'] as const
export type NameField = (typeof NAME_FIELDS)[number]

/** Most names a workbook may hold, and the longest name (Excel's limit) and comment. */
export const MAX_DEFINED_NAMES = 2000
export const MAX_NAME_CHARS = 255
export const MAX_NAME_COMMENT_CHARS = 255

/** A name as a reader sees it. `formula` is the stored (id-anchored) form, with its `=`. */
export interface DefinedName {
  id: string
  name: string
  formula: string
  /** The sheet id the name belongs to; null for a workbook name. */
  scope: string | null
  comment?: string
  /** Another name with the same text and scope wins (concurrent creation). */
  duplicate?: boolean
}

/** Name ids: short, URL-safe, as made by `newNameId`. */
export const NAME_ID_RE = /^[A-Za-z0-9_-]{1,40}$/

const NAME_SYNTAX = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u
const CELL_LIKE = /^([A-Za-z]{1,3})([0-9]{1,7})$/
const R1C1_LIKE = /^[Rr]([0-9]*)[Cc]?([0-9]*)$|^[Cc][0-9]*$/

/**
 * Why `name` is not a valid defined name, or null when it is. Excel's rules: starts with a
 * letter, `_` or `\`; then letters, digits, `_`, `.` or `\`; no spaces; at most 255
 * characters; not a cell reference (`A1`, `TAX2024`) nor an R1C1 one (`R`, `C`, `R1C1`,
 * `RC2`); not `TRUE`/`FALSE`.
 */
export function nameProblem(name: string): string | null {
  if (name === '') return 'a name cannot be blank'
  if (name.length > MAX_NAME_CHARS) return `a name has at most ${MAX_NAME_CHARS} characters`
  if (/\s/.test(name)) return 'a name cannot contain spaces'
  if (/^[0-9]/.test(name)) return 'a name cannot start with a digit'
  if (!NAME_SYNTAX.test(name)) {
    return 'a name starts with a letter, _ or \\ and holds only letters, digits, _, . and \\'
  }
  const cell = CELL_LIKE.exec(name)
  if (cell) {
    const col = lettersToCol(cell[1] as string)
    const row = Number(cell[2])
    if (col >= 0 && col < LIMITS.maxCols && row >= 1 && row <= LIMITS.maxRows) {
      return `${name} is a cell reference`
    }
  }
  if (R1C1_LIKE.test(name)) return `${name} reads as an R1C1 reference`
  if (/^(TRUE|FALSE)$/i.test(name)) return `${name} is a logical value`
  return null
}

/** True when `name` is a valid defined name (see `nameProblem`). */
export function isValidName(name: string): boolean {
  return nameProblem(name) === null
}

/** Why a stored name formula is refused, or null: `=` then up to a cell's length. */
export function nameFormulaProblem(formula: string): string | null {
  if (!formula.startsWith('=') || formula.trim().length < 2) {
    return 'a name refers to a formula, a range or a constant'
  }
  if (formula.length > LIMITS.maxCellChars) {
    return `a name's formula has at most ${LIMITS.maxCellChars} characters`
  }
  return null
}

/** Why a name's map breaks the rules, or null (what the server checks on every update). */
export function namedEntryProblem(id: string, value: unknown): string | null {
  if (!NAME_ID_RE.test(id)) return `"${id.slice(0, 40)}" is not a name id`
  if (!(value instanceof Y.Map)) return `name ${id} is a map of its fields`
  for (const [key, v] of value as Y.Map<unknown>) {
    if (!(NAME_FIELDS as readonly string[]).includes(key)) {
      return `"${key.slice(0, 40)}" is not a field of a name`
    }
    if (typeof v !== 'string') return `the ${key} of a name is text`
  }
  const name = value.get('name')
  const formula = value.get('formula')
  const scope = value.get('scope')
  const comment = value.get('comment')
  if (typeof name !== 'string') return `name ${id} has a name`
  const problem = nameProblem(name)
  if (problem) return problem
  if (typeof formula !== 'string') return `name ${id} has a formula`
  const formulaProblem = nameFormulaProblem(formula)
  if (formulaProblem) return formulaProblem
  if (scope !== undefined && !isValidId(scope as string)) return "a name's scope is a sheet id"
  if (typeof comment === 'string' && comment.length > MAX_NAME_COMMENT_CHARS) {
    return `a name's comment has at most ${MAX_NAME_COMMENT_CHARS} characters`
  }
  return null
}

/** The workbook document's `names` map. */
export function namesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(WORKBOOK_ROOTS.names)
}

/**
 * The workbook's names, sorted by name (ignoring case) with workbook names before sheet ones.
 * Entries that are not well-formed, and sheet names whose sheet is gone, are left out.
 */
export function listNames(doc: Y.Doc): DefinedName[] {
  const out: DefinedName[] = []
  for (const [id, value] of namesMap(doc)) {
    if (namedEntryProblem(id, value) !== null) continue
    const m = value as Y.Map<string>
    const scope = m.get('scope') ?? null
    if (scope !== null && !hasSheet(doc, scope)) continue
    const entry: DefinedName = {
      id,
      name: m.get('name') as string,
      formula: m.get('formula') as string,
      scope,
    }
    const comment = m.get('comment')
    if (comment) entry.comment = comment
    out.push(entry)
  }
  out.sort(
    (a, b) =>
      compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
      compareText(a.scope ?? '', b.scope ?? '') ||
      compareText(a.id, b.id),
  )
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1] as DefinedName
    const b = out[i] as DefinedName
    if (a.scope === b.scope && a.name.toLowerCase() === b.name.toLowerCase()) b.duplicate = true
  }
  return out
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The name `text` means in a formula on sheet `sheetId` (null: outside any sheet): that
 * sheet's own name first, then the workbook's, as Excel resolves them. Ignores case.
 */
export function findName(
  names: readonly DefinedName[],
  text: string,
  sheetId: string | null,
): DefinedName | undefined {
  const lower = text.toLowerCase()
  let global: DefinedName | undefined
  for (const n of names) {
    if (n.duplicate || n.name.toLowerCase() !== lower) continue
    if (n.scope === null) global ??= n
    else if (n.scope === sheetId) return n
  }
  return global
}

/** A fresh name id. */
export function newNameId(): string {
  let id = 'n'
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'
  for (let i = 0; i < 11; i++) id += chars[Math.floor(Math.random() * chars.length)]
  return id
}

/** What `addName` and `updateName` take; `formula` in stored form. */
export interface NameInput {
  name: string
  formula: string
  scope?: string | null
  comment?: string
}

function checkName(doc: Y.Doc, name: string, scope: string | null, exceptId?: string): string {
  const trimmed = name.trim()
  const problem = nameProblem(trimmed)
  if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
  const lower = trimmed.toLowerCase()
  const taken = listNames(doc).some(
    (n) => n.id !== exceptId && n.scope === scope && n.name.toLowerCase() === lower,
  )
  if (taken) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `there is already a name "${trimmed}" ${scope === null ? 'in this workbook' : 'on this sheet'}`,
    )
  }
  return trimmed
}

function checkFormula(formula: string): void {
  const problem = nameFormulaProblem(formula)
  if (problem) throw new CellmateError(ERROR_CODES.BAD_REQUEST, problem)
}

function checkComment(comment: string | undefined): void {
  if (comment !== undefined && comment.length > MAX_NAME_COMMENT_CHARS) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `a name's comment has at most ${MAX_NAME_COMMENT_CHARS} characters`,
    )
  }
}

/**
 * Defines a name (one transaction with `origin`) and returns it. Throws BAD_REQUEST for an
 * invalid or taken name, a blank formula, or a scope that is not a sheet of the workbook.
 */
export function addName(
  doc: Y.Doc,
  input: NameInput,
  origin?: unknown,
  id = newNameId(),
): DefinedName {
  const scope = input.scope ?? null
  if (scope !== null && !hasSheet(doc, scope)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `no sheet ${scope}`)
  }
  if (namesMap(doc).size >= MAX_DEFINED_NAMES) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `a workbook has at most ${MAX_DEFINED_NAMES} names`,
    )
  }
  const name = checkName(doc, input.name, scope)
  checkFormula(input.formula)
  checkComment(input.comment)
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    m.set('name', name)
    m.set('formula', input.formula)
    if (scope !== null) m.set('scope', scope)
    if (input.comment) m.set('comment', input.comment)
    namesMap(doc).set(id, m)
  }, origin)
  const entry: DefinedName = { id, name, formula: input.formula, scope }
  if (input.comment) entry.comment = input.comment
  return entry
}

/**
 * Changes a name's text, formula and/or comment (its scope stays, as in Excel's Name Manager),
 * writing only the fields that differ, in one transaction. Throws NOT_FOUND for an unknown id.
 */
export function updateName(
  doc: Y.Doc,
  id: string,
  change: Partial<Omit<NameInput, 'scope'>>,
  origin?: unknown,
): DefinedName {
  const current = listNames(doc).find((n) => n.id === id)
  const m = namesMap(doc).get(id)
  if (!current || !(m instanceof Y.Map)) {
    throw new CellmateError(ERROR_CODES.NOT_FOUND, `no name ${id}`)
  }
  const name =
    change.name === undefined ? current.name : checkName(doc, change.name, current.scope, id)
  if (change.formula !== undefined) checkFormula(change.formula)
  checkComment(change.comment)
  doc.transact(() => {
    if (name !== current.name) m.set('name', name)
    if (change.formula !== undefined && change.formula !== current.formula) {
      m.set('formula', change.formula)
    }
    if (change.comment !== undefined && change.comment !== (current.comment ?? '')) {
      if (change.comment === '') m.delete('comment')
      else m.set('comment', change.comment)
    }
  }, origin)
  return listNames(doc).find((n) => n.id === id) as DefinedName
}

/** Deletes a name; formulas using it read `#NAME?`. Returns false when there was none. */
export function deleteName(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const names = namesMap(doc)
  if (!names.has(id)) return false
  doc.transact(() => names.delete(id), origin)
  return true
}
