import { shallowRef } from 'vue'
import { withSheetNamed, type AxisLookup, type FormulaContext } from '@cellmate/formula'
import { LIMITS } from '@cellmate/protocol'
import { formatRange, type CellFormat, type RangePosition } from '@cellmate/model'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import type { PositionedEdit, SheetSession } from '../sync/sheetSession'
import { blockEdits, pasteTarget } from './cellBlock'
import type { ClipboardAction } from './clipboardMenu'
import {
  gridWidth,
  parseHtmlCells,
  parseTsv,
  toHtmlTable,
  toTsv,
  type CellGrid,
  type FormatGrid,
} from './clipboardFormat'
import { shiftStoredFormula, storedInput } from './formulaShift'
import { copiedMerges, mergeClash, mergesAt, pasteRange, tiledMerges } from './pasteMerges'
import { writeUnlessRefused } from '../validation/writeUnlessRefused'
import type { GridSize } from './gridGeometry'

/**
 * What this tab last copied or cut. The system clipboard holds only text and HTML (what Excel
 * and Google Sheets read); a paste whose text is still this copy's text pastes the raw inputs
 * and formats instead, so formulas shift as in Excel and a cut moves its cells.
 */
interface InternalCopy {
  text: string
  sheetId: string
  range: RangePosition
  raws: CellGrid
  /** What the cells showed: "paste values only" writes these. */
  shown: CellGrid
  formats: FormatGrid
  /** The rows copied (a filter's hidden rows are not), in order. */
  rows: number[]
  /** The merged blocks inside the copied range, relative to its top-left cell. */
  merges: RangePosition[]
  cut: boolean
}

let lastCopy: InternalCopy | null = null

/** Line endings differ once the text has been through the system clipboard. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n').replace(/\n$/, '') === b.replace(/\r\n/g, '\n').replace(/\n$/, '')
}

export interface ClipboardOptions {
  sheet: () => SheetSession
  size: () => GridSize
  /** The selected rectangle. */
  range: () => RangePosition
  /** What a cell shows (its value, formatted): what is copied as text and HTML. */
  display: (row: number, col: number) => string
  formulas: () => FormulaContext
  canEdit: () => boolean
}

/**
 * Copy, cut and paste of cell ranges through the browser's clipboard events (Ctrl/Cmd+C/X/V
 * and the browser's menu), as `text/plain` TSV and a `text/html` table. A paste is one
 * `writeBlock`: one transaction, one undo step, one network update, however many rows.
 */
