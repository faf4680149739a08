import type { CDPSession, Page } from '@playwright/test'
import { expect, test } from '../support/fixtures.js'
import {
  cell,
  cellEditor,
  expectCells,
  formulaInput,
  grid,
  nameBox,
  selectCell,
  waitSaved,
} from '../support/grid.js'

/** The transparent textarea over the active cell that holds the grid's focus. */
const typingTarget = (page: Page) => page.getByTestId('grid-typing')

/**
 * Typing through an IME (Japanese, Chinese, Korean) on a selected cell, not yet edited: the
 * composition shows over the cell and its committed text lands in the cell, as in Google Sheets
 * and Excel. Chromium's DevTools protocol drives the IME as the OS would.
 */
test.describe('IME on a selected cell', () => {
  test('composing にほん and committing 日本 on B2 opens the editor with it; Enter stores it for everyone', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const { page } = alice
    const ime = imeOf(await page.context().newCDPSession(page))

    await selectCell(page, 'B2')
    await expect(grid(page)).toBeFocused()
    await ime.compose('にほん')
    // The composition shows in the editor's frame over B2, where the IME's candidates hang.
    await expect(typingTarget(page)).toHaveValue('にほん')
    await expect(cellEditor(page)).toHaveCount(0)
    const frame = await typingTarget(page).boundingBox()
    const b2 = await cell(page, 'B2').boundingBox()
    expect(frame && b2 && Math.abs(frame.x - b2.x) < 3 && Math.abs(frame.y - b2.y) < 3).toBe(true)
    await page.screenshot({ path: test.info().outputPath('ime-composing.png') })

    await ime.commit('日本')
    await expect(cellEditor(page)).toBeFocused()
    await expect(cellEditor(page)).toHaveValue('日本')
    await expect(typingTarget(page)).toHaveValue('')
    await page.keyboard.press('Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('B3')
    await expectCells([page, bob.page], { B2: '日本' })
    await waitSaved(page)
    expect(await server.readCell(workbook, 'B2')).toBe('日本')
    await page.screenshot({ path: test.info().outputPath('ime-result.png') })

    // A composition given up (Escape in the IME) leaves B3 alone and opens nothing.
    await expect(grid(page)).toBeFocused()
    await ime.compose('か')
    await expect(typingTarget(page)).toHaveValue('か')
    await ime.cancel()
    await expect(typingTarget(page)).toHaveValue('')
    await expect(cellEditor(page)).toHaveCount(0)

    // A click on another cell while composing commits the composition to the cell it began on.
    await ime.compose('か')
    await expect(typingTarget(page)).toHaveValue('か')
    await cell(page, 'D5').click()
    await expect(nameBox(page)).toHaveValue('D5')
    await expectCells([page, bob.page], { B3: 'か', D5: '' })
    await expect(cellEditor(page)).toHaveCount(0)

    // The grid's own keys still work: arrows, copy and paste, typing over a cell.
    await selectCell(page, 'B3')
    await page.keyboard.press('ArrowUp')
    await expect(nameBox(page)).toHaveValue('B2')
    await page.keyboard.press('Control+c')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Control+v')
    await expectCells([page, bob.page], { C2: '日本' })
    await page.keyboard.type('語')
    await expect(cellEditor(page)).toHaveValue('語')
    await page.keyboard.press('Tab')
    await expectCells([page, bob.page], { C2: '語' })
    await expect(nameBox(page)).toHaveValue('D2')
    await waitSaved(page)
    expect(await server.readCell(workbook, 'C2')).toBe('語')
  })
})

/**
 * An IME as the OS drives Chromium's: `compose` shows text still being composed, `commit` ends
 * the composition with its text, `key` is a key the IME takes (keyCode 229), as Enter that
 * confirms or Escape that cancels a composition reaches the page.
 */
function imeOf(session: CDPSession) {
  return {
    compose: (text: string) =>
      session.send('Input.imeSetComposition', {
        text,
        selectionStart: text.length,
        selectionEnd: text.length,
      }),
    commit: (text: string) => session.send('Input.insertText', { text }),
    cancel: () =>
      session.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 }),
    key: async (key: 'Enter' | 'Escape') => {
      const ime = { key, code: key, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 }
      await session.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...ime })
      await session.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: key })
    },
  }
}

