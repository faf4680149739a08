import type { ConditionalFormatJson, ConditionalFormatSpecJson } from './conditionalFormatTypes.js'
import type { FilterColumnJson, SheetFilterJson } from './filterTypes.js'
import type { DefinedNameJson, NewDefinedName } from './nameTypes.js'
import { CommentRest } from './commentRest.js'
import { enc, sheetPath } from './restHttp.js'

/** A data validation rule as REST reads and writes it. */
export interface ValidationRuleJson {
  id: string
  /** A1 range the rule applies to. */
  range: string
  kind: 'list' | 'listRange' | 'number' | 'date' | 'textLength' | 'checkbox' | 'custom'
  items?: string[]
  source?: string
  op?: 'between' | 'notBetween' | 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'
  min?: number | string
  max?: number | string
  formula?: string
  /** true: reject invalid input; false: keep it and mark it. */
  strict: boolean
  message?: string
  inputMessage?: string
  /** `number`: true lets only whole numbers in (Excel's "Whole number"). */
  integer?: boolean
  /** List rules: false hides the cell's dropdown chevron. */
  showDropdown?: boolean
}

/** An Excel table as REST reads it. */
export interface TableJson {
  id: string
  /** Unique in the workbook among tables and defined names. */
  name: string
  /** A1 range of the whole table, header and totals rows included. */
  range: string
  headerRow: boolean
  totalsRow: boolean
  /** Excel's style name (`TableStyleMedium2`); '' for none. */
  style: string
  bandedRows: boolean
  bandedCols: boolean
  firstColumn: boolean
  lastColumn: boolean
  /** Column names, left to right. */
  columns: string[]
  duplicate?: boolean
}

/** `RestClient`'s calls for data validation, conditional formats, defined names and filters. */
export class SheetRulesRest extends CommentRest {
  /** The data validation rules of a sheet. */
  async getValidations(workbookId: string, sheetId: string): Promise<ValidationRuleJson[]> {
    const answer = await this.call<{ rules: ValidationRuleJson[] }>(
      'GET',
      `${sheetPath(workbookId, sheetId)}/validations`,
    )
    return answer.rules
  }

  /**
   * Replaces every data validation rule of a sheet (`[]` removes them). A rule with
   * `strict: true` makes `writeCells` refuse a value it does not allow (422, `RestError`).
   */
  async setValidations(
    workbookId: string,
    sheetId: string,
    rules: ReadonlyArray<Omit<ValidationRuleJson, 'id'> & { id?: string }>,
  ): Promise<ValidationRuleJson[]> {
    const answer = await this.call<{ rules: ValidationRuleJson[] }>(
      'PUT',
      `${sheetPath(workbookId, sheetId)}/validations`,
      { rules },
    )
    return answer.rules
  }

  /** The Excel tables of a sheet. */
  async getTables(workbookId: string, sheetId: string): Promise<TableJson[]> {
    const answer = await this.call<{ tables: TableJson[] }>(
      'GET',
      `${sheetPath(workbookId, sheetId)}/tables`,
    )
    return answer.tables
  }

  /**
   * Makes an Excel table over an A1 range (the header row's text names its columns, empty
   * header cells get `ColumnN`); answers the sheet's tables. The name must be unique among
   * the workbook's tables and defined names.
   */
  async addTable(
    workbookId: string,
    sheetId: string,
    table: Partial<Omit<TableJson, 'id' | 'duplicate'>> & { name: string; range: string },
  ): Promise<TableJson[]> {
    const answer = await this.call<{ tables: TableJson[] }>(
      'POST',
      `${sheetPath(workbookId, sheetId)}/tables`,
      table,
    )
    return answer.tables
  }

  /** Renames, resizes (`range`, A1) or restyles a table, or renames its columns. */
  async updateTable(
    workbookId: string,
    sheetId: string,
    tableId: string,
    change: Partial<Omit<TableJson, 'id' | 'duplicate'>>,
  ): Promise<TableJson[]> {
    const answer = await this.call<{ tables: TableJson[] }>(
      'PATCH',
      `${sheetPath(workbookId, sheetId)}/tables/${enc(tableId)}`,
      change,
    )
    return answer.tables
  }

