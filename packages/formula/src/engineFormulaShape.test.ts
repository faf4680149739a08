import { describe, expect, it } from 'vitest'
import type { AxisLookup } from './anchoredFormula.js'
import { toEngineFormula, type EngineSheets } from './engineFormula.js'
import { shapeOf } from './engineFormulaShape.js'
import { axisAnchor, definedNameAnchor, INDIRECT_ANCHOR, NAME_ANCHOR } from './formulaIndex.js'

function layout(rows: string[], cols: string[]): AxisLookup {
  return {
    rowId: (i) => rows[i],
    colId: (i) => cols[i],
    rowIndexOf: (id) => rows.indexOf(id),
    colIndexOf: (id) => cols.indexOf(id),
  }
}

const ROWS = ['k1.1', 'k1.2', 'k1.3', 'k1.4', 'k1.5']
const COLS = ['k1.a', 'k1.b', 'k1.c']
const layouts = new Map([
  ['main', layout(ROWS, COLS)],
  ['other-Sheet_2', layout(['o.1', 'o.2', 'o.3'], ['o.a', 'o.b'])],
])

/** Two sheets in the engine, a third listed but not loaded, one defined name `Rate`. */
const sheets: EngineSheets = {
  engineName: (id) => (layouts.has(id) ? id : undefined),
  layout: (id) => layouts.get(id),
  sheetIdByName: () => undefined,
  isListed: (id) => layouts.has(id) || id === 'unloaded',
  definedName: (text) => (text.toLowerCase() === 'rate' ? 'NAME_rate' : undefined),
  lambdaName: () => undefined,
}

const convert = (stored: string) => toEngineFormula(stored, 'main', sheets)

describe('shapeOf', () => {
  it('gives formulas filled down one key, and their references in order', () => {
    const a = shapeOf('={r:k1.1,c:k1.a}*2+{r:$k1.1,c:k1.b}')
    const b = shapeOf('={r:k1.2,c:k1.a}*2+{r:$k1.2,c:k1.b}')
    expect(a?.key).toBe(b?.key)
    expect(b?.refs).toEqual(['{r:k1.2,c:k1.a}', '{r:$k1.2,c:k1.b}'])
    expect(b?.starts).toEqual([1, 19])
    // Another operator, another `$`, or a range instead of a cell is another shape.
    expect(shapeOf('={r:k1.2,c:k1.a}*3+{r:$k1.2,c:k1.b}')?.key).not.toBe(a?.key)
    expect(shapeOf('={r:k1.2,c:k1.a}*2+{r:k1.2,c:k1.b}')?.key).not.toBe(a?.key)
    expect(shapeOf('=SUM({c:k1.a}:{c:k1.a})')?.refs).toEqual(['{c:k1.a}:{c:k1.a}'])
  })

  it('skips string literals and leaves out formulas it does not share', () => {
    expect(shapeOf('="{r:k1.1,c:k1.a}"&{r:k1.2,c:k1.a}')?.refs).toEqual(['{r:k1.2,c:k1.a}'])
    expect(shapeOf('=A1*2')).toBeNull()
    expect(shapeOf('="{r:k1.1,c:k1.a}"')).toBeNull()
    expect(shapeOf("='My sheet'!A1+{r:k1.1,c:k1.a}")).toBeNull()
    expect(shapeOf('={t:T1}[{c:k1.a}]')).toBeNull()
  })
})

describe('toEngineFormula by shape', () => {
  it('converts every formula of a shape with its own references', () => {
    const out = ROWS.map((id) => convert(`={r:${id},c:k1.a}*2+1`))
    expect(out.map((o) => o.content)).toEqual([
      '=A1*2+1',
      '=A2*2+1',
      '=A3*2+1',
      '=A4*2+1',
      '=A5*2+1',
    ])
    expect(new Set(out[2]?.anchors)).toEqual(
      new Set([axisAnchor('main', 'rows', 'k1.3'), axisAnchor('main', 'cols', 'k1.a')]),
    )
  })

  it('reads #REF! for a row that is gone and for a sheet not in the engine', () => {
    convert('={r:k1.1,c:k1.a}/{s:other-Sheet_2}!{r:o.1,c:o.a}')
    expect(convert('={r:gone.1,c:k1.a}/{s:other-Sheet_2}!{r:o.2,c:o.b}').content).toBe(
      "=#REF!/'other-Sheet_2'!B2",
    )
    expect(convert('={r:k1.4,c:k1.a}/{s:unloaded}!{r:o.2,c:o.b}').content).toBe('=A4/#REF!')
  })

  it('keeps what surrounds the references, functions and strings included', () => {
    convert('=IF({r:k1.1,c:k1.a}>0,"{r:k1.1,c:k1.a}",INDIRECT("B1"))&1E3')
    const second = convert('=IF({r:k1.5,c:k1.c}>0,"{r:k1.1,c:k1.a}",INDIRECT("B1"))&1E3')
    expect(second.content).toBe('=IF(C5>0,"{r:k1.1,c:k1.a}",INDIRECT("B1"))&1000')
    expect(second.anchors).toEqual(expect.arrayContaining([NAME_ANCHOR, INDIRECT_ANCHOR]))
  })

  it('converts formulas whose meaning depends on names token by token', () => {
    convert('={r:k1.1,c:k1.a}*Rate')
    const named = convert('={r:k1.2,c:k1.a}*Rate')
    expect(named.content).toBe('=A2*NAME_rate')
    expect(named.anchors).toContain(definedNameAnchor('Rate'))
    // Ragged array constants still read #VALUE! (HyperFormula cannot evaluate them).
    convert('={r:k1.1,c:k1.a}+SUM({1,2;3})')
    expect(convert('={r:k1.2,c:k1.a}+SUM({1,2;3})').content).toBe('=A2+SUM(#VALUE!)')
  })

  it('converts a cell of its own sheet as the token-by-token path does', () => {
    // A quote anywhere in a formula sends it token by token (`shapeOf` is null).
    const byTokens = (stored: string, host: string) =>
      toEngineFormula(`${stored}&"'"`, host, sheets)
    for (const host of ['main', 'other-Sheet_2', 'unloaded']) {
      for (const row of [...ROWS, 'o.2', 'gone.1']) {
        for (const col of [...COLS, 'o.b', 'gone.c']) {
          for (const [rowAbs, colAbs] of [
            ['', ''],
            ['$', ''],
            ['', '$'],
            ['$', '$'],
          ]) {
            const stored = `={r:${rowAbs}${row},c:${colAbs}${col}}*2`
            expect(shapeOf(stored)).not.toBeNull()
            const shaped = toEngineFormula(stored, host, sheets)
            const expected = byTokens(stored, host)
            expect(`${String(shaped.content)}&"'"`).toBe(expected.content)
            expect(shaped.anchors).toEqual(expected.anchors)
          }
        }
      }
    }
    expect(toEngineFormula('={r:$k1.3,c:k1.c}*2', 'main', sheets).content).toBe('=C$3*2')
    expect(toEngineFormula('={r:k1.3,c:$k1.c}*2', 'main', sheets).content).toBe('=$C3*2')
  })

  it('reads a second point of another shape as the tokenizer does', () => {
    // `{r:…,c:…}:{c:…}` is no range (its points differ in shape): not shared, still converted.
    const a = convert('={r:k1.1,c:k1.a}:{c:k1.b}')
    const b = convert('={r:k1.2,c:k1.a}:{c:k1.b}')
    expect(a.content).toBe('=A1:{c:k1.b}')
    expect(b.content).toBe('=A2:{c:k1.b}')
  })
})
