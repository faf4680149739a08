import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { formatRange, parseRange } from './a1.js'
import { repairSheet } from './documentRepair.js'
import { initSheet } from './sheet.js'
import { deleteAxis, insertAxis } from './structure.js'
import {
  criteriaProblem,
  deleteValidation,
  isValidValidationEntry,
  parseListSource,
  readValidations,
  replaceValidations,
  setValidation,
  validationAt,
  validationsMap,
  type ValidationCriteria,
} from './validations.js'
import { describeValidation, passesValidation, validationMessage } from './validationCheck.js'
import { UndoHistory } from './undoHistory.js'

const r = (a1: string) => parseRange(a1)!
const list: ValidationCriteria = { kind: 'list', items: ['Open', 'Done'], strict: true }

function sheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  return doc
}

const ranges = (doc: Y.Doc) => readValidations(doc).map((v) => formatRange(v.range))

describe('data validation rules', () => {
  it('adds, reads, replaces and deletes rules; undo takes a rule back', () => {
    const doc = sheet()
    const history = new UndoHistory({})
    history.track(doc)
    const id = setValidation(doc, r('B2:B9'), list, history.origin)
    expect(readValidations(doc)).toEqual([{ id, range: r('B2:B9'), ...list }])
    expect(validationAt(readValidations(doc), 4, 1)?.id).toBe(id)
    expect(validationAt(readValidations(doc), 0, 1)).toBeNull()
    history.undo()
    expect(readValidations(doc)).toEqual([])
    const ids = replaceValidations(doc, [
      { range: r('A1:A3'), kind: 'checkbox', strict: false },
      { id: 'keep', range: r('C1'), kind: 'number', op: 'gt', min: 0, strict: true },
    ])
    expect(ids[1]).toBe('keep')
    expect(ranges(doc).sort()).toEqual(['A1:A3', 'C1'])
    expect(deleteValidation(doc, 'keep')).toBe(true)
    expect(ranges(doc)).toEqual(['A1:A3'])
  })

  it('refuses criteria that do not hold together', () => {
    const doc = sheet()
    expect(() => setValidation(doc, r('A1'), { kind: 'list', items: [], strict: true })).toThrow(
      /a list has/,
    )
    expect(() =>
      setValidation(doc, r('A1'), { kind: 'number', op: 'between', min: 1, strict: true }),
    ).toThrow(/"max"/)
    expect(() =>
      setValidation(doc, r('A1'), { kind: 'date', op: 'gt', min: 'soon', strict: true }),
    ).toThrow(/date/)
    expect(() => setValidation(doc, r('A1:A99'), list)).toThrow(/past the sheet/)
    const chevron = { ...list, showDropdown: 'no' } as unknown as ValidationCriteria
    expect(() => setValidation(doc, r('A1'), chevron)).toThrow(/showDropdown/)
  })

  it('a list rule may hide its dropdown chevron; shown is the default and not stored', () => {
    const doc = sheet()
    const hidden = setValidation(doc, r('A1'), { ...list, showDropdown: false })
    const shown = setValidation(doc, r('A2'), { ...list, showDropdown: true })
    const rules = readValidations(doc)
    expect(rules.find((x) => x.id === hidden)?.showDropdown).toBe(false)
    expect(rules.find((x) => x.id === shown)?.showDropdown).toBeUndefined()
  })

  it('grows with rows inserted inside, shrinks when its last row is deleted', () => {
    const doc = sheet()
    setValidation(doc, r('B2:B4'), list)
    insertAxis(doc, 'rows', 2, 2)
    expect(ranges(doc)).toEqual(['B2:B6'])
    deleteAxis(doc, 'rows', 5, 1)
    expect(ranges(doc)).toEqual(['B2:B5'])
    deleteAxis(doc, 'cols', 1, 1)
    expect(ranges(doc)).toEqual([])
  })

  it('checks values: lists, numbers, dates, text length, checkboxes; blanks pass', () => {
    expect(passesValidation(list, 'done')).toBe(true)
    expect(passesValidation(list, 'Maybe')).toBe(false)
    expect(passesValidation(list, '')).toBe(true)
    const between: ValidationCriteria = {
      kind: 'number',
      op: 'between',
      min: 1,
      max: 10,
      strict: true,
    }
    expect(passesValidation(between, '10')).toBe(true)
    expect(passesValidation(between, '11')).toBe(false)
    expect(passesValidation(between, 'ten')).toBe(false)
    expect(passesValidation(between, '2.5')).toBe(true)
    const whole = { ...between, integer: true }
    expect(passesValidation(whole, '2.5')).toBe(false)
    expect(passesValidation(whole, '3')).toBe(true)
    expect(describeValidation(whole)).toBe('a whole number between 1 and 10')
    expect(criteriaProblem({ ...whole, integer: 'yes' as unknown as boolean })).toMatch(/integer/)
    const after: ValidationCriteria = { kind: 'date', op: 'gt', min: '2026-01-01', strict: true }
    expect(passesValidation(after, '2026-03-01')).toBe(true)
    expect(passesValidation(after, '2025-12-31')).toBe(false)
    const short: ValidationCriteria = { kind: 'textLength', op: 'lte', min: 3, strict: false }
    expect(passesValidation(short, 'abc')).toBe(true)
    expect(passesValidation(short, 'abcd')).toBe(false)
    expect(passesValidation({ kind: 'checkbox', strict: true }, 'TRUE')).toBe(true)
    expect(passesValidation({ kind: 'checkbox', strict: true }, 'yes')).toBe(false)
    const fromRange: ValidationCriteria = { kind: 'listRange', source: '$E$1:$E$3', strict: true }
    expect(passesValidation(fromRange, 'b', { listValues: ['a', 'b'] })).toBe(true)
    const custom: ValidationCriteria = { kind: 'custom', formula: '=A1>0', strict: true }
    expect(passesValidation(custom, 'x', { customResult: true })).toBe(true)
    expect(passesValidation(custom, 'x', { customResult: false })).toBe(false)
  })

  it('takes a list from a range on another sheet, typed or stored anchored to its ids', () => {
    const on = (source: string) => criteriaProblem({ kind: 'listRange', source, strict: true })
    expect(on('Lists!$A$1:$A$3')).toBeNull()
    expect(on("'My lists'!A1:B9")).toBeNull()
    expect(on('{s:S2}!{r:$R1,c:$C1}:{r:$R3,c:$C1}')).toBeNull()
    expect(on('$E$1:$E$3')).toBeNull()
    expect(on('Lists!')).toMatch(/A1 range/)
    expect(on('Lists!A1:A3 + 1')).toMatch(/A1 range/)
    expect(parseListSource("'Tom''s list'!$A$1:$A$3")).toEqual({
      sheet: "Tom's list",
      range: r('A1:A3'),
    })
    expect(parseListSource('$B$2:$B$4')).toEqual({ sheet: null, range: r('B2:B4') })
  })

  it('takes whole columns and rows as a list source, on its sheet or another, with or without =', () => {
    const on = (source: string) => criteriaProblem({ kind: 'listRange', source, strict: true })
    const column = (from: number, to: number) => ({
      start: { row: 0, col: from },
      end: { row: 1_048_575, col: to },
    })
    expect(parseListSource('Lists!A:A')).toEqual({ sheet: 'Lists', range: column(0, 0) })
    expect(parseListSource('=Lists!$A:$A')).toEqual({ sheet: 'Lists', range: column(0, 0) })
    expect(parseListSource("'My lists'!$C:B")).toEqual({ sheet: 'My lists', range: column(1, 2) })
    expect(parseListSource('A:A')).toEqual({ sheet: null, range: column(0, 0) })
    expect(parseListSource('=$B$2:$B$4')).toEqual({ sheet: null, range: r('B2:B4') })
    expect(parseListSource('Lists!$2:$3')).toEqual({
      sheet: 'Lists',
      range: { start: { row: 1, col: 0 }, end: { row: 2, col: 16_383 } },
    })
    expect(on('Lists!A:A')).toBeNull()
    expect(on('=Lists!$A:$A')).toBeNull()
    for (const bad of ['Lists!A:', 'Lists!:A', 'Lists!0:1', 'Lists!A:XFE', 'A:1', '==A:A']) {
      expect(parseListSource(bad), bad).toBeNull()
      expect(on(bad), bad).toMatch(/A1 range/)
    }
    const gone: ValidationCriteria = { kind: 'listRange', source: '#REF!', strict: true }
    expect(passesValidation(gone, 'a', { listValues: [] })).toBe(false)
    expect(describeValidation(gone)).toMatch(/was deleted/)
  })

  it('names the rule in its default message', () => {
    const doc = sheet()
    setValidation(doc, r('B2:B9'), list)
    const rule = readValidations(doc)[0]!
    expect(validationMessage(rule, 'B3', 'Maybe')).toBe(
      'B3: "Maybe" breaks the validation rule on B2:B9: enter one of: Open, Done',
    )
    expect(validationMessage({ ...rule, message: 'Pick a status' }, 'B3', 'x')).toBe(
      'Pick a status',
    )
  })

  it('a stored rule that is not valid is skipped and removed on repair', () => {
    const doc = sheet()
    setValidation(doc, r('A1'), list, undefined, 'good')
    validationsMap(doc).set('bad', '{"kind":"list","items":[],"strict":true,"at":[]}')
    expect(isValidValidationEntry('bad', validationsMap(doc).get('bad'))).toBe(false)
    expect(readValidations(doc).map((v) => v.id)).toEqual(['good'])
    expect(repairSheet(doc).byRoot.validations).toBe(1)
  })

  it('property: rules added and edited on 2-3 replicas while rows are inserted converge', () => {
    const step = fc.record({
      replica: fc.nat(2),
      kind: fc.constantFrom('add', 'edit', 'delete', 'insert', 'deliver'),
      a: fc.nat(8),
      b: fc.nat(3),
    })
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(step, { maxLength: 25 }), (n, steps) => {
        const seed = sheet()
        const docs = Array.from({ length: n }, () => {
          const d = new Y.Doc()
          Y.applyUpdate(d, Y.encodeStateAsUpdate(seed))
          return d
        })
        const inbox: Uint8Array[][] = docs.map(() => [])
        docs.forEach((d, i) =>
          d.on('update', (u: Uint8Array, o: unknown) => {
            if (o !== 'net') inbox.forEach((box, j) => j !== i && box.push(u))
          }),
        )
        for (const s of steps) {
          const i = s.replica % n
          const doc = docs[i]!
          const range = { start: { row: s.a, col: s.b }, end: { row: s.a + 1, col: s.b } }
          try {
            if (s.kind === 'add') setValidation(doc, range, list, undefined, `r${s.a % 3}`)
            else if (s.kind === 'edit') {
              setValidation(doc, range, { ...list, strict: false }, undefined, `r${s.b}`)
            } else if (s.kind === 'delete') deleteValidation(doc, `r${s.b}`)
            else if (s.kind === 'insert') insertAxis(doc, 'rows', s.a, 1)
            else inbox[i]!.splice(0).forEach((u) => Y.applyUpdate(doc, u, 'net'))
          } catch {
            // past the sheet: refused, nothing written
          }
        }
        inbox.forEach((box, i) => box.splice(0).forEach((u) => Y.applyUpdate(docs[i]!, u, 'net')))
        const first = JSON.stringify(readValidations(docs[0]!))
        for (const d of docs.slice(1)) expect(JSON.stringify(readValidations(d))).toBe(first)
      }),
      { numRuns: 150 },
    )
  })
})
