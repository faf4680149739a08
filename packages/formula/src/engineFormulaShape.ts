import type { RawCellContent } from 'hyperformula'
import { tokenize, type Token } from './formulaTokens.js'

/** What to give HyperFormula for a cell, and the anchors its formula depends on. */
export interface EngineContent {
  content: RawCellContent
  anchors: string[]
}

/**
 * The shape of a stored formula: its text with the ids of its anchored references left out.
 * A column of formulas filled down (`={r:ROW5,c:COLA}*2+1`, `={r:ROW6,c:COLA}*2+1`, …) has one
 * shape, and converts to HyperFormula's syntax alike but for those references: what surrounds
 * them is converted once per shape (`toEngineFormula`) instead of tokenized again per cell.
 */

/** Ids as the model makes them (`newId`: base-36 client id, `.`, counter; server sheet ids). */
const ID = '[\\w.-]+'
const POINT = `\\{(?:r:\\$?${ID}(?:,c:\\$?${ID})?|c:\\$?${ID})\\}`
/**
 * An anchored reference (sheet prefix, one point or two), or a string literal, which is
 * skipped: `"{r:x}"` is text. Anything else in the formula is part of the shape as written.
 */
const SCAN = new RegExp(`"(?:[^"]|"")*"?|(?:\\{s:${ID}\\}!)?${POINT}(?::${POINT})?`, 'g')
/** An id inside an anchored reference: what follows it is `,` or `}`, never `:`. */
const ID_IN_REF = /[\w.-]+(?=[,}])/g

/** A formula's shape, and its anchored references in order with where each starts. */
export interface FormulaShape {
  key: string
  refs: string[]
  starts: number[]
}

/**
 * The shape of `stored` (a formula, `=` included), or null for one that is not shared by
 * shape: without anchored references there is nothing to share, and a quoted sheet name or a
 * bracket (structured references, other workbooks) is read through the full tokenizer only.
 */
export function shapeOf(stored: string): FormulaShape | null {
  if (!stored.includes('{') || stored.includes("'") || stored.includes('[')) return null
  const refs: string[] = []
  const starts: number[] = []
  let key = ''
  let last = 0
  SCAN.lastIndex = 0
  for (let m = SCAN.exec(stored); m !== null; m = SCAN.exec(stored)) {
    const text = m[0]
    if (text[0] === '"') continue
    key += stored.slice(last, m.index) + text.replace(ID_IN_REF, '')
    refs.push(text)
    starts.push(m.index)
    last = m.index + text.length
  }
  if (refs.length === 0) return null
  return { key: key + stored.slice(last), refs, starts }
}

/**
 * What a shape converts to: the engine's text around its references (`pieces[i]` before
 * reference i, the last one after all) and the anchors its other tokens depend on.
 */
export interface ShapeTemplate {
  pieces: string[]
  anchors: string[]
}

/** How many shapes are kept; past it the cache starts over (a sheet rarely has this many). */
const MAX_SHAPES = 4096

/**
 * Templates by shape key; null for a shape converted token by token every time. What a
 * template holds depends on token texts only (`convertsByText`), so one cache serves every
 * workbook.
 */
const templates = new Map<string, ShapeTemplate | null>()

/** Converts one token into the engine's text, adding the anchors it depends on. */
export type TokenConverter = (token: Token, anchors: Set<string>) => string

/** A reference to one cell of the formula's own sheet by ids: `{r:$ROW,c:COL}`. */
export interface OwnPoint {
  row: string
  rowAbs: boolean
  col: string
  colAbs: boolean
}

/** Converts an `OwnPoint` as its token would be converted, adding the anchors it depends on. */
export type PointConverter = (point: OwnPoint, anchors: Set<string>) => string

/**
 * `ref` (one of `shapeOf`'s references) read as one cell of the formula's own sheet, or null
 * for anything else (another sheet, a range, a whole row or column). Its ids are `shapeOf`'s,
 * which the tokenizer reads alike: most references of a filled-down column are such a cell,
 * converted without a token, an area and a resolved copy of it each.
 */
export function ownPointOf(ref: string): OwnPoint | null {
  const comma = ref.indexOf(',c:')
  if (!ref.startsWith('{r:') || comma < 0 || ref.indexOf('}') !== ref.length - 1) return null
  const rowAbs = ref[3] === '$'
  const colAbs = ref[comma + 3] === '$'
  return {
    row: ref.slice(rowAbs ? 4 : 3, comma),
    rowAbs,
    col: ref.slice(comma + (colAbs ? 4 : 3), -1),
    colAbs,
  }
}

/**
 * The template of `stored`'s shape, or null when a token's conversion depends on more than
 * its text (`convertsByText`), it holds `@` or a LAMBDA call (rewritten across tokens), or
 * the tokenizer reads its references otherwise than `shapeOf` found them.
 */
function templateOf(
  stored: string,
  shape: FormulaShape,
  convertsByText: (token: Token) => boolean,
  convert: TokenConverter,
): ShapeTemplate | null {
  if (stored.includes('@') || /lambda\s*\(/i.test(stored)) return null
  const pieces: string[] = []
  const anchors = new Set<string>()
  let piece = ''
  let pos = 1
  let k = 0
  for (const token of tokenize(stored.slice(1), 'stored')) {
    if (token.type === 'anchored') {
      if (shape.starts[k] !== pos || shape.refs[k] !== token.text) return null
      pieces.push(piece)
      piece = ''
      k++
    } else if (convertsByText(token)) {
      piece += convert(token, anchors)
    } else {
      return null
    }
    pos += token.text.length
  }
  if (k !== shape.refs.length) return null
  pieces.push(piece)
  return { pieces, anchors: [...anchors] }
}

/**
 * `stored` converted through its shape's template: only its anchored references are read
 * and resolved (`convert`). Undefined when it has no shared shape; the caller then converts
 * it token by token, as it does the first formula of each shape to make the template.
 */
export function convertByShape(
  stored: string,
  convertsByText: (token: Token) => boolean,
  convert: TokenConverter,
  convertPoint?: PointConverter,
): EngineContent | undefined {
  const shape = shapeOf(stored)
  if (!shape) return undefined
  let template = templates.get(shape.key)
  if (template === undefined) {
    template = templateOf(stored, shape, convertsByText, convert)
    if (templates.size >= MAX_SHAPES) templates.clear()
    templates.set(shape.key, template)
  }
  if (template === null) return undefined
  const anchors = new Set(template.anchors)
  let out = `=${template.pieces[0] as string}`
  for (let i = 0; i < shape.refs.length; i++) {
    const ref = shape.refs[i] as string
    const point = convertPoint && ownPointOf(ref)
    if (point) {
      out += convertPoint(point, anchors) + (template.pieces[i + 1] as string)
      continue
    }
    const [token, more] = tokenize(ref, 'stored')
    if (token?.type !== 'anchored' || more !== undefined) return undefined
    out += convert(token, anchors) + (template.pieces[i + 1] as string)
  }
  return { content: out, anchors: [...anchors] }
}
