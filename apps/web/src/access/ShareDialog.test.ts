import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import {
  RestError,
  type CreatedShareLink,
  type RestClient,
  type ShareLink,
  type ShareLinkRole,
} from '@cellmate/client'
import ShareDialog from './ShareDialog.vue'

/** The link and settings calls of `RestClient`, against an in-memory list. */
class FakeLinks {
  links: ShareLink[] = []
  editorsShareViewLinks = false
  failNextCreate: RestError | null = null
  private n = 0

  client(): RestClient {
    return {
      listLinks: () => Promise.resolve(this.links.map((l) => ({ ...l }))),
      createLink: (_id: string, role: ShareLinkRole): Promise<CreatedShareLink> => {
        if (this.failNextCreate) {
          const err = this.failNextCreate
          this.failNextCreate = null
          return Promise.reject(err)
        }
        const link = {
          id: `l${++this.n}`,
          role,
          createdAt: '2026-11-23T11:30:00.000Z',
          copyable: true,
        }
        this.links.push(link)
        const token = `tok${this.n}`
        return Promise.resolve({ ...link, token, url: `http://cm/w/wb#token=${token}` })
      },
      copyLink: (_id: string, linkId: string) =>
        Promise.resolve({ url: `http://cm/w/wb#token=tok-again-${linkId}` }),
      getSettings: () =>
        Promise.resolve({
          viewersSeeHistory: false,
          editorsShareViewLinks: this.editorsShareViewLinks,
        }),
      updateSettings: (_id: string, next: { editorsShareViewLinks?: boolean }) => {
        this.editorsShareViewLinks = next.editorsShareViewLinks ?? this.editorsShareViewLinks
        return Promise.resolve({
          viewersSeeHistory: false,
          editorsShareViewLinks: this.editorsShareViewLinks,
        })
      },
      revokeLink: (_id: string, linkId: string): Promise<void> => {
        this.links = this.links.filter((l) => l.id !== linkId)
        return Promise.resolve()
      },
    } as unknown as RestClient
  }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const all = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]

describe('ShareDialog', () => {
  let fake: FakeLinks
  let wrapper: VueWrapper
  let opener: HTMLButtonElement
  const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard')

  function open(): VueWrapper {
    opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    return mount(ShareDialog, {
      props: { workbookId: 'wb', title: 'Budget <b>', rest: fake.client() },
      attachTo: document.body,
    })
  }

  beforeEach(() => {
    fake = new FakeLinks()
  })
  afterEach(() => {
    wrapper.unmount()
    document.body.innerHTML = ''
    if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard)
  })

  it('is a labelled modal dialog; the title is text', async () => {
    wrapper = open()
    await flushPromises()
    const dialog = byTestId('share-dialog')
    expect(dialog?.getAttribute('role')).toBe('dialog')
    expect(dialog?.getAttribute('aria-modal')).toBe('true')
    const title = document.getElementById(dialog?.getAttribute('aria-labelledby') ?? '')
    expect(title?.textContent).toBe('Share “Budget <b>”')
    expect(dialog?.querySelector('b')).toBeNull()
    expect(byTestId('no-links')).not.toBeNull()
    expect(document.activeElement).toBe(byTestId('create-edit-link'))
  })

  it('creates a link, shows its URL once, and lists it', async () => {
    wrapper = open()
    await flushPromises()
    byTestId('create-view-link')?.click()
    await flushPromises()
    expect((byTestId('share-url') as HTMLInputElement).value).toBe('http://cm/w/wb#token=tok1')
    expect(byTestId('new-link')?.dataset.role).toBe('view')
    expect(all('share-link').map((li) => li.dataset.role)).toEqual(['view'])
    expect(all('share-link')[0]?.textContent).toMatch(/^Can view\s+created \S/)
  })

  it('without clipboard access, Copy selects the URL and says to press Ctrl+C', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined })
    wrapper = open()
    await flushPromises()
    byTestId('create-edit-link')?.click()
    await flushPromises()
    byTestId('copy-link')?.click()
    await flushPromises()
    const input = byTestId('share-url') as HTMLInputElement
    expect(document.activeElement).toBe(input)
    expect(input.selectionStart).toBe(0)
    expect(input.selectionEnd).toBe(input.value.length)
    expect(byTestId('copy-status')?.textContent).toMatch(/Ctrl\+C/)
  })

  it('copies a listed link again, and switches whether editors may share view links', async () => {
    fake.links = [
      { id: 'a', role: 'view', createdAt: '2026-11-23T11:30:00.000Z', copyable: true },
      { id: 'b', role: 'view', createdAt: '2026-11-23T11:31:00.000Z', copyable: false },
    ]
    wrapper = open()
    await flushPromises()
    // Only links the owner made can be copied again.
    expect(all('copy-existing-link')).toHaveLength(1)
    all('copy-existing-link')[0]?.click()
    await flushPromises()
    expect((byTestId('share-url') as HTMLInputElement).value).toBe(
      'http://cm/w/wb#token=tok-again-a',
    )
    const setting = byTestId('editors-share-view-links') as HTMLInputElement
    expect(setting.checked).toBe(false)
    setting.click()
    await flushPromises()
    expect(fake.editorsShareViewLinks).toBe(true)
  })

  it('revokes only after confirmation, and a cancelled confirmation keeps the link', async () => {
    fake.links = [{ id: 'a', role: 'edit', createdAt: '2026-11-23T11:30:00.000Z', copyable: true }]
    wrapper = open()
    await flushPromises()
    byTestId('revoke-link')?.click()
    await flushPromises()
    const confirm = () => byTestId('confirm-dialog')
    expect(confirm()?.textContent).toMatch(/loses access at once/)
    ;[...(confirm()?.querySelectorAll('button') ?? [])]
      .find((b) => b.textContent?.trim() === 'Cancel')
      ?.click()
    await flushPromises()
    expect(fake.links).toHaveLength(1)
    expect(byTestId('share-dialog')?.contains(document.activeElement)).toBe(true)

    byTestId('revoke-link')?.click()
    await flushPromises()
    ;[...(confirm()?.querySelectorAll('button') ?? [])]
      .find((b) => b.textContent?.trim() === 'Revoke')
      ?.click()
    await flushPromises()
    expect(fake.links).toEqual([])
    expect(byTestId('no-links')).not.toBeNull()
  })

  it('a refused request says why in the dialog', async () => {
    fake.failNextCreate = new RestError(429, { code: 'RATE_LIMITED', message: 'too many' })
    wrapper = open()
    await flushPromises()
    byTestId('create-edit-link')?.click()
    await flushPromises()
    expect(byTestId('share-error')?.textContent).toMatch(/wait a minute/)
    expect(byTestId('new-link')).toBeNull()
  })

  it('Escape closes; Tab keeps the focus inside; the focus returns to where it was', async () => {
    wrapper = open()
    await flushPromises()
    const dialog = byTestId('share-dialog') as HTMLElement
    const last = byTestId('share-done') as HTMLElement
    last.focus()
    last.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }))
    expect(document.activeElement).toBe(byTestId('create-edit-link'))
    byTestId('create-edit-link')?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }),
    )
    expect(document.activeElement).toBe(last)
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(wrapper.emitted('close')).toHaveLength(1)
    wrapper.unmount()
    expect(document.activeElement).toBe(opener)
    wrapper = mount({ template: '<div />' })
  })
})
