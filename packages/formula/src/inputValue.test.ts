import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inferValue } from './inputValue.js'
import { dateToSerial, serialToDate } from './dateSerial.js'

describe('typed input is inferred as Excel infers it', () => {
  it.each([
    ['1,234.5', { value: 1234.5, format: 'number' }],
    ['1234.5', { value: 1234.5 }],
    ['-12', { value: -12 }],
    ['+7', { value: 7 }],
    ['.5', { value: 0.5 }],
    ['1E3', { value: 1000 }],
    ['(250)', { value: -250 }],
    [' 42 ', { value: 42 }],
    ['12%', { value: 0.12, format: 'percent' }],
    ['-3.5%', { value: -0.035, format: 'percent' }],
    ['$1,200', { value: 1200, format: 'currency' }],
    ['-$5.25', { value: -5.25, format: 'currency' }],
    ['$-5', { value: -5, format: 'currency' }],
    ['2026-01-31', { value: 46053, format: 'date' }],
    ['2026/1/31', { value: 46053, format: 'date' }],
    ['1/31/2026', { value: 46053, format: 'date', code: 'm/d/yyyy' }],
    ['1/31/26', { value: 46053, format: 'date', code: 'm/d/yyyy' }],
    ['14:30', { value: 14.5 / 24, format: 'time', code: 'h:mm' }],
    ['2:30 PM', { value: 14.5 / 24, format: 'time', code: 'h:mm AM/PM' }],
    ['12:00 am', { value: 0, format: 'time', code: 'h:mm AM/PM' }],
    ['0:00:30', { value: 30 / 86_400, format: 'time', code: 'h:mm:ss' }],
    ['36:00', { value: 1.5, format: 'duration', code: '[h]:mm' }],
    ['9-Mar-2026', { value: 46090, format: 'date', code: 'd-mmm-yyyy' }],
    ['9 March 2026', { value: 46090, format: 'date', code: 'd-mmm-yyyy' }],
    ['9-Sept-26', { value: 46274, format: 'date', code: 'd-mmm-yyyy' }],
    ['Mar 9, 2026', { value: 46090, format: 'date', code: 'mmm d, yyyy' }],
    ['2026-03-09 14:30', { value: 46090 + 14.5 / 24, format: 'datetime', code: 'yyyy-mm-dd h:mm' }],
    [
      '3/9/2026 2:30 PM',
      { value: 46090 + 14.5 / 24, format: 'datetime', code: 'm/d/yyyy h:mm AM/PM' },
    ],
    ['13:30 PM', { value: '13:30 PM' }],
    ['12:75', { value: '12:75' }],
    ['9-Marx-2026', { value: '9-Marx-2026' }],
    ['31-Feb-2026', { value: '31-Feb-2026' }],
    ['TRUE', { value: true }],
    ['false', { value: false }],
    ['#N/A', { value: { error: '#N/A', message: 'Typed as an error value.' } }],
    ["'007", { value: '007' }],
    ["'TRUE", { value: 'TRUE' }],
    ['', { value: null }],
    ['   ', { value: '   ' }],
    ['12,34', { value: '12,34' }],
    ['2026-02-30', { value: '2026-02-30' }],
    ['1.2.3', { value: '1.2.3' }],
    ['$', { value: '$' }],
    ['%', { value: '%' }],
    ['-', { value: '-' }],
    ['hello', { value: 'hello' }],
    ['=A1', { value: '=A1' }],
  ])('%j', (input, expected) => {
    expect(inferValue(input)).toEqual(expected)
  })

  it('reads plain numbers as the general rules do', () => {
    // A leading space takes the general path (trimmed, then `parseNumber`).
    const plain = fc.oneof(
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.stringMatching(/^-?[0-9]{1,30}(\.[0-9]{1,30})?$/),
    )
    fc.assert(
      fc.property(plain, (input) => {
        expect(inferValue(input)).toEqual(inferValue(` ${input}`))
      }),
    )
    expect(inferValue('007')).toEqual({ value: 7 })
    expect(Object.is(inferValue('-0').value, -0)).toBe(true)
  })

  it('reads input that starts with a letter as it reads it after a space (the letter shortcut)', () => {
    // `inferValue` takes text that starts with a letter no boolean or month name starts with
    // as text at once; a leading space (trimmed) takes every reading. Both must agree.
    const word = fc.oneof(
      fc.constantFrom('Mar', 'march', 'SEPT', 'dec', 'True', 'fAlSe', 'v', 'x', 'Bob', 'e', 'E'),
      fc.stringMatching(/^[A-Za-z]{1,9}$/),
    )
    const tail = fc.constantFrom('', ' 9, 2026', ' 9 2026', '. 31, 2025', '5', '1E3', ':30', '%')
    fc.assert(
      fc.property(word, tail, (head, rest) => {
        const input = `${head}${rest}`
        const direct = inferValue(input)
        const spaced = inferValue(` ${input}`)
        if (typeof spaced.value === 'string') expect(direct).toEqual({ value: input })
        else expect(direct).toEqual(spaced)
      }),
      { numRuns: 500 },
    )
    expect(inferValue('Jan 5, 2026')).toMatchObject({ format: 'date' })
    expect(inferValue('v123')).toEqual({ value: 'v123' })
  })

  it('never throws, and only text keeps the input as typed', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const { value } = inferValue(input)
        if (typeof value === 'string' && !input.startsWith("'")) expect(value).toBe(input)
      }),
    )
  })
})

describe('date serials (1900 system)', () => {
  it('match Excel, including its 1900-02-29', () => {
    expect(dateToSerial(1900, 1, 1)).toBe(1)
    expect(dateToSerial(1900, 2, 28)).toBe(59)
    expect(serialToDate(60)).toEqual({ year: 1900, month: 2, day: 29 })
    expect(dateToSerial(1900, 3, 1)).toBe(61)
    expect(dateToSerial(2026, 1, 31)).toBe(46053)
    expect(dateToSerial(1899, 12, 31)).toBeNull()
  })

  it('round-trip every day from 1900 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_958_465 }), (serial) => {
        const { year, month, day } = serialToDate(serial)
        if (serial !== 60) expect(dateToSerial(year, month, day)).toBe(serial)
      }),
    )
  })
})
