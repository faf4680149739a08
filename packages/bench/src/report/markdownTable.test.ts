import { describe, expect, it } from 'vitest'
import type { MetricRow } from './benchResults.js'
import { formatValue, ratio, renderMarkdownTable } from './markdownTable.js'

const rows: MetricRow[] = [
  {
    section: 'Propagation latency',
    metric: 'p99, 10 clients',
    unit: 'ms',
    better: 'lower',
    figures: {
      cellmate: { value: 4 },
      'y-websocket': { value: 2 },
      hocuspocus: { value: 8 },
      'hocuspocus-db': { value: 4 },
      broadcast: { value: 1.6 },
    },
  },
  {
    section: 'Propagation latency',
    metric: 'p99, 1,000 clients',
    unit: 'ms',
    better: 'lower',
    figures: {
      cellmate: { value: 1800, note: 'saturated' },
      'y-websocket': { value: null, note: 'did not connect' },
      hocuspocus: { value: 1800 },
      'hocuspocus-db': { value: 3600 },
      broadcast: { value: 900 },
    },
  },
  {
    section: 'Client (browser)',
    metric: 'open a 1M-cell sheet',
    unit: 's',
    better: 'lower',
    figures: { cellmate: { value: 1.25 } },
  },
]

describe('renderMarkdownTable', () => {
  const table = renderMarkdownTable(rows)
  const lines = table.split('\n')

  it('has one column per system and one ratio column per peer', () => {
    expect(lines[0]).toBe(
      '| Metric | Better | Cellmate | y-websocket | Hocuspocus | Hocuspocus + SQLite | plain broadcast | Cellmate ÷ y-websocket | Cellmate ÷ Hocuspocus | Cellmate ÷ Hocuspocus + SQLite | Cellmate ÷ plain broadcast |',
    )
    for (const line of lines) expect(line.split('|').length - 2).toBe(11)
  })

  it('prints Cellmate divided by each peer', () => {
    expect(lines).toContain(
      '| p99, 10 clients | lower | 4.00 ms | 2.00 ms | 8.00 ms | 4.00 ms | 1.60 ms | 2.00× | 0.50× | 1.00× | 2.50× |',
    )
  })

  it('shows notes, and no ratio where a peer has no figure', () => {
    expect(lines).toContain(
      '| p99, 1,000 clients | lower | 1,800 ms (saturated) | did not connect | 1,800 ms | 3,600 ms | 900 ms | — | 1.00× | 0.50× | 2.00× |',
    )
  })

  it('takes rows measured for Cellmate alone under their own section heading', () => {
    const i = lines.findIndex((l) => l.startsWith('| **Client (browser)**'))
    expect(i).toBeGreaterThan(0)
    expect(lines[i + 1]).toBe(
      '| open a 1M-cell sheet | lower | 1.25 s | — | — | — | — | — | — | — | — |',
    )
  })
})

describe('renderMarkdownTable with browser peers', () => {
  it('adds Univer and FortuneSheet columns and ratios only when a row has their figures', () => {
    const withPeers: MetricRow[] = [
      ...rows,
      {
        section: 'Client (browser)',
        metric: 'open a 100,000-cell sheet',
        unit: 's',
        better: 'lower',
        figures: { cellmate: { value: 1 }, univer: { value: 4 }, fortunesheet: { value: 2 } },
      },
    ]
    const lines = renderMarkdownTable(withPeers).split('\n')
    expect(lines[0]).toContain('| Univer 0.25 | FortuneSheet 1.0 |')
    expect(lines[0]).toContain('| Cellmate ÷ Univer 0.25 | Cellmate ÷ FortuneSheet 1.0 |')
    expect(lines[lines.length - 1]).toMatch(/\| 4\.00 s \| 2\.00 s \|.*\| 0\.25× \| 0\.50× \|$/)
    expect(renderMarkdownTable(rows)).not.toContain('Univer')
  })
})

describe('renderMarkdownTable for a run that left servers out (the quick run)', () => {
  it('has no column or ratio for a server no row measured', () => {
    const quick: MetricRow[] = [
      {
        section: 'Durability cost',
        metric: 'ack p50, 1 client',
        unit: 'ms',
        better: 'lower',
        figures: {
          cellmate: { value: 1 },
          'y-websocket': { value: 0.5 },
          hocuspocus: { value: null, note: 'error' },
        },
      },
    ]
    const lines = renderMarkdownTable(quick).split('\n')
    expect(lines[0]).toBe(
      '| Metric | Better | Cellmate | y-websocket | Hocuspocus | Cellmate ÷ y-websocket | Cellmate ÷ Hocuspocus |',
    )
    expect(lines[lines.length - 1]).toBe(
      '| ack p50, 1 client | lower | 1.00 ms | 0.50 ms | error | 2.00× | — |',
    )
  })
})

describe('ratio and formatValue', () => {
  it('treats zero against zero as parity and anything against zero as undefined', () => {
    expect(ratio({ value: 0 }, { value: 0 })).toBe('1.00×')
    expect(ratio({ value: 0 }, { value: 12.5 })).toBe('0.00×')
    expect(ratio({ value: 3 }, { value: 0 })).toBe('—')
  })

  it('formats units for reading, not for parsing', () => {
    expect(formatValue(12_345.4, 'edits/s')).toBe('12,345/s')
    expect(formatValue(0.25, '%')).toBe('0.25 %')
    expect(formatValue(1320.6, 'kB')).toBe('1,321 kB')
    expect(formatValue(512.04, 'MB')).toBe('512.0 MB')
  })
})
