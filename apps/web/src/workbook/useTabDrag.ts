import { ref, type Ref } from 'vue'
import { dropIndex, dropSlot } from './tabDrop'

/** Type of the drag data, so a tab dropped on another app (or a link on the tabs) is ignored. */
const DRAG_TYPE = 'application/x-cellmate-sheet'

/**
 * Reordering tabs by HTML5 drag and drop. While a tab is dragged over the tab strip,
 * `indicator` is the x (relative to the strip) of the gap it would land in.
 */
export function useTabDrag(strip: Ref<HTMLElement | null>, move: (id: string, to: number) => void) {
  const dragging = ref<{ id: string; from: number } | null>(null)
  const indicator = ref<number | null>(null)

  function tabBoxes(): DOMRect[] {
    const el = strip.value
    if (!el) return []
    return [...el.querySelectorAll<HTMLElement>('[role="tab"]')].map((t) =>
      t.getBoundingClientRect(),
    )
  }

  function start(e: DragEvent, id: string, from: number): void {
    dragging.value = { id, from }
    if (e.dataTransfer) {
      e.dataTransfer.effectAllowed = 'move'
      e.dataTransfer.setData(DRAG_TYPE, id)
    }
  }

  function over(e: DragEvent): void {
    if (!dragging.value || !strip.value) return
    e.preventDefault()
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move'
    const boxes = tabBoxes()
    const slot = dropSlot(boxes, e.clientX)
    const stripLeft = strip.value.getBoundingClientRect().left
    const edge = slot < boxes.length ? boxes[slot]?.left : boxes[boxes.length - 1]?.right
    indicator.value = edge === undefined ? null : edge - stripLeft
  }

  function drop(e: DragEvent): void {
    const drag = dragging.value
    end()
    if (!drag) return
    e.preventDefault()
    const to = dropIndex(drag.from, dropSlot(tabBoxes(), e.clientX))
    if (to !== null) move(drag.id, to)
  }

  function leave(e: DragEvent): void {
    // Leaving a tab for its neighbour also fires dragleave; only leaving the strip counts.
    if (!strip.value?.contains(e.relatedTarget as Node | null)) indicator.value = null
  }

  function end(): void {
    dragging.value = null
    indicator.value = null
  }

  return { dragging, indicator, start, over, drop, leave, end }
}
