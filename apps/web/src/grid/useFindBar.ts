import { nextTick, ref, type Ref } from 'vue'
import type FindBar from './FindBar.vue'

/**
 * The grid's find bar (its state is `useFind`'s): Ctrl+F opens it, or focuses it when open;
 * Ctrl+H opens it with its Replace row; closing it gives the grid back the focus.
 */
export function useFindBar(
  find: { open: Ref<boolean>; show: () => void; close: () => void },
  focus: () => void,
) {
  const findBar = ref<InstanceType<typeof FindBar> | null>(null)

  function openFind(): void {
    if (find.open.value) findBar.value?.focus()
    else find.show()
  }

  /** Ctrl+H: the find bar with its Replace row open. */
  async function openReplace(): Promise<void> {
    find.show()
    await nextTick()
    await findBar.value?.showReplace()
  }

  function closeFind(): void {
    find.close()
    focus()
  }

  return { findBar, openFind, openReplace, closeFind }
}
