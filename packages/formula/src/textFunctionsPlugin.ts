import {
  CellError,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import {
  ExcelFunctionPlugin,
  isEmpty,
  naError,
  numberOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'
import { bahtText } from './bahtText.js'
import { numberToText } from './generalFormat.js'

/**
 * TEXTBEFORE, TEXTAFTER, VALUETOTEXT, ARRAYTOTEXT, NUMBERVALUE, ENCODEURL and BAHTTEXT, which
 * HyperFormula lacks.
 */

interface Match {
  at: number
  length: number
}

/** Non-overlapping matches of any delimiter, left to right (the first delimiter listed wins). */
function matchesOf(text: string, delimiters: readonly string[], ignoreCase: boolean): Match[] {
  const hay = ignoreCase ? text.toLowerCase() : text
  const needles = delimiters.map((d) => (ignoreCase ? d.toLowerCase() : d))
  const out: Match[] = []
  for (let i = 0; i < hay.length;) {
    const hit = needles.find((d) => d !== '' && hay.startsWith(d, i))
    if (hit === undefined) {
      i++
      continue
    }
    out.push({ at: i, length: hit.length })
    i += hit.length
  }
  return out
}

/**
 * The delimiter occurrence TEXTBEFORE/TEXTAFTER split at: the `instance`-th from the start
 * (negative: from the end); `matchEnd` makes the end (or, from the end, the start) of the text
 * a delimiter too. An empty delimiter matches at the start (from the end: at the end).
 */
function splitPoint(
  text: string,
  delimiters: readonly string[],
  instance: number,
  ignoreCase: boolean,
  matchEnd: boolean,
): Match | CellError | undefined {
  if (instance === 0 || Math.abs(instance) > Math.max(text.length, 1)) return valueError()
  if (delimiters.length === 0) return valueError()
  const matches = delimiters.every((d) => d === '') ? [] : matchesOf(text, delimiters, ignoreCase)
  if (delimiters.some((d) => d === '')) {
    if (instance === 1) return { at: 0, length: 0 }
    if (instance === -1) return { at: text.length, length: 0 }
  }
  if (instance > 0) {
    if (matchEnd) matches.push({ at: text.length, length: 0 })
    return matches[instance - 1]
  }
  if (matchEnd) matches.unshift({ at: 0, length: 0 })
  return matches[matches.length + instance]
}

/** Text as Excel reads it in a text function: numbers as `numberToText`, booleans upper case. */
function textOf(v: unknown): string {
  const n = numberOf(v)
  if (n !== undefined) return numberToText(n)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (isEmpty(v)) return ''
  return String(v)
}

/** VALUETOTEXT's rendering: strict (1) quotes text, so it reads back as a formula literal. */
function valueText(v: unknown, strict: boolean): string {
  if (typeof v === 'string') return strict ? `"${v.replace(/"/g, '""')}"` : v
  return textOf(v)
}

const ERROR_TEXT: Record<string, string> = {
  DIV_BY_ZERO: '#DIV/0!',
  NA: '#N/A',
  NAME: '#NAME?',
  NUM: '#NUM!',
  REF: '#REF!',
  VALUE: '#VALUE!',
  NULL: '#NULL!',
  SPILL: '#SPILL!',
  CYCLE: '#REF!',
  ERROR: '#VALUE!',
  LIC: '#VALUE!',
}

function renderValue(v: unknown, strict: boolean): string {
  if (v instanceof CellError) return ERROR_TEXT[String(v.type)] ?? '#VALUE!'
  return valueText(v, strict)
}

const TEXT_SEARCH = [
  { argumentType: FunctionArgumentType.STRING },
  { argumentType: FunctionArgumentType.ANY },
  // Excel 365's functions read an empty argument as omitted: TEXTAFTER(A1,"-",,,,"none").
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1, emptyAsDefault: true },
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0, emptyAsDefault: true },
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0, emptyAsDefault: true },
  { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
]

