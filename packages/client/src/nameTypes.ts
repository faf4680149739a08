/** A defined name as the REST API shows it (`GET /api/workbooks/:id/names`). */
export interface DefinedNameJson {
  id: string
  name: string
  /** A1 form with its `=`, for the current layout: `=Sheet1!$B$2:$B$9`, `=0.2`. */
  refersTo: string
  /** The id of the sheet a local name belongs to; null for a workbook name. */
  scope: string | null
  /** That sheet's name. */
  sheet: string | null
  comment?: string
  /** Another name with the same text and scope (created at the same time) is the one used. */
  duplicate?: boolean
}

/** What defining a name takes: `refersTo` is a range, formula or constant (`=` optional). */
export interface NewDefinedName {
  name: string
  refersTo: string
  /** A sheet id to make the name local to that sheet. */
  scope?: string | null
  comment?: string
}
