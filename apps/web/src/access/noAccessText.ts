import { ERROR_CODES, type ErrorBody } from '@cellmate/protocol'

/** Why the editor is not shown; also the no-access page's `data-reason`. */
export type NoAccessReason = 'not-found' | 'no-token' | 'bad-link' | 'revoked'

export interface NoAccessText {
  reason: NoAccessReason
  title: string
  /** What happened, in the user's terms. */
  explanation: string
  /** What the user can do about it. */
  advice: string
}

const ASK_OWNER = 'Ask the owner of the workbook to share a link with you.'

/**
 * The no-access page for a refusal from the server. `revokedWhileOpen`: the tab had the
 * workbook open when its link was revoked.
 */
export function noAccessText(denial: ErrorBody, revokedWhileOpen: boolean): NoAccessText {
  if (denial.code === ERROR_CODES.NOT_FOUND) {
    return {
      reason: 'not-found',
      title: 'Workbook not found',
      explanation:
        'This link does not lead to a workbook on this server. It may have been mistyped.',
      advice: 'Check the link, or ask whoever sent it for a new one.',
    }
  }
  if (denial.code === ERROR_CODES.UNAUTHORIZED) {
    return {
      reason: 'no-token',
      title: 'Ask the owner for a link',
      explanation:
        'This is the address of a workbook, not a link to it: a workbook opens with a link ' +
        'from its Share button, which carries a key the address bar does not show.',
      advice:
        'Ask whoever sent you this address for a link instead. The owner can copy any link ' +
        'again from the Share dialog; an editor can send a view-only link if the owner allows it.',
    }
  }
  if (revokedWhileOpen) {
    return {
      reason: 'revoked',
      title: 'Your access to this workbook was removed',
      explanation:
        'The owner revoked the link you opened this workbook with, so it is closed here. ' +
        'Edits already saved stay in the workbook.',
      advice: 'Ask the owner for a new link if you still need it.',
    }
  }
  return {
    reason: 'bad-link',
    title: 'This link does not open the workbook',
    explanation:
      'The link is incomplete, belongs to another workbook, or was revoked by its owner.',
    advice: ASK_OWNER,
  }
}
