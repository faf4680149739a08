import { copyText } from '../access/shareLinks'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import { quoteForNotice } from './noticeText'

/**
 * What the user is told when someone else deletes the sheet they are on, and how they get back
 * what they were typing there. The draft is offered as "Copy my text" rather than put back into
 * an editor on the sheet now shown: the same address on another sheet is another cell, and an
 * Enter pressed out of habit would overwrite it. The notice stays until dismissed and shows the
 * start of the text, so nothing depends on the clipboard being allowed.
 */
export function useDeletedSheetDraft() {
  const selection = useSelectionStore()
  const notices = useNoticeStore()

  async function copyDraft(draft: string): Promise<void> {
    if (await copyText(draft)) {
      notices.show('Your text is on the clipboard.', 'info')
    } else {
      notices.show(
        `Your browser did not allow copying. Your text was: ${quoteForNotice(draft, 2000)}`,
        'info',
        { persistent: true },
      )
    }
  }

  /** The sheet on screen (`deleted`) went; `shown` is the one now on screen. */
  function sheetDeleted(deleted: string, shown: string): void {
    const draft = selection.editing ? selection.draft : ''
    const moved = `“${deleted}” was deleted by someone else, so you are now on “${shown}”.`
    if (draft.trim() === '') {
      notices.show(moved, 'info')
      return
    }
    notices.show(
      `${moved} Your text for ${selection.address} was not saved: ${quoteForNotice(draft)}`,
      'info',
      { persistent: true, action: { label: 'Copy my text', run: () => void copyDraft(draft) } },
    )
  }

  return { sheetDeleted }
}
