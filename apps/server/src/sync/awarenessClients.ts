/**
 * The client ids a y-protocols awareness update speaks for, read without applying it. The
 * format is `varuint count`, then per entry `varuint clientID, varuint clock, varstring state`
 * (y-protocols `encodeAwarenessUpdate`). Returns null when the bytes are not such an update.
 */
export function awarenessClients(update: Uint8Array): number[] | null {
  let pos = 0
  const readVarUint = (): number => {
    let num = 0
    let mult = 1
    for (;;) {
      if (pos >= update.length) throw new RangeError('truncated')
      const byte = update[pos++] as number
      num += (byte & 0x7f) * mult
      if (byte < 0x80) return num
      mult *= 128
      if (mult > 2 ** 53) throw new RangeError('varuint too long')
    }
  }
  try {
    const count = readVarUint()
    if (count > update.length) return null
    const ids: number[] = []
    for (let i = 0; i < count; i++) {
      ids.push(readVarUint())
      readVarUint()
      const len = readVarUint()
      pos += len
      if (pos > update.length) return null
    }
    return ids
  } catch {
    return null
  }
}
