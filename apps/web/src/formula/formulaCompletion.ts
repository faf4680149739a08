/**
 * Reading a formula as it is typed, for autocomplete: the function name being typed at the
 * caret, the call the caret is inside (for the argument hint), and the closing parentheses
 * Enter adds. Text in double quotes is never a name or a parenthesis.
 */

const NAME_CHAR = /[A-Za-z0-9_.]/
const STARTS_TERM = new Set(['=', '+', '-', '*', '/', '^', '&', '(', ',', ';', '<', '>', ' '])

/** Where each character is inside a string literal. */
function inStrings(text: string): boolean[] {
  const out: boolean[] = []
  let open = false
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') {
      if (open && text[i + 1] === '"') {
        out.push(true, true)
        i++
        continue
      }
      out.push(true)
      open = !open
    } else {
      out.push(open)
    }
  }
  return out
}

/** The function name being typed just before the caret (`=VLO|` -> `VLO` at 1), or null. */
export function nameAt(text: string, caret: number): { start: number; prefix: string } | null {
  if (!text.startsWith('=') || caret > text.length) return null
  if (NAME_CHAR.test(text[caret] ?? '') || text[caret] === '(') return null
  let start = caret
  while (start > 1 && NAME_CHAR.test(text[start - 1] ?? '')) start--
  const prefix = text.slice(start, caret)
  if (!/^[A-Za-z]/.test(prefix)) return null
  if (!STARTS_TERM.has(text[start - 1] ?? '')) return null
  if (inStrings(text)[start]) return null
  return { start, prefix }
}

/** The innermost function call open at the caret and which argument (0-based) it is in. */
export function callAt(text: string, caret: number): { name: string; arg: number } | null {
  if (!text.startsWith('=')) return null
  const strings = inStrings(text)
  const stack: Array<{ name: string; arg: number }> = []
  for (let i = 0; i < Math.min(caret, text.length); i++) {
    if (strings[i]) continue
    const c = text[i]
    if (c === '(') {
      let s = i
      while (s > 0 && NAME_CHAR.test(text[s - 1] ?? '')) s--
      stack.push({ name: text.slice(s, i).toUpperCase(), arg: 0 })
    } else if (c === ')') {
      stack.pop()
    } else if (c === ',' || c === ';') {
      const top = stack[stack.length - 1]
      if (top) top.arg++
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const call = stack[i]
    if (call && call.name !== '') return call
  }
  return null
}

/** A formula with the parentheses it left open closed, as Sheets and Excel do on Enter. */
export function closeParens(text: string): string {
  if (!text.startsWith('=')) return text
  const strings = inStrings(text)
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    if (strings[i]) continue
    if (text[i] === '(') depth++
    else if (text[i] === ')' && depth > 0) depth--
  }
  return depth > 0 ? text + ')'.repeat(depth) : text
}
