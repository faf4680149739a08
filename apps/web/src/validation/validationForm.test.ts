import { describe, expect, it } from 'vitest'
import { criteriaOf, emptyForm, formOf, type ValidationForm } from './validationForm'

const form = (patch: Partial<ValidationForm>): ValidationForm => ({ ...emptyForm(), ...patch })

describe('validation editor form', () => {
  it('a dropdown keeps its non-empty items, one per line, and may hide its chevron', () => {
    expect(criteriaOf(form({ items: ' Open \n\nDone\n', showDropdown: false }))).toEqual({
      kind: 'list',
      items: ['Open', 'Done'],
      strict: true,
      showDropdown: false,
    })
    expect(criteriaOf(form({ items: '\n ' }))).toEqual({
      problem: 'Enter at least one item, one per line',
    })
  })

  it('keeps only the fields of the chosen kind, with bounds typed as the kind needs', () => {
    const number = form({ kind: 'number', op: 'gte', min: '5', max: '9', items: 'x' })
    expect(criteriaOf(number)).toEqual({ kind: 'number', op: 'gte', min: 5, strict: true })
    // Whole numbers only (Excel's "Whole number"), a number rule's option alone.
    expect(criteriaOf({ ...number, integer: true })).toEqual({
      kind: 'number',
      op: 'gte',
      min: 5,
      integer: true,
      strict: true,
    })
    expect(criteriaOf({ ...number, kind: 'textLength', integer: true })).not.toHaveProperty(
      'integer',
    )
    expect(formOf({ kind: 'number', op: 'gt', min: 0, integer: true, strict: true }).integer).toBe(
      true,
    )
    const dates = form({ kind: 'date', op: 'between', min: '2026-01-01', max: '2026-12-31' })
    expect(criteriaOf({ ...dates, strict: false, message: ' In 2026 ' })).toEqual({
      kind: 'date',
      op: 'between',
      min: '2026-01-01',
      max: '2026-12-31',
      strict: false,
      message: 'In 2026',
    })
    expect(criteriaOf(form({ kind: 'date', op: 'lt', min: 'soon' }))).toEqual({
      problem: 'Enter dates as yyyy-mm-dd',
    })
    expect(criteriaOf(form({ kind: 'number', op: 'between', min: '1' }))).toMatchObject({
      problem: expect.stringMatching(/numbers/),
    })
  })

  it('a range dropdown needs an A1 range; a custom rule a formula', () => {
    expect(criteriaOf(form({ kind: 'listRange', source: '$h$1:$h$9' }))).toMatchObject({
      source: '$H$1:$H$9',
    })
    expect(criteriaOf(form({ kind: 'listRange', source: 'here' }))).toHaveProperty('problem')
    expect(criteriaOf(form({ kind: 'custom', formula: 'B2<C2' }))).toMatchObject({
      formula: '=B2<C2',
    })
    expect(criteriaOf(form({ kind: 'custom', formula: ' = ' }))).toHaveProperty('problem')
    expect(criteriaOf(form({ kind: 'checkbox', strict: false }))).toEqual({
      kind: 'checkbox',
      strict: false,
    })
  })

  it('an existing rule opens with its values and saves back unchanged', () => {
    const rule = {
      kind: 'textLength' as const,
      op: 'lte' as const,
      min: 10,
      strict: true,
      message: 'Short please',
    }
    expect(criteriaOf(formOf(rule))).toEqual(rule)
    const list = { kind: 'list' as const, items: ['a', 'b'], strict: false, showDropdown: false }
    expect(criteriaOf(formOf(list))).toEqual(list)
  })
})
