/**
 * A strict, bounded reader of the Yjs update format (V1): true when `update` is well formed in
 * every length, count and tag the decoder will follow, ends exactly where its delete set ends,
 * and uses only the struct and content kinds Cellmate writes. Such an update decodes in time
 * linear in its bytes, so it can be checked on the main thread.
 *
 * Yjs' own decoder trusts its input: reading past the end yields `undefined` rather than an
 * error in places, and crafted counts then loop or allocate without bound (yjs#479, #498,
 * #687). This reader never reads past the end, never recurses deeper than `MAX_ANY_DEPTH`, and
 * does no work per element that the element's own bytes do not pay for. What it refuses is
 * not necessarily invalid — only not bounded here: it goes to the worker (`UpdateInspector`).
 *
 * Layout (yjs `lazyStructReaderGenerator`, `readItemContent`, `readDeleteSet`; lib0 `readAny`).
 */
export function isBoundedUpdate(update: Uint8Array): boolean {
  const r = new BoundedReader(update)
  try {
    const clients = r.count()
    for (let c = 0; c < clients; c++) {
      const structs = r.count()
      r.varUint() // client
      r.varUint() // first clock
      for (let s = 0; s < structs; s++) readStruct(r)
    }
    const deleteClients = r.count()
    for (let c = 0; c < deleteClients; c++) {
      r.varUint() // client
      const ranges = r.count()
      for (let d = 0; d < ranges; d++) {
        r.varUint() // clock
        r.varUint() // length
      }
    }
    return r.atEnd()
  } catch (err) {
    if (err === OUT_OF_BOUNDS) return false
    throw err
  }
}

/** Nesting of `ContentAny` values read here; Cellmate writes flat values. */
const MAX_ANY_DEPTH = 8

const OUT_OF_BOUNDS = new Error('not a bounded update')

const BIT6 = 0x20
const BIT7 = 0x40
const BIT8 = 0x80
const BITS5 = 0x1f

/** Content kinds (`info & BITS5`) read here: deleted, binary, string, type, any. */
const CONTENT_DELETED = 1
const CONTENT_BINARY = 3
const CONTENT_STRING = 4
const CONTENT_TYPE = 7
const CONTENT_ANY = 8
/** `info` of a Skip struct; 0 in the low bits is a GC struct. */
const SKIP = 10
/** Type refs of `ContentType` that carry a key (YXmlElement, YXmlHook); 0-6 are the kinds. */
const KEYED_TYPE_REFS = new Set([3, 5])

function readStruct(r: BoundedReader): void {
  const info = r.u8()
  const content = info & BITS5
  if (info === SKIP || content === 0) {
    r.varUint() // length
    return
  }
  const hasOrigin = (info & BIT8) !== 0
  const hasRightOrigin = (info & BIT7) !== 0
  if (hasOrigin) r.id()
  if (hasRightOrigin) r.id()
  if (!hasOrigin && !hasRightOrigin) {
    if (r.varUint() === 1)
      r.skipString() // root name
    else r.id() // parent item
    if ((info & BIT6) !== 0) r.skipString() // key in a map
  }
  switch (content) {
    case CONTENT_DELETED:
      r.varUint()
      return
    case CONTENT_BINARY:
    case CONTENT_STRING:
      r.skipString()
      return
    case CONTENT_TYPE: {
      const ref = r.varUint()
      if (ref > 6) throw OUT_OF_BOUNDS
      if (KEYED_TYPE_REFS.has(ref)) r.skipString()
      return
    }
    case CONTENT_ANY: {
      const n = r.count()
      for (let i = 0; i < n; i++) readAny(r, 0)
      return
    }
    default:
      // JSON, embeds, formats, sub-documents: never written by Cellmate; the worker decides.
      throw OUT_OF_BOUNDS
  }
}

function readAny(r: BoundedReader, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw OUT_OF_BOUNDS
  const tag = r.u8()
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return
    case 125: // integer
      r.varUint()
      return
    case 124: // float32
      r.skip(4)
      return
    case 123: // float64
    case 122: // bigint64
      r.skip(8)
      return
    case 119: // string
    case 116: // Uint8Array
      r.skipString()
      return
    case 118: {
      // object: key, value pairs
      const n = r.count()
      for (let i = 0; i < n; i++) {
        r.skipString()
        readAny(r, depth + 1)
      }
      return
    }
    case 117: {
      const n = r.count()
      for (let i = 0; i < n; i++) readAny(r, depth + 1)
      return
    }
    default:
      throw OUT_OF_BOUNDS
  }
}

class BoundedReader {
  private pos = 0

  constructor(private readonly arr: Uint8Array) {}

  atEnd(): boolean {
    return this.pos === this.arr.length
  }

  u8(): number {
    if (this.pos >= this.arr.length) throw OUT_OF_BOUNDS
    return this.arr[this.pos++] as number
  }

  /** An unsigned varint (lib0 `readVarUint`, and the bits of `readVarInt`) up to 2^53. */
  varUint(): number {
    let num = 0
    let mult = 1
    for (let i = 0; i < 8; i++) {
      const b = this.u8()
      num += (b & 0x7f) * mult
      if (b < 0x80) {
        if (num > Number.MAX_SAFE_INTEGER) throw OUT_OF_BOUNDS
        return num
      }
      mult *= 128
    }
    throw OUT_OF_BOUNDS
  }

  /** A count of elements that each take at least one byte: no more than the bytes left. */
  count(): number {
    const n = this.varUint()
    if (n > this.arr.length - this.pos) throw OUT_OF_BOUNDS
    return n
  }

  id(): void {
    this.varUint()
    this.varUint()
  }

  skip(n: number): void {
    if (n > this.arr.length - this.pos) throw OUT_OF_BOUNDS
    this.pos += n
  }

  /** A length-prefixed string or byte array. */
  skipString(): void {
    this.skip(this.varUint())
  }
}
