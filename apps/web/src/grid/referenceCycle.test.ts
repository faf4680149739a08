import { describe, expect, it } from 'vitest'
import { cycleReference } from './referenceCycle'

describe('F4: cycleReference', () => {
  it("cycles the reference at the caret through Excel's four forms, the caret at its end", () => {
    let state = { text: '=A1*2', caret: 3 }
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      state = cycleReference(state.text, state.caret)!
      seen.push(state.text)
    }
    expect(seen).toEqual(['=$A$1*2', '=A$1*2', '=$A1*2', '=A1*2'])
    expect(cycleReference('=$A$1*2', 1)).toEqual({ text: '=A$1*2', caret: 4 })
  })

  it('cycles both ends of a range together, and the reference the caret is in', () => {
    expect(cycleReference('=SUM(A1:B4)+C2', 8)?.text).toBe('=SUM($A$1:$B$4)+C2')
    expect(cycleReference('=SUM(A1:B4)+C2', 14)?.text).toBe('=SUM(A1:B4)+$C$2')
    expect(cycleReference('=Sheet2!B3+1', 10)?.text).toBe('=Sheet2!$B$3+1')
  })

  it('leaves text in quotes, function names and plain values alone', () => {
    expect(cycleReference('="A1"&B2', 3)).toBeNull()
    expect(cycleReference('="A1"&B2', 8)?.text).toBe('="A1"&$B$2')
    expect(cycleReference('=LOG10(100)', 6)).toBeNull()
    expect(cycleReference('A1', 2)).toBeNull()
    expect(cycleReference('=1+2', 4)).toBeNull()
  })
})
