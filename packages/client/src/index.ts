// syncProvider.ts
export type { ConnectionState, SyncStatus, SyncProviderOptions } from './syncProvider.js'
export { SyncProvider, newClientKey } from './syncProvider.js'

// syncedDoc.ts
export type { OpenOptions } from './syncedDoc.js'
export { SyncedDoc } from './syncedDoc.js'

// restClient.ts
export type {
  WorkbookSummary,
  WorkbookRead,
  CreatedWorkbook,
  CellsRead,
  SheetMerges,
  ValidationRuleJson,
  CellValueJson,
  SheetSummary,
  SheetSize,
  ShareLink,
  ShareLinkRole,
  CommentJson,
  CommentThreadJson,
  CreatedShareLink,
  SortRequest,
  ImportFile,
  ImportedWorkbook,
  Download,
} from './restClient.js'
export { RestClient, RestError, filenameOf } from './restClient.js'

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
