/** One column's criteria of a shared filter, as the REST API reads and writes them. */
export interface FilterColumnJson {
  /** Column letter inside the filter range. */
  col: string
  /** Values unchecked in the list, as the cells show them (`""` is "(Blanks)"). */
  hiddenValues?: string[]
  condition?: {
    op:
      | 'textContains'
      | 'textNotContains'
      | 'gt'
      | 'lt'
      | 'eq'
      | 'between'
      | 'dateBefore'
      | 'dateAfter'
      | 'empty'
      | 'notEmpty'
    /** Text, a number, or a date `yyyy-mm-dd`. */
    value?: string | number
    value2?: number
  }
  /** Only rows whose cell has this fill, `#rrggbb`. */
  fill?: string
}

/** A sheet's shared filter (null: none) and the rows it hides on the current values. */
export interface SheetFilterJson {
  range: string
  columns: FilterColumnJson[]
  /** 1-based numbers of the rows hidden by the filter now. */
  hiddenRows: number[]
}
