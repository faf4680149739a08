// syncProvider.ts
export type { ConnectionState, SyncStatus, SyncProviderOptions } from './syncProvider.js'
export { SyncProvider, newClientKey } from './syncProvider.js'

// syncedDoc.ts
export type { OpenOptions } from './syncedDoc.js'
export { SyncedDoc } from './syncedDoc.js'

// restClient.ts and the files of its method groups
export { RestClient } from './restClient.js'
export type { Download } from './restHttp.js'
export { RestError, filenameOf } from './restHttp.js'
export type {
  WorkbookSummary,
  WorkbookRead,
  CreatedWorkbook,
  CellsRead,
  SheetMerges,
  CellValueJson,
  SheetSummary,
  SheetSize,
  SortRequest,
} from './sheetRest.js'
export type { CommentJson, CommentThreadJson } from './commentRest.js'
export type { TableJson, ValidationRuleJson } from './sheetRulesRest.js'
export type { ShareLink, ShareLinkRole, CreatedShareLink } from './sharingRest.js'
export type { ImportFile, ImportedWorkbook } from './transferRest.js'

// nameTypes.ts
export type { DefinedNameJson, NewDefinedName } from './nameTypes.js'

// conditionalFormatTypes.ts
export type { ConditionalFormatJson, ConditionalFormatSpecJson } from './conditionalFormatTypes.js'
// filterTypes.ts
export type { FilterColumnJson, SheetFilterJson } from './filterTypes.js'

// historyTypes.ts
export type {
  CellEdit,
  CellHistory,
  ChangedCell,
  RestoredVersion,
  Version,
  VersionChanges,
  VersionKind,
  WorkbookSettings,
} from './historyTypes.js'
