/**
 * `<dataValidation>` elements as text, read straight from a worksheet's XML and written back
 * to it. exceljs is not used for them: it expands every rule into one entry per cell (a rule
 * on `A2:A1048576` is a million objects), reads a reference bound (`$B$1`) of a whole-number
 * rule as `NaN`, never reads the rules Excel keeps in the `x14` extension (lists from another
 * sheet) and cannot write `showDropDown`.
 */

/** One rule as the file has it: attributes and formulas as text. */
export interface XlsxValidation {
  /** `list`, `whole`, `decimal`, `date`, `time`, `textLength`, `custom`; `none` when absent. */
  type: string
  operator?: string
  errorStyle?: string
  showErrorMessage: boolean
  showInputMessage: boolean
  /** Excel's inverted flag: true HIDES the in-cell dropdown arrow. */
  showDropDown: boolean
  error?: string
  errorTitle?: string
  prompt?: string
  promptTitle?: string
  /** Space-separated ranges (`A1:A5 C1:C5`). */
  sqref: string
  formula1?: string
  formula2?: string
}

/** The XML entities a text may hold, decoded. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#[0-9]+);/gi, (_m, e: string) => {
    const k = e.toLowerCase()
    if (k === 'amp') return '&'
    if (k === 'lt') return '<'
    if (k === 'gt') return '>'
    if (k === 'quot') return '"'
    if (k === 'apos') return "'"
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10)
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : ''
  })
}

function attributesOf(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (m[1] as string).replace(/^[\w.-]+:/, '')
    out.set(name, decodeXmlText(m[2] ?? m[3] ?? ''))
  }
  return out
}

const flag = (v: string | undefined): boolean => v === '1' || v === 'true'

/** The text of the first `<formulaN>` (with or without an `<xm:f>` inside). */
function formulaIn(body: string, n: 1 | 2): string | undefined {
  const m = new RegExp(
    `<(?:[\\w.-]+:)?formula${n}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?formula${n}>`,
  ).exec(body)
  if (!m) return undefined
  const inner = m[1] as string
  const f = /<(?:[\w.-]+:)?f(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?f>/.exec(inner)
  return decodeXmlText(f ? (f[1] as string) : inner).trim()
}

/**
 * The data validation rules of a worksheet's XML, in file order: those of `<dataValidations>`
 * and those of Excel 2010's `<x14:dataValidations>` extension (where Excel writes a list
 * whose source is on another sheet), whose range is an `<xm:sqref>` element.
 */
export function readValidationElements(xml: string): XlsxValidation[] {
  const out: XlsxValidation[] = []
  if (!xml.includes('dataValidation')) return out
  const re = /<((?:[\w.-]+:)?)dataValidation(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/\1dataValidation>)/g
  for (const m of xml.matchAll(re)) {
    const attrs = attributesOf(m[2] ?? '')
    const body = m[3] ?? ''
    const sqref =
      attrs.get('sqref') ??
      /<(?:[\w.-]+:)?sqref>([\s\S]*?)<\/(?:[\w.-]+:)?sqref>/.exec(body)?.[1]?.trim() ??
      ''
    if (sqref === '') continue
    const rule: XlsxValidation = {
      type: attrs.get('type') ?? 'none',
      showErrorMessage: flag(attrs.get('showErrorMessage')),
      showInputMessage: flag(attrs.get('showInputMessage')),
      showDropDown: flag(attrs.get('showDropDown')),
      sqref,
    }
    for (const key of [
      'operator',
      'errorStyle',
      'error',
      'errorTitle',
      'prompt',
      'promptTitle',
    ] as const) {
      const v = attrs.get(key)
      if (v !== undefined && v !== '') rule[key] = v
    }
    const f1 = formulaIn(body, 1)
    const f2 = formulaIn(body, 2)
    if (f1 !== undefined) rule.formula1 = f1
    if (f2 !== undefined) rule.formula2 = f2
    out.push(rule)
  }
  return out
}

function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r?\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A worksheet's `<dataValidations>` element; empty when there are no rules. */
export function validationsXml(rules: readonly XlsxValidation[]): string {
  if (rules.length === 0) return ''
  const items = rules.map((r) => {
    const attrs: Array<[string, string | undefined]> = [
      ['type', r.type === 'none' ? undefined : r.type],
      ['errorStyle', r.errorStyle],
      ['operator', r.operator],
      ['allowBlank', '1'],
      ['showDropDown', r.showDropDown ? '1' : undefined],
      ['showInputMessage', r.showInputMessage ? '1' : undefined],
      ['showErrorMessage', r.showErrorMessage ? '1' : undefined],
      ['errorTitle', r.errorTitle],
      ['error', r.error],
      ['promptTitle', r.promptTitle],
      ['prompt', r.prompt],
      ['sqref', r.sqref],
    ]
    const head = attrs
      .filter((a): a is [string, string] => a[1] !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('')
    const f1 = r.formula1 === undefined ? '' : `<formula1>${escapeText(r.formula1)}</formula1>`
    const f2 = r.formula2 === undefined ? '' : `<formula2>${escapeText(r.formula2)}</formula2>`
    return `<dataValidation${head}>${f1}${f2}</dataValidation>`
  })
  return `<dataValidations count="${rules.length}">${items.join('')}</dataValidations>`
}
