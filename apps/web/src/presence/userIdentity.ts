/** Who this browser is in presence: a stable id, a display name, a colour derived from the id. */
export interface UserIdentity {
  id: string
  name: string
  /** False until the user chose a name (or kept the default): the header then asks once. */
  named: boolean
}

export const IDENTITY_KEY = 'cellmate.user'
export const MAX_NAME_LENGTH = 40

/**
 * Colours with enough contrast on white for a 2px outline and white label text, far enough
 * apart to tell ten people apart (Google's collaborator palette is similar).
 */
export const PRESENCE_COLORS = [
  '#1a73e8',
  '#d93025',
  '#188038',
  '#e37400',
  '#9334e6',
  '#007b83',
  '#c2185b',
  '#3f51b5',
  '#8f5e00',
  '#5b7f00',
] as const

/** The same user gets the same colour in every tab and for every viewer. */
export function colorForUser(id: string): string {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return PRESENCE_COLORS[(h >>> 0) % PRESENCE_COLORS.length] as string
}

/** "Ada Lovelace" -> "AL", "guest 1234" -> "G1", "Zoë" -> "Z". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const first = [...(words[0] ?? '?')][0] ?? '?'
  const last = words.length > 1 ? ([...(words[words.length - 1] as string)][0] ?? '') : ''
  return (first + last).toUpperCase()
}

/** A display name as typed, trimmed and collapsed; null when empty. Long names are cut. */
export function cleanName(input: string): string | null {
  const name = input.replace(/\s+/g, ' ').trim()
  if (name === '') return null
  return [...name].slice(0, MAX_NAME_LENGTH).join('')
}

function randomId(): string {
  const bytes = new Uint8Array(9)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** "Guest 1234": what a user is called until they choose. */
export function defaultName(): string {
  const n = new Uint16Array(1)
  crypto.getRandomValues(n)
  return `Guest ${1000 + ((n[0] as number) % 9000)}`
}

/** The stored identity, or a fresh one (saved at once so the id and default name stay put). */
export function loadIdentity(storage: Storage): UserIdentity {
  try {
    const raw: unknown = JSON.parse(storage.getItem(IDENTITY_KEY) ?? 'null')
    if (raw && typeof raw === 'object') {
      const { id, name, named } = raw as Record<string, unknown>
      const clean = typeof name === 'string' ? cleanName(name) : null
      if (typeof id === 'string' && /^[0-9a-z]{8,40}$/.test(id) && clean) {
        return { id, name: clean, named: named === true }
      }
    }
  } catch {
    // A corrupt entry is replaced below.
  }
  const fresh: UserIdentity = { id: randomId(), name: defaultName(), named: false }
  saveIdentity(storage, fresh)
  return fresh
}

export function saveIdentity(storage: Storage, identity: UserIdentity): void {
  try {
    storage.setItem(IDENTITY_KEY, JSON.stringify(identity))
  } catch {
    // Storage full or disabled: the name lasts for this tab only.
  }
}
