import { describe, expect, it } from 'vitest'
import {
  describeIssues,
  handshakeAuth,
  joinAck,
  joinRequest,
  sheetOpRequest,
  updateMessage,
} from './messages.js'
import { isValidId, isValidIdAt, parseDocName } from './docName.js'
import { CellmateError, ERROR_CODES, RETRYABLE_ERROR_CODES } from './errors.js'

describe('document names', () => {
  it('accepts workbook and sheet documents only', () => {
    expect(parseDocName('wb:abc_123-x')).toEqual({ kind: 'workbook', id: 'abc_123-x' })
    expect(parseDocName('sheet:abc:k3x9.1a')).toEqual({
      kind: 'sheet',
      workbookId: 'abc',
      id: 'k3x9.1a',
    })
    for (const bad of [
      '',
      'wb:',
      'wb',
      'wb:a:b',
      'doc:abc',
      'sheet:k3x9.1a',
      'sheet:a:b:c',
      'sheet::b',
      'sheet:a:',
      'sheet:a:../x',
      `wb:${'a'.repeat(65)}`,
      '__proto__:x',
    ]) {
      expect(parseDocName(bad), bad).toBeNull()
    }
    expect(isValidId('a.b-c_d')).toBe(true)
    expect(isValidId('a b')).toBe(false)
  })

  it('ids: A–Z, a–z, 0–9, _ . - only, 1 to 64 of them; read in place the same way', () => {
    const allowed = /^[A-Za-z0-9_.-]$/
    // Every UTF-16 code unit, alone and inside a longer text.
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c)
      const ok = allowed.test(ch)
      expect(isValidId(ch)).toBe(ok)
      expect(isValidIdAt(`::a${ch}b::`, 2, 5)).toBe(ok)
      expect(isValidIdAt(`${ch}:`, 0, 1)).toBe(ok)
    }
    expect(isValidId('')).toBe(false)
    expect(isValidId('a'.repeat(64))).toBe(true)
    expect(isValidId('a'.repeat(65))).toBe(false)
    const text = `r1:${'c'.repeat(64)}:value`
    expect(isValidIdAt(text, 0, 2)).toBe(true)
    expect(isValidIdAt(text, 3, 67)).toBe(true)
    expect(isValidIdAt(text, 2, 67)).toBe(false)
    expect(isValidIdAt(text, 3, 3)).toBe(false)
    expect(isValidIdAt(text, -1, 2)).toBe(false)
    expect(isValidIdAt('ab', 0, 3)).toBe(false)
    expect(isValidIdAt('ab', 0, Number.NaN)).toBe(false)
    // Values read from a document may be anything: none of them is an id, and none throws.
    for (const value of [null, undefined, 5, {}, ['a'], ['a b'], { length: 1 }, true]) {
      expect(isValidId(value as unknown as string)).toBe(false)
      expect(isValidIdAt(value as unknown as string, 0, 1)).toBe(false)
    }
  })

  it('parse a name once while it is in use, and stay right past the memo of names', () => {
    const first = parseDocName('sheet:w1:s1')
    expect(parseDocName('sheet:w1:s1')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    // Far more names than the memo keeps (it starts afresh): each still parses to itself.
    for (let i = 0; i < 10_000; i++) {
      expect(parseDocName(`sheet:w${i}:s${i}`)).toEqual({
        kind: 'sheet',
        workbookId: `w${i}`,
        id: `s${i}`,
      })
      expect(parseDocName(`wb:${i}:`)).toBeNull()
    }
    expect(parseDocName('sheet:w1:s1')).toEqual({ kind: 'sheet', workbookId: 'w1', id: 's1' })
    expect(parseDocName('wb:__proto__')).toEqual({ kind: 'workbook', id: '__proto__' })
    expect(parseDocName('wb:__proto__')).toBe(parseDocName('wb:__proto__'))
  })
})

describe('message validators', () => {
  it('normalise Buffer and ArrayBuffer payloads to Uint8Array', () => {
    const ab = new Uint8Array([1, 2, 3]).buffer
    const parsed = updateMessage.parse({ doc: 'sheet:w:x', update: ab })
    expect(parsed.update).toBeInstanceOf(Uint8Array)
    expect([...parsed.update]).toEqual([1, 2, 3])
    const ack = joinAck.parse({
      ok: true,
      update: ab,
      stateVector: new Uint8Array([0]),
      role: 'editor',
    })
    expect('ok' in ack && ack.update).toBeInstanceOf(Uint8Array)
  })

  it('reject malformed payloads with a readable reason', () => {
    const cases: unknown[] = [
      null,
      'join',
      { doc: 'sheet:w:x' },
      { doc: 'sheet:w:x', stateVector: 'AAE=' },
      { doc: 'evil:x', stateVector: new Uint8Array() },
      { doc: 42, stateVector: new Uint8Array() },
      { doc: 'sheet:w:' + 'x'.repeat(200), stateVector: new Uint8Array() },
      // A join's stream number names its parts: a uint32, nothing else.
      { doc: 'sheet:w:x', stateVector: new Uint8Array(), stream: -1 },
      { doc: 'sheet:w:x', stateVector: new Uint8Array(), stream: 2 ** 32 },
      { doc: 'sheet:w:x', stateVector: new Uint8Array(), stream: 1.5 },
      { doc: 'sheet:w:x', stateVector: new Uint8Array(), stream: '7' },
    ]
    for (const c of cases) {
      const res = joinRequest.safeParse(c)
      expect(res.success, JSON.stringify(c)).toBe(false)
      if (!res.success) expect(describeIssues(res.error).length).toBeGreaterThan(0)
    }
    expect(updateMessage.safeParse({ doc: 'sheet:w:x', update: new Uint8Array() }).success).toBe(
      false,
    )
    expect(handshakeAuth.safeParse({ workbookId: 'a/b' }).success).toBe(false)
    expect(handshakeAuth.safeParse({ workbookId: 'abc', token: 't' }).success).toBe(true)
  })
})

describe('sheet operations', () => {
  it('name a known operation, a sheet id, and a name and tab position within the limits', () => {
    const ok: unknown[] = [
      { op: 'add' },
      { op: 'add', name: 'Totals', index: 3 },
      { op: 'duplicate', sheetId: 'Zx_9-Qa0AbCdEfGhIjKlMn' },
      { op: 'delete', sheetId: 'k3x9.1a' },
      { op: 'restore', sheetId: 'k3x9.1a', name: 'Data', index: 0 },
    ]
    for (const c of ok) expect(sheetOpRequest.safeParse(c).success, JSON.stringify(c)).toBe(true)
    const bad: unknown[] = [
      { op: 'rename', sheetId: 'a' },
      { op: 'delete' },
      { op: 'delete', sheetId: 'a:b' },
      { op: 'add', name: 'x'.repeat(101) },
      { op: 'add', index: 200 },
      { op: 'restore', sheetId: 'a', name: 'A' },
    ]
    for (const c of bad) expect(sheetOpRequest.safeParse(c).success, JSON.stringify(c)).toBe(false)
  })
})

describe('errors', () => {
  it('carry a protocol code and serialise to an error body', () => {
    const err = new CellmateError(ERROR_CODES.FORBIDDEN, 'viewers cannot edit')
    expect(err).toBeInstanceOf(Error)
    expect(err.name).toBe('CellmateError')
    expect(err.toBody()).toEqual({ code: 'FORBIDDEN', message: 'viewers cannot edit' })
    expect(RETRYABLE_ERROR_CODES.has('STORAGE_FAILED')).toBe(true)
    expect(RETRYABLE_ERROR_CODES.has('FORBIDDEN')).toBe(false)
  })
})
