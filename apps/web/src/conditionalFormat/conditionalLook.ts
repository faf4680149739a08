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

/** A data bar's CSS: its colour, and its length as a share of the cell's width. */
export function dataBarStyle(
  bar: NonNullable<ConditionalCellStyle['bar']>,
): Record<string, string> {
  const share = Math.round(Math.min(1, Math.max(0, bar.fraction)) * 1000) / 10
  return { width: `${share}%`, backgroundColor: bar.color }
}
