import {
  BROWSER_PEER_SYSTEMS,
  SYSTEMS,
  SYSTEM_TITLES,
  type Figure,
  type MetricRow,
  type SystemName,
  type Unit,
} from './benchResults.js'

/** Formats a number in its unit with a sensible number of digits. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value < 10
        ? `${value.toFixed(2)} ms`
        : `${Math.round(value).toLocaleString('en-US')} ms`
    case 's':
      return `${value.toFixed(2)} s`
    case '%':
      return `${value.toFixed(value !== 0 && value < 1 ? 2 : 1)} %`
    case 'edits/s':
      return `${Math.round(value).toLocaleString('en-US')}/s`
    case 'kB':
      return `${Math.round(value).toLocaleString('en-US')} kB`
    case 'MB':
      return `${value.toFixed(1)} MB`
    case 'cores':
      return value.toFixed(2)
    case 'count':
      return Math.round(value).toLocaleString('en-US')
  }
}

function formatFigure(figure: Figure | undefined, unit: Unit): string {
  if (!figure) return '—'
  if (figure.value === null) return figure.note ?? '—'
  const text = formatValue(figure.value, unit)
  return figure.note ? `${text} (${figure.note})` : text
}

/**
 * Cellmate's figure divided by a peer's. Shown only when both are numbers and the peer's is not
 * zero; the "better" column says whether a ratio under 1 favours Cellmate.
 */
export function ratio(cellmate: Figure | undefined, peer: Figure | undefined): string {
  const a = cellmate?.value
  const b = peer?.value
  if (a === null || a === undefined || b === null || b === undefined) return '—'
  if (b === 0) return a === 0 ? '1.00×' : '—'
  const r = a / b
  return `${r >= 100 ? Math.round(r).toLocaleString('en-US') : r.toFixed(2)}×`
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

/**
 * The bench's table: one line per metric, one column per system, then Cellmate ÷ each peer.
 * Rows are grouped under their section in the order they were added.
 */
export function renderMarkdownTable(rows: readonly MetricRow[]): string {
  // A peer gets a column only in a run that measured it (the quick run leaves some servers out;
  // the browser peers are timed in the browser rows only).
  const measured = (s: SystemName) =>
    s === 'cellmate' || rows.some((r) => r.figures[s] !== undefined)
  const systems: SystemName[] = [...SYSTEMS, ...BROWSER_PEER_SYSTEMS].filter(measured)
  const peers = systems.filter((s) => s !== 'cellmate')
  const header = [
    'Metric',
    'Better',
    ...systems.map((s) => SYSTEM_TITLES[s]),
    ...peers.map((p) => `Cellmate ÷ ${SYSTEM_TITLES[p]}`),
  ]
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  let section: string | null = null
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section
      lines.push(`| **${escapeCell(section)}** |${' |'.repeat(header.length - 1)}`)
    }
    const cells = [
      row.metric,
      row.better === 'lower' ? 'lower' : 'higher',
      ...systems.map((s) => formatFigure(row.figures[s], row.unit)),
      ...peers.map((p) => ratio(row.figures.cellmate, row.figures[p])),
    ]
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`)
  }
  return lines.join('\n')
}
