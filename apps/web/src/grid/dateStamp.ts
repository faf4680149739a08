import type { ShortcutKey } from './commandShortcuts'

/**
 * What Ctrl+; (today's date) or Ctrl+Shift+; (the time now) types, in the cell editor and on
 * a selected cell, as in Excel and Sheets: en-US text the input reads back as a date or a time
 * (`inferValue`: `12/7/2026`, `4:58:21 PM`), so the cell gets that format. Cmd works for Ctrl
 * on macOS. Null for any other key. `code` tells `;` apart on layouts where Shift+; is not `:`.
 */
export function dateStampText(e: ShortcutKey, now: Date = new Date()): string | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null
  const semicolon = e.key === ';' || e.code === 'Semicolon'
  if (e.key === ':' || (semicolon && e.shiftKey)) return timeText(now)
  return semicolon ? dateText(now) : null
}

function dateText(now: Date): string {
  return `${now.getMonth() + 1}/${now.getDate()}/${now.getFullYear()}`
}

function timeText(now: Date): string {
  const hours = now.getHours()
  const pad = (n: number): string => String(n).padStart(2, '0')
  const half = hours < 12 ? 'AM' : 'PM'
  return `${hours % 12 || 12}:${pad(now.getMinutes())}:${pad(now.getSeconds())} ${half}`
}
