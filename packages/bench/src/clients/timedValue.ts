/**
 * A timed edit's cell value: `~t~<step>|<sentAtEpochMs>|<writer index>.<seq>~`. It carries
 * everything a receiver needs to time it, and the `~t~` marker lets a light client find it in
 * the raw bytes of a Yjs update (strings are stored there as plain UTF-8) without decoding it.
 */
const MARKER = '~t~'
const END = '~'
const MARKER_BYTES = Buffer.from(MARKER, 'latin1')
const END_BYTE = END.charCodeAt(0)

export interface TimedValue {
  step: string
  sentAt: number
  writer: number
}

export function formatTimedValue(
  step: string,
  sentAt: number,
  writer: number,
  seq: number,
): string {
  return `${MARKER}${step}|${sentAt.toFixed(3)}|${writer}.${seq}${END}`
}

/** Parses a cell value written by `formatTimedValue`; null for any other value. */
export function parseTimedValue(value: string): TimedValue | null {
  if (!value.startsWith(MARKER) || !value.endsWith(END)) return null
  const [step, sentAt, who] = value.slice(MARKER.length, -END.length).split('|')
  const writer = Number(who?.split('.')[0])
  const at = Number(sentAt)
  if (step === undefined || !Number.isFinite(at) || !Number.isInteger(writer)) return null
  return { step, sentAt: at, writer }
}

/** Every timed value embedded in `bytes` (e.g. a Yjs update), in order. */
export function findTimedValues(bytes: Uint8Array): TimedValue[] {
  const buf = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: TimedValue[] = []
  for (let at = buf.indexOf(MARKER_BYTES); at >= 0; at = buf.indexOf(MARKER_BYTES, at + 1)) {
    const end = buf.indexOf(END_BYTE, at + MARKER_BYTES.length)
    if (end < 0) break
    const parsed = parseTimedValue(buf.toString('latin1', at, end + 1))
    if (parsed) out.push(parsed)
  }
  return out
}
