/** A conditional format rule as REST reads and writes it (see the server's OpenAPI document). */
export interface ConditionalFormatSpecJson {
  kind:
    | 'cellValue'
    | 'text'
    | 'date'
    | 'duplicates'
    | 'unique'
    | 'topBottom'
    | 'average'
    | 'formula'
    | 'colorScale'
    | 'dataBar'
  /** `cellValue`: gt…notBetween; `text`: contains…endsWith; `date`: today…after; `topBottom`: top/bottom; `average`: above/below/aboveOrEqual/belowOrEqual. */
  op?: string
  value?: number | string
  value2?: number | string
  count?: number
  percent?: boolean
  /** `formula`: `=…` for the range's top-left cell; relative references shift per cell. */
  formula?: string
  /** `colorScale`: 2 or 3 colours `#rrggbb`, lowest to highest. */
  colors?: string[]
  barColor?: string
  /** `dataBar`: the colour of bars below zero (default `#ff0000`). */
  negativeColor?: string
  style?: { fill?: string; color?: string; bold?: boolean; italic?: boolean; strike?: boolean }
  stopIfTrue?: boolean
}

/** A rule as the server lists it: where it applies and its priority (0 applies first). */
export interface ConditionalFormatJson extends ConditionalFormatSpecJson {
  id: string
  /** A1 range. */
  range: string
  priority: number
}
