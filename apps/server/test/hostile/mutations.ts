import fc from 'fast-check'
import * as Y from 'yjs'

/**
 * Mutations of real Yjs updates for the fuzz target: byte-level damage (truncation, flips,
 * inserted and deleted bytes, bloated varints) and changes to the fields a crafted update
 * plays with (the client id and clock of its structs, duplicates, reordering, merging with
 * other users' updates). Updates are Yjs v1: `numClients`, then per client `numStructs`,
 * `client`, `clock` (varuints) and its structs; the delete set follows.
 */

/** One mutation, as fast-check generates and shrinks it. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'bloatVarint'; at: number }
  | { kind: 'client'; to: ClientChoice }
  | { kind: 'clock'; delta: number }
  | { kind: 'merge'; with: number }

/** Whose client id a swapped update claims. */
export type ClientChoice = 'fresh' | 'victim' | 'colleague' | 'zero' | 'max'

/** Positions are fractions of the update's length, so they shrink and fit any update. */
const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: position,
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    at: position,
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('bloatVarint' as const), at: position }),
  fc.record({
    kind: fc.constant('client' as const),
    to: fc.constantFrom<ClientChoice>('fresh', 'victim', 'colleague', 'zero', 'max'),
  }),
  fc.record({
    kind: fc.constant('clock' as const),
    delta: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(1_000, 1_000_000)),
  }),
  fc.record({ kind: fc.constant('merge' as const), with: fc.nat() }),
)

/** The ids a `client` mutation picks from. */
export interface MutationContext {
  victim: number
  colleague: number
  fresh: () => number
  /** Other recorded updates of the same document, to merge with. */
  others: readonly Uint8Array[]
}

/** Applies `m` to `update`; the result may be anything but an empty array. */
export function mutate(update: Uint8Array, m: Mutation, ctx: MutationContext): Uint8Array {
  const at = (f: number): number => Math.min(update.length - 1, Math.floor(f * update.length))
  switch (m.kind) {
    case 'truncate':
      return update.slice(0, Math.max(1, at(m.at)))
    case 'flip': {
      const out = update.slice()
      out[at(m.at)]! ^= 1 << m.bit
      return out
    }
    case 'set': {
      const out = update.slice()
      out[at(m.at)] = m.value
      return out
    }
    case 'insert': {
      const i = at(m.at)
      return concat(update.slice(0, i), Uint8Array.from(m.bytes), update.slice(i))
    }
    case 'delete': {
      const i = at(m.at)
      const out = concat(update.slice(0, i), update.slice(i + m.length))
      return out.length > 0 ? out : update.slice(0, 1)
    }
    case 'bloatVarint': {
      const i = at(m.at)
      return concat(
        update.slice(0, i),
        Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
        update.slice(i + 1),
      )
    }
    case 'client': {
      const to =
        m.to === 'fresh'
          ? ctx.fresh()
          : m.to === 'victim'
            ? ctx.victim
            : m.to === 'colleague'
              ? ctx.colleague
              : m.to === 'zero'
                ? 0
                : 0xffffffff
      return rewriteFirstGroup(update, (g) => ({ ...g, client: to })) ?? update
    }
    case 'clock':
      return (
        rewriteFirstGroup(update, (g) => ({ ...g, clock: Math.max(0, g.clock + m.delta) })) ??
        update
      )
    case 'merge': {
      const other = ctx.others[m.with % Math.max(1, ctx.others.length)]
      if (!other) return update
      try {
        return Y.mergeUpdates([update, other])
      } catch {
        // A damaged update does not merge: send it as it is.
        return update
      }
    }
  }
}

/** The header of the first struct group of a v1 update. */
interface GroupHeader {
  structs: number
  client: number
  clock: number
}

/**
 * Rewrites the header of the first struct group (client id, first clock) of a v1 update and
 * keeps every other byte; null when the update does not start with a readable header.
 */
export function rewriteFirstGroup(
  update: Uint8Array,
  f: (g: GroupHeader) => GroupHeader,
): Uint8Array | null {
  const groups = readVarUint(update, 0)
  if (!groups || groups.value === 0) return null
  const structs = readVarUint(update, groups.next)
  const client = structs && readVarUint(update, structs.next)
  const clock = client && readVarUint(update, client.next)
  if (!structs || !client || !clock) return null
  const header = f({ structs: structs.value, client: client.value, clock: clock.value })
  const out: number[] = []
  writeVarUint(out, groups.value)
  writeVarUint(out, header.structs)
  writeVarUint(out, header.client)
  writeVarUint(out, header.clock)
  return concat(Uint8Array.from(out), update.slice(clock.next))
}

function readVarUint(buf: Uint8Array, pos: number): { value: number; next: number } | null {
  let value = 0
  let mult = 1
  for (let i = pos; i < buf.length && i < pos + 8; i++) {
    const b = buf[i]!
    value += (b & 0x7f) * mult
    mult *= 128
    if (b < 0x80) return { value, next: i + 1 }
  }
  return null
}

function writeVarUint(out: number[], n: number): void {
  let v = n
  while (v > 0x7f) {
    out.push(0x80 | (v & 0x7f))
    v = Math.floor(v / 128)
  }
  out.push(v)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
