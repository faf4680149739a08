import { describe, expect, it, vi } from 'vitest'
import { RestClient, RestError } from '@cellmate/client'
import { loadRecent, type RecentStorage } from '../home/recentWorkbooks'
import {
  filesLabel,
  importAsNewWorkbook,
  importNoticeText,
  saveDownload,
  transferErrorText,
} from './fileTransfer'

function memoryStorage(): RecentStorage {
  const data = new Map<string, string>()
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

const file = (name: string) => new File(['a,b'], name, { type: 'text/csv' })

describe('file transfer in the browser', () => {
  it('says what an import left out, the first four and how many more', () => {
    expect(importNoticeText([])).toBeNull()
    expect(importNoticeText(['"Q3": 2 merged ranges are not kept.'])).toBe(
      'Imported. What Cellmate cannot keep yet: "Q3": 2 merged ranges are not kept.',
    )
    const many = importNoticeText(['a', 'b', 'c', 'd', 'e', 'f'])
    expect(many).toBe('Imported. What Cellmate cannot keep yet: a; b; c; d; and 2 more.')
  })

  it('names the files a message is about', () => {
    expect(filesLabel([file('a.csv')])).toBe('"a.csv"')
    expect(filesLabel([file('a.csv'), file('b.xlsx')])).toBe('"a.csv" and "b.xlsx"')
    expect(filesLabel([file('a'), file('b'), file('c')])).toBe('3 files')
  })

  it("gives the server's reason for a refused file, or says the server is unreachable", () => {
    const refused = new RestError(413, {
      code: 'LIMIT_EXCEEDED',
      message: 'the file is larger than 20 MB, the import limit',
    })
    expect(transferErrorText('Could not import "big.csv"', refused)).toBe(
      'Could not import "big.csv": the file is larger than 20 MB, the import limit',
    )
    expect(transferErrorText('Could not import "a.csv"', new TypeError('fetch failed'))).toMatch(
      /server could not be reached/,
    )
  })

  it('an imported workbook is remembered with its owner token and opened', async () => {
    const api = new RestClient('')
    vi.spyOn(api, 'importWorkbook').mockResolvedValue({
      id: 'wb1',
      title: 'People',
      sheets: [{ id: 's1', name: 'People' }],
      token: 'owner-token',
      url: 'http://x/w/wb1#token=owner-token',
      notices: [],
    })
    const storage = memoryStorage()
    expect(await importAsNewWorkbook(api, [file('People.csv')], storage)).toEqual({
      path: '/w/wb1',
      notices: [],
    })
    expect(loadRecent(storage)[0]).toMatchObject({
      id: 'wb1',
      title: 'People',
      token: 'owner-token',
    })
  })

  it('a download is saved through an object URL, never a URL with the token', () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:cellmate/1')
    const clicked: string[] = []
    const original = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`)
    }
    try {
      saveDownload({ filename: 'Sheet1.csv', blob: new Blob(['a,b']) })
      expect(clicked).toEqual(['Sheet1.csv blob:cellmate/1'])
      expect(document.querySelector('a[download]')).toBeNull()
    } finally {
      HTMLAnchorElement.prototype.click = original
      create.mockRestore()
    }
  })
})
