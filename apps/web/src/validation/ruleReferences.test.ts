import { describe, expect, it } from 'vitest'
import { insertAxis } from '@cellmate/model'
import { sheetWithHeldEngine } from './heldEngineSheet'

const range = (r1: number, c1: number, r2: number, c2: number) => ({
  start: { row: r1, col: c1 },
  end: { row: r2, col: c2 },
})

describe('rules keep their references through a row inserted above', () => {
  it('the dropdown still lists its values and the highlight stays on the Late row', () => {
    const { sheet } = sheetWithHeldEngine({ rows: 10, cols: 8 })
    sheet.write(0, 4, 'Yes')
    sheet.write(1, 4, 'No')
    sheet.write(1, 1, 'Late')
    sheet.validations.set(range(1, 2, 2, 2), {
      kind: 'listRange',
      source: '$E$1:$E$2',
      strict: true,
    })
    sheet.conditionalFormats.add(range(1, 0, 2, 1), {
      kind: 'formula',
      formula: '=$B2="Late"',
      style: { fill: '#ffcccc' },
    })
    insertAxis(sheet.doc, 'rows', 0, 1)
    const list = sheet.validations.at(2, 2)
    expect(list?.source).toBe('$E$2:$E$3')
    expect(sheet.validations.choices(list!)).toEqual(['Yes', 'No'])
    const [highlight] = sheet.conditionalFormats.rules()
    expect(highlight?.range).toEqual(range(2, 0, 3, 1))
    expect(highlight?.formula).toBe('=$B3="Late"')
  })

  it('a rule changed to another range keeps its formula text there, as in Excel', () => {
    const { sheet } = sheetWithHeldEngine({ rows: 10, cols: 8 })
    const id = sheet.conditionalFormats.add(range(1, 0, 2, 1), {
      kind: 'formula',
      formula: '=$B2="Late"',
      style: { fill: '#ffcccc' },
    })
    sheet.conditionalFormats.update(id, { range: range(4, 0, 6, 1) })
    expect(sheet.conditionalFormats.rules()[0]?.formula).toBe('=$B2="Late"')
  })
})