  /** Deletes a table; its cells stay (Excel's "Convert to Range"). */
  async deleteTable(workbookId: string, sheetId: string, tableId: string): Promise<TableJson[]> {
    const answer = await this.call<{ tables: TableJson[] }>(
      'DELETE',
      `${sheetPath(workbookId, sheetId)}/tables/${enc(tableId)}`,
    )
    return answer.tables
  }

  /** The conditional formats of a sheet, in priority order (the first applies first). */
  async getConditionalFormats(
    workbookId: string,
    sheetId: string,
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('GET', path)).rules
  }

  /** Adds a rule on an A1 range, last in priority (`first`: first); answers every rule. */
  async addConditionalFormat(
    workbookId: string,
    sheetId: string,
    rule: ConditionalFormatSpecJson & { range: string; first?: boolean },
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('POST', path, rule)).rules
  }

  /**
   * Changes a rule: a new rule (`kind` and its fields), range and/or priority (0 = first).
   * Answers every rule.
   */
  async updateConditionalFormat(
    workbookId: string,
    sheetId: string,
    ruleId: string,
    change: Partial<ConditionalFormatSpecJson> & { range?: string; priority?: number },
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats/${enc(ruleId)}`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('PATCH', path, change)).rules
  }

  /** Deletes a rule; answers the rules left. */
  async deleteConditionalFormat(
    workbookId: string,
    sheetId: string,
    ruleId: string,
  ): Promise<ConditionalFormatJson[]> {
    const path = `${sheetPath(workbookId, sheetId)}/conditional-formats/${enc(ruleId)}`
    return (await this.call<{ rules: ConditionalFormatJson[] }>('DELETE', path)).rules
  }

  /** The workbook's defined names, sorted by name. */
  async listNames(workbookId: string): Promise<DefinedNameJson[]> {
    return (await this.call<{ names: DefinedNameJson[] }>('GET', namesPath(workbookId))).names
  }

  /** Defines a name (workbook-wide, or local to the sheet `scope`); answers every name. */
  async addName(workbookId: string, name: NewDefinedName): Promise<DefinedNameJson[]> {
    return (await this.call<{ names: DefinedNameJson[] }>('POST', namesPath(workbookId), name))
      .names
  }

  /**
   * Renames a name (formulas using it follow), changes what it refers to and/or its comment;
   * answers every name.
   */
  async updateName(
    workbookId: string,
    nameId: string,
    change: Partial<Omit<NewDefinedName, 'scope'>>,
  ): Promise<DefinedNameJson[]> {
    const path = `${namesPath(workbookId)}/${enc(nameId)}`
    return (await this.call<{ names: DefinedNameJson[] }>('PATCH', path, change)).names
  }

  /** Deletes a name (formulas using it read #NAME?); answers the names left. */
  async deleteName(workbookId: string, nameId: string): Promise<DefinedNameJson[]> {
    const path = `${namesPath(workbookId)}/${enc(nameId)}`
    return (await this.call<{ names: DefinedNameJson[] }>('DELETE', path)).names
  }

  /** The shared filter of a sheet and the rows it hides now; null when it has none. */
  async getFilter(workbookId: string, sheetId: string): Promise<SheetFilterJson | null> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    return (await this.call<{ filter: SheetFilterJson | null }>('GET', path)).filter
  }

  /**
   * Sets the shared filter of a sheet (replacing any): `range`'s top row is the header,
   * `columns` the criteria of columns inside it. Everyone sees the rows it hides.
   */
  async setFilter(
    workbookId: string,
    sheetId: string,
    range: string,
    columns: readonly FilterColumnJson[] = [],
  ): Promise<SheetFilterJson> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    const answer = await this.call<{ filter: SheetFilterJson }>('PUT', path, { range, columns })
    return answer.filter
  }

  /** Removes the shared filter of a sheet; false when it had none. */
  async removeFilter(workbookId: string, sheetId: string): Promise<boolean> {
    const path = `${sheetPath(workbookId, sheetId)}/filter`
    return (await this.call<{ removed: boolean }>('DELETE', path)).removed
  }
}

function namesPath(workbookId: string): string {
  return `/api/workbooks/${enc(workbookId)}/names`
}
