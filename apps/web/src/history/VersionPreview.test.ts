import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { CellsRead, RestClient, Version } from '@cellmate/client'
import VersionPreview from './VersionPreview.vue'

const version: Version = {
  id: 'v1',
  createdAt: Date.UTC(2026, 0, 5, 9, 0),
  kind: 'named',
  label: 'Monday',
  participants: [],
  summary: [],
  sheetIds: ['s1'],
  restoring: null,
}

/** A1:E1 of a version as the server reads it, formats only when asked for (as the server does). */
function fakeRest(): RestClient {
  return {
    readCells: (_wb: string, _sheet: string, _range: string, options: { formats?: boolean }) => {
      const read: CellsRead = {
        range: 'A1:E1',
        inputs: [['46000', '1234.5', '0.25', '=A1+1', 'Total']],
        values: [[46000, 1234.5, 0.25, 46001, 'Total']],
      }
      if (options.formats) {
        read.formats = [
          [
            { numFmt: 'date' },
            { numFmt: 'currency' },
            { numFmt: 'percent' },
            { numFmt: 'date' },
            { bold: true, fill: '#fce8b2' },
          ],
        ]
        read.colWidths = [null, null, null, null, 180]
      }
      return Promise.resolve(read)
    },
    versionChanges: () => Promise.resolve({ changes: [], truncated: false }),
  } as unknown as RestClient
}

describe('version preview', () => {
  let wrapper: VueWrapper | null = null
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  it("shows a version's cells as the grid shows them: dates, money and percentages in their formats", async () => {
    wrapper = mount(VersionPreview, {
      props: {
        workbookId: 'wb',
        rest: fakeRest(),
        version,
        sheets: [],
        canEdit: true,
        busy: false,
      },
    })
    await flushPromises()
    const cell = (a1: string) => wrapper!.get(`[data-version-address="${a1}"]`)
    expect(cell('A1').text()).toBe('2025-12-09')
    expect(cell('B1').text()).toBe('$1,234.50')
    expect(cell('C1').text()).toBe('25.00%')
    // A formula over a date is a date, as in the grid.
    expect(cell('D1').text()).toBe('2025-12-10')
    expect(cell('A1').classes()).toContain('numeric')
    expect(cell('E1').text()).toBe('Total')
    expect(cell('E1').attributes('style')).toContain('font-weight: 700')
    expect(cell('E1').attributes('style')).toContain('background-color')
    const widths = wrapper.findAll('col').map((c) => c.attributes('style'))
    expect(widths[5]).toContain('width: 180px')
    expect(widths[1]).toContain('width: 100px')
  })
})
