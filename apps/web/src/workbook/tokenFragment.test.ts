import { describe, expect, it, vi } from 'vitest'
import { fragmentWithoutToken, takeTokenFromLocation, tokenFromFragment } from './tokenFragment'

describe('token in the URL fragment', () => {
  it('reads #token=…', () => {
    expect(tokenFromFragment('#token=abc_DEF-123')).toBe('abc_DEF-123')
    expect(tokenFromFragment('token=abc')).toBe('abc')
    expect(tokenFromFragment('#x=1&token=abc')).toBe('abc')
  })

  it('ignores a missing, empty or malformed token', () => {
    expect(tokenFromFragment('')).toBeNull()
    expect(tokenFromFragment('#token=')).toBeNull()
    expect(tokenFromFragment('#other=1')).toBeNull()
    expect(tokenFromFragment('#token=<script>')).toBeNull()
  })

  it('removes only the token from the fragment', () => {
    expect(fragmentWithoutToken('#token=abc')).toBe('')
    expect(fragmentWithoutToken('#x=1&token=abc')).toBe('#x=1')
  })

  it('strips the token from the address bar without a reload, keeping router state', () => {
    const loc = { pathname: '/w/wb1', search: '?q=1', hash: '#token=tok' } as Location
    const state = { back: '/' }
    const replaceState = vi.fn()
    const hist = { state, replaceState } as unknown as History
    expect(takeTokenFromLocation(loc, hist)).toBe('tok')
    expect(replaceState).toHaveBeenCalledWith(state, '', '/w/wb1?q=1')
  })

  it('leaves the address bar alone when there is no token', () => {
    const replaceState = vi.fn()
    const loc = { pathname: '/w/wb1', search: '', hash: '' } as Location
    expect(
      takeTokenFromLocation(loc, { state: null, replaceState } as unknown as History),
    ).toBeNull()
    expect(replaceState).not.toHaveBeenCalled()
  })
})
