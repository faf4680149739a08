import { describe, expect, it } from 'vitest'
import { functionEntries, searchFunctions } from './functionList'

describe('the function list', () => {
  const entries = functionEntries(['AVERAGE', 'AVERAGEIF', 'INDEX', 'SUM', 'VLOOKUP', 'ZZTOP'])

  it('gives each function its signature and description, or a bare signature', () => {
    expect(entries.find((e) => e.name === 'VLOOKUP')).toEqual({
      name: 'VLOOKUP',
      signature: 'VLOOKUP(search_key, range, index, [is_sorted])',
      description: expect.stringMatching(/\S/),
    })
    expect(entries.find((e) => e.name === 'ZZTOP')).toEqual({
      name: 'ZZTOP',
      signature: 'ZZTOP()',
      description: '',
    })
  })

  it('finds names starting with the query first, then containing it, then by description', () => {
    expect(searchFunctions(entries, 'aver').map((e) => e.name)).toEqual(['AVERAGE', 'AVERAGEIF'])
    expect(searchFunctions(entries, 'look')[0]?.name).toBe('VLOOKUP')
    expect(searchFunctions(entries, '').map((e) => e.name)).toEqual(entries.map((e) => e.name))
    const byWords = searchFunctions(entries, 'range').map((e) => e.name)
    expect(byWords).toContain('VLOOKUP')
    expect(byWords).not.toContain('ZZTOP')
  })
})
