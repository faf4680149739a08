/**
 * Several Yjs updates as one binary: each preceded by its length (4 bytes, big-endian). A join
 * answer carries a sheet's state this way (`JoinOk.more`) because Socket.IO decoders accept
 * only a few binary attachments per message.
 */
export function frameSlices(slices: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const s of slices) size += 4 + s.byteLength
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  let at = 0
  for (const s of slices) {
    view.setUint32(at, s.byteLength)
    out.set(s, at + 4)
    at += 4 + s.byteLength
  }
  return out
}

/**
 * The updates `frameSlices` framed, each in a buffer of its own (a view would drag the whole
 * framed buffer along wherever it is stored or cloned, e.g. into IndexedDB); null when
 * malformed.
 */
export function unframeSlices(framed: Uint8Array): Uint8Array[] | null {
  const view = new DataView(framed.buffer, framed.byteOffset, framed.byteLength)
  const out: Uint8Array[] = []
  let at = 0
  while (at < framed.byteLength) {
    if (at + 4 > framed.byteLength) return null
    const len = view.getUint32(at)
    if (at + 4 + len > framed.byteLength) return null
    out.push(framed.slice(at + 4, at + 4 + len))
    at += 4 + len
  }
  return out
}
