import crypto from 'node:crypto'

/**
 * A new sheet id: 128 random bits as base64url (22 characters). Only the server issues sheet
 * ids, and only together with the record of the workbook the sheet belongs to, so an id can
 * neither be guessed nor be made to point into another workbook.
 */
export function newSheetId(): string {
  return crypto.randomBytes(16).toString('base64url')
}
