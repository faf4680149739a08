/**
 * `@name` mentions in comment text. A mention is `@` followed by the name of someone who is
 * or recently was in the workbook (longest name first, any case), at the start of the text or
 * after a space or punctuation, and not followed by a letter or digit: so `@Ana` in
 * "thanks @Ana!" is one, `@Anabel` is not Ana's, and an e-mail address is none.
 */

/** A piece of comment text: plain, or a mention of `name` (as the person spells it). */
export interface TextSegment {
  text: string
  mention?: string
}

const WORD = /[\p{L}\p{N}_]/u

export function mentionSegments(text: string, names: readonly string[]): TextSegment[] {
  const sorted = [...new Set(names.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length)
  const out: TextSegment[] = []
  let plain = ''
  for (let i = 0; i < text.length; i++) {
    const prev = i > 0 ? (text[i - 1] as string) : ''
    if (text[i] === '@' && !WORD.test(prev)) {
      const rest = text.slice(i + 1)
      const name = sorted.find(
        (n) =>
          rest.slice(0, n.length).toLowerCase() === n.toLowerCase() &&
          !WORD.test(rest[n.length] ?? ''),
      )
      if (name) {
        if (plain) out.push({ text: plain })
        plain = ''
        out.push({ text: text.slice(i, i + 1 + name.length), mention: name })
        i += name.length
        continue
      }
    }
    plain += text[i]
  }
  if (plain) out.push({ text: plain })
  return out
}

/** Whether `text` mentions `name`. */
export function mentions(text: string, name: string, names: readonly string[]): boolean {
  const me = name.toLowerCase()
  return mentionSegments(text, [...names, name]).some((s) => s.mention?.toLowerCase() === me)
}

/**
 * The `@` word being typed at `caret` (for suggestions): where it starts and what follows the
 * `@` so far; null when the caret is not in one.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const at = before.lastIndexOf('@')
  if (at < 0 || (at > 0 && WORD.test(before[at - 1] as string))) return null
  const query = before.slice(at + 1)
  if (query.length > 40 || /[\n@]/.test(query) || /\s\s/.test(query)) return null
  return { start: at, query }
}

/** Names that start with (then contain) `query`, any case, at most `max`. */
export function suggestNames(names: readonly string[], query: string, max = 6): string[] {
  const q = query.toLowerCase()
  const unique = [...new Set(names)]
  const starts = unique.filter((n) => n.toLowerCase().startsWith(q))
  const contains = unique.filter((n) => !starts.includes(n) && n.toLowerCase().includes(q))
  return [...starts, ...contains].slice(0, max)
}