export function useClipboard(options: ClipboardOptions) {
  const selection = useSelectionStore()
  const notices = useNoticeStore()
  /** The range last copied or cut here, outlined (marching) until a paste or Escape. */
  const copied = shallowRef<RangePosition | null>(null)
  /** Set by Ctrl+Shift+V for the paste event it brings (`onPasteKey`). */
  let pasteValuesNext = false

  /** Rows and columns a whole-row/column selection really needs: up to its last filled cell. */
  function copiedRange(): RangePosition {
    const r = options.range()
    if (selection.span === 'cell') return r
    const { layout } = options.sheet()
    let lastRow = r.start.row
    let lastCol = r.start.col
    for (let row = r.start.row; row <= r.end.row; row++) {
      for (let col = r.start.col; col <= r.end.col; col++) {
        if (layout.cellAt(row, col) !== '') {
          if (row > lastRow) lastRow = row
          if (col > lastCol) lastCol = col
        }
      }
    }
    return { start: r.start, end: { row: lastRow, col: lastCol } }
  }

  /** Reads the selection as TSV and an HTML table and remembers it as this tab's copy. */
  function capture(cut: boolean): { text: string; html: string } {
    const range = copiedRange()
    const shown: CellGrid = []
    const raws: CellGrid = []
    const formats: FormatGrid = []
    const rows: number[] = []
    const sheet = options.sheet()
    const { layout, filters } = sheet
    for (let row = range.start.row; row <= range.end.row; row++) {
      // Only the rows a filter shows are copied, as in Sheets and Excel.
      if (filters.filtered(row)) continue
      rows.push(row)
      const line: string[] = []
      const rawLine: string[] = []
      const formatLine: CellFormat[] = []
      for (let col = range.start.col; col <= range.end.col; col++) {
        line.push(options.display(row, col))
        rawLine.push(layout.cellAt(row, col))
        formatLine.push(sheet.format(row, col))
      }
      shown.push(line)
      raws.push(rawLine)
      formats.push(formatLine)
    }
    const text = toTsv(shown)
    const merges = copiedMerges(sheet, range, rows.length)
    lastCopy = { text, sheetId: sheet.id, range, raws, shown, formats, rows, merges, cut }
    copied.value = range
    return { text, html: toHtmlTable(shown, formats) }
  }

  function write(e: ClipboardEvent, cut: boolean): void {
    if (selection.editing || !e.clipboardData) return
    e.preventDefault()
    const { text, html } = capture(cut)
    e.clipboardData.setData('text/plain', text)
    e.clipboardData.setData('text/html', html)
  }

  /** Copy or cut from the menu: the same data, through the asynchronous clipboard API. */
  async function copyFromMenu(cut: boolean): Promise<void> {
    const { text, html } = capture(cut && options.canEdit())
    try {
      const type = (mime: string, data: string): Blob => new Blob([data], { type: mime })
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/plain': type('text/plain', text),
          'text/html': type('text/html', html),
        }),
      ])
    } catch {
      try {
        await navigator.clipboard.writeText(text)
      } catch {
        notices.show('The browser did not allow copying from the menu; use Ctrl+C.', 'error')
      }
    }
  }

  /** Paste (or paste values only) from the menu, reading the clipboard asynchronously. */
  async function pasteFromMenu(valuesOnly: boolean): Promise<void> {
    if (!options.canEdit()) return
    let text = ''
    let html = ''
    try {
      for (const item of await navigator.clipboard.read()) {
        if (item.types.includes('text/plain'))
          text = await (await item.getType('text/plain')).text()
        if (item.types.includes('text/html')) html = await (await item.getType('text/html')).text()
      }
    } catch {
      notices.show('The browser did not allow pasting from the menu; use Ctrl+V.', 'error')
      return
    }
    pasteText(text, html, valuesOnly)
  }

  function pasteText(text: string, html: string, valuesOnly: boolean): void {
    const own = lastCopy && sameText(text, lastCopy.text) ? lastCopy : null
    const table = own || !html ? null : parseHtmlCells(html)
    const block = own ? (valuesOnly ? own.shown : own.raws) : (table?.texts ?? parseTsv(text))
    if (block.length === 0 || gridWidth(block) === 0) return
    copied.value = null
    // Values only: what the cells showed, typed in as values (formulas, formats and cuts do
    // not travel). Otherwise formats come too, as in Sheets and Excel: this tab's copy's, or
    // another Cellmate tab's from its HTML; anyone else's table leaves the cells' formats.
    if (valuesOnly) paste(block, null, null)
    else paste(block, own, own ? own.formats : (table?.formats ?? null))
  }

  /** Escape: the copied range is no longer outlined (the clipboard keeps its content). */
  function forgetCopied(): void {
    copied.value = null
  }

  function onCopy(e: ClipboardEvent): void {
    write(e, false)
  }

  function onCut(e: ClipboardEvent): void {
    if (!options.canEdit()) {
      onCopy(e)
      return
    }
    write(e, true)
  }

  function onPaste(e: ClipboardEvent): void {
    if (selection.editing || !e.clipboardData) return
    e.preventDefault()
    if (!options.canEdit()) {
      notices.show('You can only view this sheet, so nothing was pasted.', 'info')
      return
    }
    const valuesOnly = pasteValuesNext
    pasteValuesNext = false
    const { clipboardData } = e
    pasteText(clipboardData.getData('text/plain'), clipboardData.getData('text/html'), valuesOnly)
  }

  /**
   * Ctrl+Shift+V: the paste event that follows pastes values only, as in Sheets (the event
   * itself does not tell a plain paste from this one).
   */
  function onPasteKey(e: KeyboardEvent): void {
    pasteValuesNext = e.shiftKey && !e.altKey && (e.ctrlKey || e.metaKey) && e.code === 'KeyV'
  }

  function paste(block: CellGrid, own: InternalCopy | null, formats: FormatGrid | null): void {
    const sheet = options.sheet()
    const target = pasteTarget(
      pasteRange(options.range(), block, sheet),
      block.length,
      gridWidth(block),
    )
    const needed = { rows: target.end.row + 1, cols: target.end.col + 1 }
    if (needed.rows > LIMITS.maxRows || needed.cols > LIMITS.maxCols) {
      notices.show(
        `The pasted cells would reach past the sheet's limit of ${LIMITS.maxRows.toLocaleString('en-US')} rows and ${LIMITS.maxCols.toLocaleString('en-US')} columns; nothing was pasted.`,
        'error',
      )
      return
    }
    const ctx = options.formulas()
    const moving = own?.cut === true
    // A cut pasted on another sheet moves too: the source empties there (`moveCells`).
    const fromSheetId = moving && own.sheetId !== sheet.id ? own.sheetId : undefined
    const fromRow = own ? own.range.start.row : 0
    const fromCol = own ? own.range.start.col : 0
    const edits: PositionedEdit[] = []
    /** Where a cut's cells go (rows a filter hid stay, and the rest close up, as copied). */
    const moved = { rows: new Map<number, number>(), cols: new Map<number, number>(), fromSheetId }
    if (moving) {
      // A cut moves: the source empties (where the paste does not cover it), the moved formulas
      // keep pointing where they pointed and references to the moved cells follow them, as in
      // Excel. A cut leaves the rows a filter hides alone: they were not copied.
      for (const row of own.rows) {
        moved.rows.set(row, target.start.row + moved.rows.size)
        for (let col = own.range.start.col; col <= own.range.end.col; col++) {
          moved.cols.set(col, target.start.col + col - fromCol)
          if (fromSheetId !== undefined) continue
          const covered =
            row >= target.start.row &&
            row <= target.end.row &&
            col >= target.start.col &&
            col <= target.end.col
          // Its format moves too.
          if (!covered) edits.push({ row, col, value: '', format: {} })
        }
      }
    }
    const pastedWith = (context: FormulaContext): PositionedEdit[] => {
      const pasted = blockEdits(block, target, (value, dRow, dCol) => {
        if (!own) return storedInput(value, context)
        // Moved to another sheet, a formula keeps reading the sheet it was on.
        if (moving) return fromSheetId === undefined ? value : withSheetNamed(value, own.sheetId)
        const rows = target.start.row + dRow - fromRow
        const cols = target.start.col + dCol - fromCol
        return shiftStoredFormula(value, rows, cols, context, own.sheetId)
      })
      if (formats) withFormats(pasted, formats, target)
      return pasted
    }
    edits.push(...pastedWith(ctx))
    // A copy's formulas pasted into the rows and columns the paste adds anchor to them (a cut's
    // keep their stored form, so `moveBlock` needs no `regrown`).
    const regrown = (layout: AxisLookup): PositionedEdit[] =>
      pastedWith({ ...ctx, layout: (id) => (id === sheet.id ? layout : ctx.layout(id)) })
    const size = options.size()
    const grown = { rows: Math.max(size.rows, needed.rows), cols: Math.max(size.cols, needed.cols) }
    // A copy's merged blocks are pasted merged, as in Sheets and Excel, and a cut's move: they
    // leave the cells cut, on this sheet (`writeBlock`'s `unmerge`) or the one cut from.
    const merges = own ? tiledMerges(own.merges, target, block.length, gridWidth(block)) : []
    const cutMerges = moving ? mergesAt(own.merges, own.range.start) : []
    const clash = mergeClash(sheet, target, merges, fromSheetId === undefined ? cutMerges : [])
    if (clash) {
      notices.show(
        `The pasted merged cells would overlap the merged cells ${formatRange(clash)}; unmerge them first. Nothing was pasted.`,
        'error',
      )
      return
    }
    writeUnlessRefused(
      sheet.validations,
      edits,
      'pasted',
      () => {
        try {
          if (moving) {
            const kept = sheet.moveBlock(edits, grown, { ...moved, merges: cutMerges }, merges)
            if (kept > 0) notices.show(commentsKeptNotice(kept), 'info')
          } else {
            sheet.writeBlock(edits, grown, { growTables: true, regrown, merges })
          }
        } catch (err) {
          notices.showError(err)
          return
        }
        if (moving) lastCopy = null
        selection.selectRange(target.start, target.end, target.start)
      },
      (message) => notices.show(message, 'error'),
    )
  }

  /** The menus' Cut, Copy, Paste, Paste values only and Clear. */
  function runAction(action: ClipboardAction): void {
    if (action === 'copy' || action === 'cut') void copyFromMenu(action === 'cut')
    else if (action === 'paste' || action === 'pasteValues') {
      void pasteFromMenu(action === 'pasteValues')
    } else options.sheet().clear(options.range())
  }

  return {
    onCopy,
    onCut,
    onPaste,
    onPasteKey,
    copyFromMenu,
    pasteFromMenu,
    runAction,
    copied,
    forgetCopied,
  }
}

/** Gives each pasted cell the format of the copied cell it comes from (tiled like the block). */
function withFormats(edits: PositionedEdit[], formats: FormatGrid, target: RangePosition): void {
  const h = formats.length
  const w = gridWidth(formats)
  for (const edit of edits) {
    const line = formats[(edit.row - target.start.row) % h]
    edit.format = line?.[(edit.col - target.start.col) % w] ?? {}
  }
}

/**
 * Why comment threads stayed behind when cells were cut to another sheet: only a comment's
 * author may write it there (`carryCommentThreads`).
 */
function commentsKeptNotice(kept: number): string {
  const threads = kept === 1 ? '1 comment thread' : `${kept} comment threads`
  return `${threads} stayed on the sheet the cells were cut from: someone else wrote in ${kept === 1 ? 'it' : 'them'}, and only a comment's author can move it to another sheet.`
}
