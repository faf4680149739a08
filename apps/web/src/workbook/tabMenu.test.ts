import { describe, expect, it } from 'vitest'
import { isTabAction, tabMenuItems } from './tabMenu'

describe('sheet tab menu', () => {
  it('offers rename, duplicate, delete and moves', () => {
    expect(tabMenuItems(1, 3).map((i) => [i.label, !!i.disabled])).toEqual([
      ['Rename', false],
      ['Duplicate', false],
      ['Delete', false],
      ['Move left', false],
      ['Move right', false],
    ])
  })

  it('cannot move the first tab left or the last right, nor delete the only sheet', () => {
    const only = tabMenuItems(0, 1)
    expect(only.filter((i) => i.disabled).map((i) => i.id)).toEqual([
      'delete',
      'moveLeft',
      'moveRight',
    ])
    expect(tabMenuItems(2, 3).find((i) => i.id === 'moveRight')?.disabled).toBe(true)
  })

  it('knows its own actions', () => {
    expect(isTabAction('duplicate')).toBe(true)
    expect(isTabAction('insertRowAbove')).toBe(false)
  })
})
