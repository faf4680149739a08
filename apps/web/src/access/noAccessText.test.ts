import { describe, expect, it } from 'vitest'
import { ERROR_CODES, type ErrorCode } from '@cellmate/protocol'
import { noAccessText } from './noAccessText'

const refusal = (code: ErrorCode) => ({ code, message: 'from the server' })

describe('noAccessText', () => {
  it('tells a missing workbook from a missing, wrong or revoked link', () => {
    expect(noAccessText(refusal(ERROR_CODES.NOT_FOUND), false).reason).toBe('not-found')
    expect(noAccessText(refusal(ERROR_CODES.UNAUTHORIZED), false).reason).toBe('no-token')
    expect(noAccessText(refusal(ERROR_CODES.FORBIDDEN), false).reason).toBe('bad-link')
    expect(noAccessText(refusal(ERROR_CODES.FORBIDDEN), true).reason).toBe('revoked')
  })

  it('a link revoked under an open tab says so and who can help', () => {
    const text = noAccessText(refusal(ERROR_CODES.FORBIDDEN), true)
    expect(text.title).toMatch(/access .* was removed/i)
    expect(text.explanation).toMatch(/revoked/)
    expect(text.advice).toMatch(/owner/)
  })

  it('without a token or with a wrong one, the advice is to ask the owner for a link', () => {
    for (const code of [ERROR_CODES.UNAUTHORIZED, ERROR_CODES.FORBIDDEN]) {
      expect(noAccessText(refusal(code), false).advice).toMatch(/owner .* link/)
    }
  })

  it('any other refusal code is treated as a link that does not work', () => {
    // A newer server may send a code this app does not know yet.
    expect(noAccessText(refusal('SOMETHING_NEW' as ErrorCode), false).reason).toBe('bad-link')
  })
})
