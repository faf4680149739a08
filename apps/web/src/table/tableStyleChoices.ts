import { DEFAULT_TABLE_STYLE } from '@cellmate/model'

/**
 * The table styles Format as table offers: a few of Excel's built-in ones, which an XLSX
 * export names in `<tableStyleInfo>` so Excel shows the same colours.
 */
export const TABLE_STYLE_CHOICES: ReadonlyArray<{ style: string; label: string }> = [
  { style: DEFAULT_TABLE_STYLE, label: 'Blue' },
  { style: 'TableStyleMedium3', label: 'Orange' },
  { style: 'TableStyleMedium5', label: 'Gold' },
  { style: 'TableStyleMedium7', label: 'Green' },
  { style: 'TableStyleMedium4', label: 'Grey' },
  { style: 'TableStyleLight9', label: 'Light blue' },
  { style: 'TableStyleDark2', label: 'Dark blue' },
]
