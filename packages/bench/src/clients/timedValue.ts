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

const BAR = 0x7c // '|'
const DOT = 0x2e // '.'
const ZERO = 0x30
/** Longest step name read from bytes (the bench's are a few characters). */
const MAX_STEP_BYTES = 64

/** The last step name read, and its bytes: nearly every value in a run names the same step. */
let lastStep = ''
let lastStepBytes = Buffer.alloc(0)

function stepAt(buf: Buffer, from: number, to: number): string {
  const n = to - from
  if (n === lastStepBytes.length) {
    let same = true
    for (let i = 0; i < n; i++) {
      if (buf[from + i] !== lastStepBytes[i]) {
        same = false
        break
      }
    }
    if (same) return lastStep
  }
  lastStep = buf.toString('latin1', from, to)
  lastStepBytes = Buffer.from(buf.subarray(from, to))
  return lastStep
}

/**
 * The timed value whose text starts at `from` (just after the marker), read from the bytes as
 * `formatTimedValue` writes it (`<step>|<digits>[.<digits>]|<digits>.<digits>~`); null for
 * anything else. What `parseTimedValue` returns for that text, without making strings of the
 * numbers: at 1,000 light users a load worker reads ~500,000 values a second.
 */
function readTimedValue(buf: Buffer, from: number): TimedValue | null {
  const limit = Math.min(buf.length, from + MAX_STEP_BYTES)
  let at = from
  while (at < limit && buf[at] !== BAR && buf[at] !== END_BYTE) at++
  if (at >= limit || buf[at] !== BAR || at === from) return null
  const step = stepAt(buf, from, at)
  at++
  // sentAt: digits, optionally a point and digits, as an exact integer count of 10^-scale.
  let units = 0
  let scale = 1
  let digits = 0
  let point = false
  for (; at < buf.length; at++) {
    const c = buf[at] as number
    if (c === DOT && !point) {
      point = true
      continue
    }
    const d = c - ZERO
    if (d < 0 || d > 9) break
    units = units * 10 + d
    if (point) scale *= 10
    digits++
  }
  if (digits === 0 || buf[at] !== BAR || !Number.isSafeInteger(units)) return null
  const sentAt = units / scale
  at++
  let writer = 0
  const writerFrom = at
  for (; at < buf.length; at++) {
    const d = (buf[at] as number) - ZERO
    if (d < 0 || d > 9) break
    writer = writer * 10 + d
  }
  if (at === writerFrom || buf[at] !== DOT) return null
  for (at++; at < buf.length && buf[at] !== END_BYTE; at++) {
    const d = (buf[at] as number) - ZERO
    if (d < 0 || d > 9) return null
  }
  if (at >= buf.length) return null
  return { step, sentAt, writer }
}

/** Every timed value embedded in `bytes` (e.g. a Yjs update), in order. */
export function findTimedValues(bytes: Uint8Array): TimedValue[] {
  const buf = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: TimedValue[] = []
  for (let at = buf.indexOf(MARKER_BYTES); at >= 0; at = buf.indexOf(MARKER_BYTES, at + 1)) {
    const parsed = readTimedValue(buf, at + MARKER_BYTES.length)
    if (parsed) out.push(parsed)
  }
  return out
}
