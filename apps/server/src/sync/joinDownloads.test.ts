import { describe, expect, it } from 'vitest'
import { JOIN_DOWNLOAD_PATH } from '@cellmate/protocol'
import { DOWNLOAD_TTL_MS, JoinDownloads, MAX_DOWNLOADS_PER_OWNER } from './joinDownloads.js'

const ticketOf = (path: string) => path.slice(JOIN_DOWNLOAD_PATH.length + 1)

describe('JoinDownloads', () => {
  it('gives a body once, under an unguessable ticket', () => {
    const downloads = new JoinDownloads()
    const body = new Uint8Array([1, 2, 3])
    const a = downloads.issue('s1', body)
    const b = downloads.issue('s1', body)
    expect(a).not.toBe(b)
    expect(ticketOf(a)).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(downloads.take(ticketOf(a))).toBe(body)
    expect(downloads.take(ticketOf(a))).toBeUndefined()
    expect(downloads.take('nope')).toBeUndefined()
    expect(downloads.size).toBe(1)
  })

  it('expires after its time, and expired ones are swept when the next is issued', () => {
    let now = 1_000
    const downloads = new JoinDownloads(() => now)
    const old = downloads.issue('s1', new Uint8Array(1))
    const other = downloads.issue('s2', new Uint8Array(1))
    now += DOWNLOAD_TTL_MS
    expect(downloads.take(ticketOf(old))).toBeUndefined()
    downloads.issue('s3', new Uint8Array(1))
    expect(downloads.size).toBe(1)
    expect(downloads.take(ticketOf(other))).toBeUndefined()
  })

  it("dies with its connection, leaving others' alone", () => {
    const downloads = new JoinDownloads()
    const mine = downloads.issue('s1', new Uint8Array(1))
    const theirs = downloads.issue('s2', new Uint8Array([9]))
    downloads.dropOwner('s1')
    expect(downloads.take(ticketOf(mine))).toBeUndefined()
    expect(downloads.take(ticketOf(theirs))).toEqual(new Uint8Array([9]))
  })

  it('keeps at most a few per connection: a new one drops the oldest', () => {
    const downloads = new JoinDownloads()
    const paths = Array.from({ length: MAX_DOWNLOADS_PER_OWNER + 2 }, (_, i) =>
      downloads.issue('s1', new Uint8Array([i])),
    )
    downloads.issue('s2', new Uint8Array(1))
    expect(downloads.size).toBe(MAX_DOWNLOADS_PER_OWNER + 1)
    expect(downloads.take(ticketOf(paths[0]!))).toBeUndefined()
    expect(downloads.take(ticketOf(paths[1]!))).toBeUndefined()
    expect(downloads.take(ticketOf(paths.at(-1)!))).toEqual(new Uint8Array([paths.length - 1]))
  })
})
