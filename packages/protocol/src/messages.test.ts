import { describe, expect, it } from 'vitest'
import { describeIssues, handshakeAuth, joinAck, joinRequest, updateMessage } from './messages.js'
import { isValidId, parseDocName } from './docName.js'
import { CellmateError, ERROR_CODES, RETRYABLE_ERROR_CODES } from './errors.js'

describe('document names', () => {
  it('accepts workbook and sheet documents only', () => {
    expect(parseDocName('wb:abc_123-x')).toEqual({ kind: 'workbook', id: 'abc_123-x' })
    expect(parseDocName('sheet:k3x9.1a')).toEqual({ kind: 'sheet', id: 'k3x9.1a' })
    for (const bad of [
      '',
      'wb:',
      'wb',
      'doc:abc',
      'sheet:a:b',
      'sheet:../x',
      `wb:${'a'.repeat(65)}`,
      '__proto__:x',
    ]) {
      expect(parseDocName(bad), bad).toBeNull()
    }
    expect(isValidId('a.b-c_d')).toBe(true)
    expect(isValidId('a b')).toBe(false)
  })
})

describe('message validators', () => {
  it('normalise Buffer and ArrayBuffer payloads to Uint8Array', () => {
    const ab = new Uint8Array([1, 2, 3]).buffer
    const parsed = updateMessage.parse({ doc: 'sheet:x', update: ab })
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
      { doc: 'sheet:x' },
      { doc: 'sheet:x', stateVector: 'AAE=' },
      { doc: 'evil:x', stateVector: new Uint8Array() },
      { doc: 42, stateVector: new Uint8Array() },
      { doc: 'sheet:' + 'x'.repeat(200), stateVector: new Uint8Array() },
    ]
    for (const c of cases) {
      const res = joinRequest.safeParse(c)
      expect(res.success, JSON.stringify(c)).toBe(false)
      if (!res.success) expect(describeIssues(res.error).length).toBeGreaterThan(0)
    }
    expect(updateMessage.safeParse({ doc: 'sheet:x', update: new Uint8Array() }).success).toBe(
      false,
    )
    expect(handshakeAuth.safeParse({ workbookId: 'a/b' }).success).toBe(false)
    expect(handshakeAuth.safeParse({ workbookId: 'abc', token: 't' }).success).toBe(true)
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