export class TextFunctionsPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TEXTBEFORE: { method: 'textbefore', parameters: TEXT_SEARCH },
    TEXTAFTER: { method: 'textafter', parameters: TEXT_SEARCH },
    VALUETOTEXT: {
      method: 'valuetotext',
      parameters: [
        { argumentType: FunctionArgumentType.SCALAR },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
      ],
    },
    NUMBERVALUE: {
      method: 'numbervalue',
      parameters: [
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.STRING, defaultValue: '.' },
        { argumentType: FunctionArgumentType.STRING, defaultValue: ',' },
      ],
    },
    ENCODEURL: {
      method: 'encodeurl',
      parameters: [{ argumentType: FunctionArgumentType.STRING }],
    },
    ARRAYTOTEXT: {
      method: 'arraytotext',
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
      ],
    },
    BAHTTEXT: {
      method: 'bahttext',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }],
    },
  }

  bahttext(ast: Call, state: unknown): unknown {
    return this.call('BAHTTEXT', ast, state, bahtText)
  }

  textbefore(ast: Call, state: unknown): unknown {
    return this.call('TEXTBEFORE', ast, state, (...args: unknown[]) =>
      this.textAround(args, (text, m) => text.slice(0, m.at)),
    )
  }

  textafter(ast: Call, state: unknown): unknown {
    return this.call('TEXTAFTER', ast, state, (...args: unknown[]) =>
      this.textAround(args, (text, m) => text.slice(m.at + m.length)),
    )
  }

  private textAround(args: unknown[], pick: (text: string, m: Match) => string): unknown {
    const [text, delimiter, instance, matchMode, matchEnd, ifNotFound] = args as [
      string,
      unknown,
      number,
      number,
      number,
      unknown,
    ]
    const delimiters: string[] = []
    for (const d of delimiter instanceof SimpleRangeValue
      ? delimiter.valuesFromTopLeftCorner()
      : [delimiter]) {
      if (d instanceof CellError) return d
      delimiters.push(textOf(d))
    }
    const m = splitPoint(text, delimiters, Math.trunc(instance), matchMode === 1, matchEnd === 1)
    if (m instanceof CellError) return m
    if (m !== undefined) return pick(text, m)
    return ifNotFound === undefined ? naError('The delimiter is not in the text.') : ifNotFound
  }

  /**
   * NUMBERVALUE: text to a number with the given separators (first character of each):
   * spaces and group separators dropped, one decimal separator, each trailing `%` divides
   * by 100; `#VALUE!` otherwise.
   */
  numbervalue(ast: Call, state: unknown): unknown {
    return this.call('NUMBERVALUE', ast, state, (text: string, decimal: string, group: string) => {
      const d = decimal[0] ?? '.'
      const g = group[0] ?? ','
      if (d === g) return valueError('The separators must differ.')
      let body = text.replace(/\s+/g, '')
      let scale = 1
      while (body.endsWith('%')) {
        body = body.slice(0, -1)
        scale /= 100
      }
      if (body === '') return 0
      const point = body.indexOf(d)
      if (point >= 0 && (body.indexOf(d, point + 1) >= 0 || body.indexOf(g, point) >= 0)) {
        return valueError()
      }
      const plain = (point < 0 ? body : body.slice(0, point)).split(g).join('')
      const fraction = point < 0 ? '' : `.${body.slice(point + 1)}`
      const candidate = `${plain}${fraction}`
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(candidate)) return valueError()
      return Number(candidate) * scale
    })
  }

  /** ENCODEURL: the text percent-encoded for a URL (RFC 3986 unreserved characters kept). */
  encodeurl(ast: Call, state: unknown): unknown {
    return this.call('ENCODEURL', ast, state, (text: string) =>
      encodeURIComponent(text).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
  }

  /** VALUETOTEXT(value, 0) is the value as text; format 1 quotes text (`"abc"`). */
  valuetotext(ast: Call, state: unknown): unknown {
    return this.call('VALUETOTEXT', ast, state, (value: unknown, format: number) => {
      if (format !== 0 && format !== 1) return valueError()
      return renderValue(value, format === 1)
    })
  }

  /**
   * ARRAYTOTEXT(array, 0) joins the values with `, `; format 1 writes an array constant
   * (`{1,2;"a",TRUE}`).
   */
  arraytotext(ast: Call, state: unknown): unknown {
    return this.call('ARRAYTOTEXT', ast, state, (range: SimpleRangeValue, format: number) => {
      if (format !== 0 && format !== 1) return valueError()
      if (format === 0)
        return range
          .valuesFromTopLeftCorner()
          .map((v) => renderValue(v, false))
          .join(', ')
      const rows = range.data.map((row) => row.map((v) => renderValue(v, true)).join(','))
      return `{${rows.join(';')}}`
    })
  }
}
