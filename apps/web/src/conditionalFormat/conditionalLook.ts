import type { ConditionalCellStyle } from '@cellmate/model'
import type { CellStyle } from '../format/cellStyle'

/**
 * A cell's own style with its conditional look laid over it (a rule's format wins over the
 * cell's, as in Excel and Sheets). Colours reach here validated by the model (`#rrggbb`).
 */
export function withConditionalLook(
  style: CellStyle | undefined,
  look: ConditionalCellStyle | null,
): CellStyle | undefined {
  if (!look) return style
  const out: CellStyle = { ...style }
  if (look.fill) out.backgroundColor = look.fill
  if (look.color) out.color = look.color
  if (look.bold) out.fontWeight = '700'
  if (look.italic) out.fontStyle = 'italic'
  if (look.strike) {
    out.textDecoration = style?.textDecoration ? 'underline line-through' : 'line-through'
  }
  return out
}

const percent = (fraction: number): string =>
  `${Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10}%`

/** A data bar's CSS: its colour, where it starts and its length, as shares of the cell's width. */
export function dataBarStyle(
  bar: NonNullable<ConditionalCellStyle['bar']>,
): Record<string, string> {
  return {
    left: percent(bar.start),
    width: percent(bar.end - bar.start),
    backgroundColor: bar.color,
  }
}

/** The CSS of a data bar's axis (where zero lies, when the range holds negative values). */
export function dataBarAxisStyle(axis: number): Record<string, string> {
  return { left: percent(axis) }
}
