import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseRange } from './a1.js'
import { addConditionalFormat, readConditionalFormats } from './conditionalFormats.js'
import { readRuleTexts, setRuleTexts } from './ruleTexts.js'
import { initSheet } from './sheet.js'
import { deleteAxis } from './structure.js'
import { criteriaProblem, readValidations, setValidation } from './validations.js'

const r = (a1: string) => parseRange(a1)!

function sheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 8 })
  return doc
}

describe('the formulas and list sources inside rules', () => {
  it('a list source may be stored anchored to ids, and nothing else but an A1 range', () => {
    const source = (s: string) => criteriaProblem({ kind: 'listRange', source: s, strict: true })
    expect(source('$E$1:$E$2')).toBeNull()
    expect(source('{r:$a.1,c:$a.5}:{r:$a.2,c:$a.5}')).toBeNull()
    expect(source('{r:$a.1,c:$a.5}')).toBeNull()
    expect(source('{r:$a.1}x')).not.toBeNull()
    expect(source('=SUM(A1)')).not.toBeNull()
  })

  it('are read and rewritten field by field, keeping a range changed in between', () => {
    const doc = sheet()
    const list = setValidation(doc, r('C2:C3'), {
      kind: 'listRange',
      source: '$E$1:$E$2',
      strict: true,
    })
    const rule = addConditionalFormat(doc, r('A2:B3'), {
      kind: 'formula',
      formula: '=$B2="Late"',
      style: { fill: '#ffcccc' },
    })
    const texts = readRuleTexts(doc)
    expect(texts).toEqual([
      { rules: 'validations', id: list, field: 'source', text: '$E$1:$E$2' },
      { rules: 'conditionalFormats', id: rule, field: 'formula', text: '=$B2="Late"' },
    ])
    // A delete re-anchors the rules' ranges first; the new texts keep the new ranges.
    deleteAxis(doc, 'rows', 1, 1)
    setRuleTexts(doc, [
      { ...texts[0]!, text: '$E$1:$E$1' },
      { ...texts[1]!, text: '=$B1="Late"' },
      // A text that would make a rule invalid is not written.
      { rules: 'validations', id: list, field: 'source', text: 'not a range' },
    ])
    expect(readValidations(doc)[0]).toMatchObject({ source: '$E$1:$E$1', range: r('C2:C2') })
    expect(readConditionalFormats(doc)[0]).toMatchObject({
      formula: '=$B1="Late"',
      range: r('A2:B2'),
    })
  })
})
