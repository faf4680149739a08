/** A tab's horizontal extent, from `getBoundingClientRect()`. */
export interface TabBox {
  left: number
  width: number
}

/**
 * The gap a dragged tab would be dropped into, 0 (before the first tab) to `tabs.length`
 * (after the last): the number of tabs whose middle is left of the pointer.
 */
export function dropSlot(tabs: readonly TabBox[], x: number): number {
  let slot = 0
  for (const tab of tabs) if (x > tab.left + tab.width / 2) slot++
  return slot
}

/**
 * The tab position (`moveSheet`'s index) of the tab at `from` dropped into gap `slot`, or null
 * when that leaves it where it is (the gaps on either side of it).
 */
export function dropIndex(from: number, slot: number): number | null {
  const to = slot > from ? slot - 1 : slot
  return to === from ? null : to
}
