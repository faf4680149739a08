import { describe, expect, it } from 'vitest'
import { parseRange } from '@cellmate/model'
import { draftOf, newDraft, specOf } from './ruleDraft'

describe('the rule editor draft', () => {
  it('turns typed numbers into numbers and keeps text as text', () => {
    const d = { ...newDraft('A1:A9'), value: ' 10 ' }
    expect(specOf(d)).toEqual({
      spec: {
        kind: 'cellValue',
        op: 'gt',
        value: 10,
        style: { fill: '#f4cccc', color: '#990000' },
      },
      problem: null,
    })
    expect(specOf({ ...d, op: 'eq', value: 'Done' }).spec.value).toBe('Done')
  })

  it('says what is missing before the rule can be saved', () => {
    const d = newDraft('A1')
    expect(specOf({ ...d, kind: 'text', op: 'contains', value: '' }).problem).toMatch(/text/)
    expect(specOf({ ...d, fill: null, color: null }).problem).toMatch(/format/)
  })

  it('round-trips a three-colour scale through the editor', () => {
    const rule = {
      id: 'x',
      order: 0,
      range: parseRange('B1:B5')!,
      kind: 'colorScale' as const,
      colors: ['#000000', '#888888', '#ffffff'],
    }
    const d = draftOf(rule, 'B1:B5')
    expect(d.midpoint).toBe(true)
    expect(specOf(d).spec).toEqual({ kind: 'colorScale', colors: rule.colors })
    expect(specOf({ ...d, midpoint: false }).spec.colors).toEqual(['#000000', '#ffffff'])
  })
})
