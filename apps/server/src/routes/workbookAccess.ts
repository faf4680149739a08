import { hasSheet, workbookDocName } from '@cellmate/model'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocumentRegistry } from '../documentRegistry.js'
import type { WorkbookService } from '../workbookService.js'

/** Existence checks shared by the REST routes: 404 with a clear message, never a crash. */
export class WorkbookAccess {
  constructor(
    private readonly registry: DocumentRegistry,
    private readonly workbooks: WorkbookService,
  ) {}

  async requireWorkbook(id: string): Promise<void> {
    if (!(await this.workbooks.exists(id))) {
      throw new CellmateError(ERROR_CODES.NOT_FOUND, `no workbook ${id}`)
    }
  }

  async requireSheet(id: string, sheetId: string): Promise<void> {
    await this.requireWorkbook(id)
    const found = await this.registry.use(workbookDocName(id), (wb) => hasSheet(wb.doc, sheetId))
    if (!found) {
      throw new CellmateError(ERROR_CODES.NOT_FOUND, `no sheet ${sheetId} in workbook ${id}`)
    }
  }
}
