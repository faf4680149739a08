import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorBody, Role } from '@cellmate/protocol'

/**
 * What this tab may do in the open workbook. **Every control that changes a workbook checks
 * `canEdit`** (typing, the formula bar, Delete, paste, fill, formatting, import, row/column and
 * sheet-tab commands, undo/redo); `isOwner` gates the Share dialog.
 *
 * The role comes from the server: the `role` of the workbook document's join ack (remembered
 * per token in the recent list, so a workbook reopened offline keeps its role). Until the
 * server has said, nothing is editable. The server checks every update anyway; this flag is
 * what keeps the UI honest, so a viewer never types an edit that would only be refused.
 */
export const useAccessStore = defineStore('access', () => {
  /** Role of this tab's token in the open workbook; null until the server said. */
  const role = ref<Role | null>(null)
  /** Why the server refused this tab (no token, wrong or revoked link, no such workbook). */
  const denial = ref<ErrorBody | null>(null)
  /** The refusal came after the server had let this tab in: the link was revoked under it. */
  const revokedWhileOpen = ref(false)
  let joined = false

  /** The sheet on screen is its first screen, shown while the document loads: read-only. */
  const previewing = ref(false)

  const canEdit = computed(
    () =>
      denial.value === null &&
      !previewing.value &&
      (role.value === 'owner' || role.value === 'editor'),
  )
  const isOwner = computed(() => denial.value === null && role.value === 'owner')
  const viewOnly = computed(() => denial.value === null && role.value === 'viewer')
  /** May add and reply to comments: owners, editors and commenters (a `comment` link). */
  const canComment = computed(
    () =>
      canEdit.value || (denial.value === null && !previewing.value && role.value === 'commenter'),
  )
  /** A commenter: views and comments, edits nothing else. */
  const commentOnly = computed(() => denial.value === null && role.value === 'commenter')

  /**
   * The server granted `granted`: `joined` in this tab's join ack, or `remembered` from an
   * earlier visit with the same token (until this visit's join answers).
   */
  function grant(granted: Role, source: 'joined' | 'remembered'): void {
    role.value = granted
    if (source === 'joined') joined = true
  }

  /** The server refused this tab for good; nothing stays editable. */
  function deny(error: ErrorBody): void {
    if (denial.value) return
    revokedWhileOpen.value = joined
    denial.value = error
  }

  /** Forgets everything: a workbook was closed or another is being opened. */
  function reset(): void {
    role.value = null
    denial.value = null
    revokedWhileOpen.value = false
    previewing.value = false
    joined = false
  }

  return {
    role,
    denial,
    previewing,
    revokedWhileOpen,
    canEdit,
    canComment,
    commentOnly,
    isOwner,
    viewOnly,
    grant,
    deny,
    reset,
  }
})