test.describe('IME Enter and Escape, Korean syllables, the formula bar and an open editor', () => {
  test('한글, 日本 and 你好吗 land once where they were composed; the IME’s Enter and Escape only confirm or cancel the composition', async ({
    openUser,
    server,
    workbook,
  }) => {
    const alice = await openUser('alice')
    const bob = await openUser('bob')
    const { page } = alice
    const ime = imeOf(await page.context().newCDPSession(page))

    // Korean on a selected cell: each syllable is committed as the next one begins.
    await selectCell(page, 'B2')
    for (const jamo of ['ㅎ', '하', '한']) await ime.compose(jamo)
    await expect(typingTarget(page)).toHaveValue('한')
    await page.screenshot({ path: test.info().outputPath('ime-korean-composing.png') })
    await ime.commit('한')
    for (const jamo of ['ㄱ', '그', '글']) await ime.compose(jamo)
    await expect(cellEditor(page)).toHaveValue('한글')
    // Chromium: Enter reaches the page while the IME still composes, then the IME commits.
    await ime.key('Enter')
    await ime.commit('글')
    await expect(cellEditor(page)).toHaveValue('한글')
    await expect(nameBox(page)).toHaveValue('B2')
    await page.screenshot({ path: test.info().outputPath('ime-korean-committed.png') })
    // The Enter the Korean IME passes on (or the next one) commits the cell.
    await page.keyboard.press('Enter')
    await expect(cellEditor(page)).toBeHidden()
    await expect(nameBox(page)).toHaveValue('B3')

    // Japanese with Safari's order: the composition ends, then its Enter (keyCode 229) arrives.
    await selectCell(page, 'C2')
    for (const kana of ['に', 'にほ', 'にほん', '日本']) await ime.compose(kana)
    await ime.commit('日本')
    await ime.key('Enter')
    await expect(cellEditor(page)).toHaveValue('日本')
    await expect(nameBox(page)).toHaveValue('C2')
    // Escape cancels a composition, not the edit: Chromium's order, then Safari's.
    await ime.compose('ご')
    await expect(cellEditor(page)).toHaveValue('日本ご')
    await ime.key('Escape')
    await ime.cancel()
    await ime.compose('か')
    await ime.cancel()
    await ime.key('Escape')
    await expect(cellEditor(page)).toBeFocused()
    await expect(cellEditor(page)).toHaveValue('日本')
    await page.keyboard.press('Enter')
    await expect(nameBox(page)).toHaveValue('C3')

    // Chinese pinyin in the formula bar.
    await selectCell(page, 'D2')
    await formulaInput(page).click()
    for (const pinyin of ['n', 'ni', 'ni h', 'ni hao']) await ime.compose(pinyin)
    await ime.key('Enter')
    await ime.commit('你好')
    for (const pinyin of ['m', 'ma']) await ime.compose(pinyin)
    await ime.commit('吗')
    await ime.key('Enter')
    await expect(formulaInput(page)).toBeFocused()
    await expect(formulaInput(page)).toHaveValue('你好吗')
    await expect(nameBox(page)).toHaveValue('D2')
    await page.keyboard.press('Enter')
    await expect(grid(page)).toBeFocused()

    // Korean in an editor already open (F2 on an empty cell).
    await selectCell(page, 'E2')
    await page.keyboard.press('F2')
    await expect(cellEditor(page)).toBeFocused()
    for (const jamo of ['ㅅ', '서']) await ime.compose(jamo)
    await ime.commit('서')
    for (const jamo of ['ㅇ', '우', '울']) await ime.compose(jamo)
    await ime.key('Enter')
    await ime.commit('울')
    await expect(cellEditor(page)).toHaveValue('서울')
    await page.keyboard.press('Enter')
    await expect(nameBox(page)).toHaveValue('E3')

    const typed = { B2: '한글', C2: '日本', D2: '你好吗', E2: '서울' }
    await expectCells([page, bob.page], { ...typed, B3: '', C3: '', D3: '', E3: '' })
    await waitSaved(page)
    for (const [address, text] of Object.entries(typed)) {
      expect(await server.readCell(workbook, address)).toBe(text)
    }
  })
})
