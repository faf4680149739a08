import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  SheetLayout,
  addComment,
  carryCommentThreads,
  cellKey,
  moveCommentThreads,
  replyToComment,
  commentThreads,
  commentsMap,
  formatKey,
  insertAxis,
  setCommentResolved,
  sheetTypes,
  workbookTypes,
} from '@cellmate/model'
import { RestError } from '@cellmate/client'
import {
  craft,
  deletedOverwrite,
  describeAck,
  forkAs,
  isRefusal,
  sheetDoc,
  updateOf,
  workbookDoc,
  type RawClient,
} from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import type { Victim } from './victim.js'

/**
 * Comments: every field's type and size, and authorship. A comment's author is a session the
 * server knows (the hash of a client key, or a connection), so an editor's hostile update may
 * not write another author's text, take over a comment, remove its fields, or claim another
 * session; and a commenter's update may write comments only. Each update is crafted against
 * a copy of the real document, as an attacker's script builds it: overwrites, removals and new
 * keys, with its own client id or another's.
 */

interface Scene {
  wb: Workbook
  victim: Victim
  /** The victim's thread on A1 and its reply's id. */
  threadId: string
  replyId: string
  attacker: RawClient
  /** The attacker's own session, from its join ack. */
  session: string
  mirror: Y.Doc
}

function a1(doc: Y.Doc): { rowId: string; colId: string } {
  const layout = new SheetLayout(doc)
  const ids = { rowId: layout.rowId(0)!, colId: layout.colId(0)! }
  layout.destroy()
  return ids
}

describe('hostile: comments', () => {
  let bed: HostileBed

  beforeAll(async () => {
    bed = await HostileBed.start()
  })

  afterEach(() => bed.closeClients())

  afterAll(async () => {
    await bed.close()
  })

  /** A victim with a comment on A1 and a cell; an attacker on `token` (an edit link). */
  async function scene(
    name: string,
    attackerToken?: (wb: Workbook) => Promise<string>,
  ): Promise<Scene> {
    const wb = await bed.workbook(name)
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha' })
    const session = victim.sheet.session
    expect(session).toMatch(/^key:/)
    const threadId = addComment(
      victim.doc,
      a1(victim.doc),
      { text: 'why alpha?', author: { id: session!, name: 'Vic' } },
      'victim',
    )
    const replyId = replyToComment(
      victim.doc,
      threadId,
      { text: 'because', author: { id: session!, name: 'Vic' } },
      'victim',
    )
    await victim.flushed()
    const attacker = await bed.attacker(wb, attackerToken && (await attackerToken(wb)))
    const doc = sheetDoc(wb.id, wb.sheetId)
    const ack = await attacker.join(doc)
    const mirror = await attacker.mirror(doc)
    return { wb, victim, threadId, replyId, attacker, session: ack.session!, mirror }
  }

  /** The attack is refused, the victim's comment and cells are intact, and all converge. */
  async function expectRefused(s: Scene, update: Uint8Array): Promise<void> {
    const ack = await s.attacker.send(sheetDoc(s.wb.id, s.wb.sheetId), update)
    expect(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
    // Refused for what it does, not because it could not be read or placed.
    expect(['FORBIDDEN', 'INVALID_UPDATE', 'LIMIT_EXCEEDED', 'CLIENT_ID_TAKEN']).toContain(
      ack.error?.code,
    )
    s.victim.edit({ B1: 'after' })
    await s.victim.flushed()
    const doc = await bed.readDoc(s.wb, sheetDoc(s.wb.id, s.wb.sheetId))
    const [th] = commentThreads(doc, { resolved: true })
    expect(th).toMatchObject({ id: s.threadId, text: 'why alpha?', by: s.victim.sheet.session })
    await bed.expectAcknowledgedPresent(s.wb, s.victim)
    await bed.expectConverged(s.wb, [s.victim])
    await bed.expectHealthy()
  }

  const key = (s: Scene, field: string): string => `${s.threadId}:${field}`

  const editorCases: Array<[string, (s: Scene) => Uint8Array]> = [
    [
      "another author's text overwritten",
      (s) => craft(s.mirror, (d) => commentsMap(d).set(key(s, 'text'), 'I was wrong')),
    ],
    [
      "another author's comment taken over (its author overwritten with one's own session)",
      (s) => craft(s.mirror, (d) => commentsMap(d).set(key(s, 'by'), s.session)),
    ],
    [
      "another author's text removed",
      (s) => craft(s.mirror, (d) => commentsMap(d).delete(key(s, 'text'))),
    ],
    [
      "another author's text replaced by deleted content, with nothing in the delete set",
      (s) => deletedOverwrite(s.mirror, 'comments', key(s, 'text')),
    ],
    [
      "another author's author field replaced by deleted content (a takeover's first step)",
      (s) => deletedOverwrite(s.mirror, 'comments', key(s, 'by')),
    ],
    [
      "another author's thread anchor removed (the thread would vanish)",
      (s) => craft(s.mirror, (d) => commentsMap(d).delete(key(s, 'row'))),
    ],
    [
      "another author's reply made a thread (given an anchor)",
      (s) =>
        craft(s.mirror, (d) => commentsMap(d).set(`${s.replyId}:row`, sheetTypes(d).rows.get(5))),
    ],
    [
      "another author's comment marked deleted by an editor",
      (s) => craft(s.mirror, (d) => commentsMap(d).set(key(s, 'deleted'), true)),
    ],
    [
      "a new comment claiming another author's session",
      (s) =>
        craft(s.mirror, (d) =>
          addComment(d, a1(d), {
            text: 'fake',
            author: { id: s.victim.sheet.session!, name: 'V' },
          }),
        ),
    ],
    [
      "a new comment in another author's name written with that author's client id",
      (s) =>
        craft(
          s.mirror,
          (d) =>
            addComment(d, a1(d), {
              text: 'fake',
              author: { id: s.victim.sheet.session!, name: 'V' },
            }),
          s.victim.clientId,
        ),
    ],
    [
      'a comment of 6,000 characters',
      (s) =>
        craft(s.mirror, (d) => {
          const m = commentsMap(d)
          m.set('x.1:by', s.session)
          m.set('x.1:text', 'x'.repeat(6000))
        }),
    ],
    [
      'a comment text that is a number',
      (s) => craft(s.mirror, (d) => commentsMap(d).set('x.1:text', 42)),
    ],
    [
      'a comment time that is negative',
      (s) => craft(s.mirror, (d) => commentsMap(d).set('x.1:at', -1)),
    ],
    [
      'a comment anchored to a row that is not an id',
      (s) => craft(s.mirror, (d) => commentsMap(d).set('x.1:row', 'row 1')),
    ],
    [
      'a comment field nobody knows',
      (s) => craft(s.mirror, (d) => commentsMap(d).set('x.1:script', 'alert(1)')),
    ],
    [
      'a comment holding a nested map',
      (s) => craft(s.mirror, (d) => commentsMap(d).set('x.1:text', new Y.Map())),
    ],
    [
      'a comment in the old layout (text under a cell key)',
      (s) => craft(s.mirror, (d) => commentsMap(d).set(cellKey(a1(d).rowId, a1(d).colId), 'hi')),
    ],
  ]

  for (const [name, build] of editorCases) {
    it(`an editor's update with ${name} is refused; the comment stays the author's`, async () => {
      const s = await scene(name)
      await expectRefused(s, build(s))
    })
  }

  it("an editor may resolve another author's thread, reply and comment as itself", async () => {
    const s = await scene('editor allowed')
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const update = craft(s.mirror, (d) => {
      setCommentResolved(d, s.threadId, true, { name: 'Eve' })
      addComment(d, a1(d), { text: 'mine', author: { id: s.session, name: 'Eve' } })
    })
    const ack = await s.attacker.send(doc, update)
    expect(describeAck(ack)).toBe('ok')
    const read = await bed.readDoc(s.wb, doc)
    expect(commentThreads(read, { resolved: true }).map((t) => [t.text, t.resolved])).toEqual([
      ['why alpha?', true],
      ['mine', false],
    ])
  })

  it("an editor's cut and paste moves another author's thread with its cell", async () => {
    const s = await scene('editor moves a thread')
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const update = craft(s.mirror, (d) => {
      const rows = sheetTypes(d).rows
      const cols = sheetTypes(d).cols
      moveCommentThreads(
        d,
        new Map([[rows.get(0), rows.get(5)]]),
        new Map([[cols.get(0), cols.get(2)]]),
      )
    })
    const ack = await s.attacker.send(doc, update)
    expect(describeAck(ack)).toBe('ok')
    const read = await bed.readDoc(s.wb, doc)
    const [th] = commentThreads(read)
    expect(th).toMatchObject({ text: 'why alpha?', by: s.victim.sheet.session })
    expect([th!.rowId, th!.colId]).toEqual([
      sheetTypes(read).rows.get(5),
      sheetTypes(read).cols.get(2),
    ])
    expect(th!.replies.map((r) => r.text)).toEqual(['because'])
  })

  it("an editor's cut to another sheet moves its own thread there; another author's cannot be written there", async () => {
    const s = await scene('editor cuts to another sheet')
    const doc1 = sheetDoc(s.wb.id, s.wb.sheetId)
    const sheet2 = await bed.rest(s.wb.token).addSheet(s.wb.id, 'Sheet2')
    const doc2 = sheetDoc(s.wb.id, sheet2.id)
    await s.attacker.join(doc2)
    const f1 = forkAs(s.mirror)
    const f2 = forkAs(await s.attacker.mirror(doc2))
    const eve = { id: s.session, name: 'Eve' }
    const at = (d: Y.Doc, row: number, col: number) => ({
      rowId: sheetTypes(d).rows.get(row) as string,
      colId: sheetTypes(d).cols.get(col) as string,
    })
    const own = updateOf(f1, (d) => {
      const id = addComment(d, at(d, 1, 0), { text: 'mine', author: eve })
      replyToComment(d, id, { text: 'my reply', author: eve })
      setCommentResolved(d, id, true, { name: 'Eve' })
    })
    expect(describeAck(await s.attacker.send(doc1, own))).toBe('ok')
    // A1:A2 cut and pasted at C5 of Sheet2: A1 holds the victim's thread, A2 the editor's.
    const rows = new Map([
      [at(f1, 0, 0).rowId, at(f2, 4, 0).rowId],
      [at(f1, 1, 0).rowId, at(f2, 5, 0).rowId],
    ])
    const cols = new Map([[at(f1, 0, 0).colId, at(f2, 0, 2).colId]])
    const tryCarry = (authorId: string) => {
      const c1 = forkAs(f1)
      const c2 = forkAs(f2)
      const before1 = Y.encodeStateVector(c1)
      const before2 = Y.encodeStateVector(c2)
      const carried = carryCommentThreads(c1, c2, rows, cols, authorId)
      return {
        carried,
        update1: Y.encodeStateAsUpdate(c1, before1),
        update2: Y.encodeStateAsUpdate(c2, before2),
      }
    }

    // The victim's thread written on Sheet2 as a cut would need: its author is not the editor.
    const theirs = tryCarry(s.victim.sheet.session!)
    expect(theirs.carried).toEqual({ moved: 1, kept: 1 })
    const ack2 = await s.attacker.send(doc2, theirs.update2)
    expect(describeAck(ack2)).toBe('FORBIDDEN: a comment may only be written as yourself')
    const ack1 = await s.attacker.send(doc1, theirs.update1)
    expect(describeAck(ack1)).toMatch(/^FORBIDDEN: only its author may remove/)

    const mine = tryCarry(s.session)
    expect(mine.carried).toEqual({ moved: 1, kept: 1 })
    expect(describeAck(await s.attacker.send(doc2, mine.update2))).toBe('ok')
    expect(describeAck(await s.attacker.send(doc1, mine.update1))).toBe('ok')
    const read1 = await bed.readDoc(s.wb, doc1)
    const read2 = await bed.readDoc(s.wb, doc2)
    expect(commentThreads(read1, { resolved: true }).map((t) => [t.text, t.by])).toEqual([
      ['why alpha?', s.victim.sheet.session],
    ])
    const [moved] = commentThreads(read2, { resolved: true })
    expect(moved).toMatchObject({ text: 'mine', by: s.session, resolved: true, resolvedBy: 'Eve' })
    expect([moved!.rowId, moved!.colId]).toEqual([at(read2, 5, 0).rowId, at(read2, 0, 2).colId])
    expect(moved!.replies.map((r) => [r.text, r.by])).toEqual([['my reply', s.session]])
  })

  const commenterCases: Array<[string, (s: Scene) => Uint8Array]> = [
    [
      'a cell written',
      (s) =>
        craft(s.mirror, (d) =>
          sheetTypes(d).cells.setMany([[cellKey(a1(d).rowId, a1(d).colId), 'defaced']]),
        ),
    ],
    [
      'a comment and a cell in one update',
      (s) =>
        craft(s.mirror, (d) => {
          addComment(d, a1(d), { text: 'ok', author: { id: s.session, name: 'C' } })
          sheetTypes(d).cells.setMany([[cellKey(a1(d).rowId, a1(d).colId), 'defaced']])
        }),
    ],
    [
      'a format overwritten',
      (s) =>
        craft(s.mirror, (d) => {
          const { rowId, colId } = a1(d)
          d.getMap('formats').set(formatKey(rowId, colId, 'bold'), true)
        }),
    ],
    [
      "another author's thread moved to another cell",
      (s) => craft(s.mirror, (d) => commentsMap(d).set(key(s, 'row'), sheetTypes(d).rows.get(5))),
    ],
    ['a row inserted', (s) => craft(s.mirror, (d) => insertAxis(d, 'rows', 0, 1))],
    ['the first row removed', (s) => craft(s.mirror, (d) => sheetTypes(d).rows.delete(0, 1))],
    [
      "a cell's entry removed from the cell log",
      (s) => craft(s.mirror, (d) => sheetTypes(d).cells.array.delete(0, 1)),
    ],
  ]

  async function commenterScene(name: string): Promise<Scene> {
    return scene(name, async (wb) => (await bed.rest(wb.token).createLink(wb.id, 'comment')).token)
  }

  for (const [name, build] of commenterCases) {
    it(`a commenter's update with ${name} is refused; cells stay as they were`, async () => {
      const s = await commenterScene(name)
      await expectRefused(s, build(s))
    })
  }

  it("a commenter's overwrites with deleted content are refused; the owner's formats stay", async () => {
    const s = await commenterScene('deleted overwrites')
    const { rowId, colId } = a1(s.victim.doc)
    s.victim.doc.transact(() => {
      s.victim.doc.getMap('formats').set(formatKey(rowId, colId, 'bold'), true)
      s.victim.doc.getMap('colWidths').set(colId, 200)
    })
    await s.victim.flushed()
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const mirror = await s.attacker.mirror(doc)
    for (const [root, k] of [
      ['formats', formatKey(rowId, colId, 'bold')],
      ['colWidths', colId],
    ] as const) {
      const ack = await s.attacker.send(doc, deletedOverwrite(mirror, root, k))
      expect(ack.error?.code, `${root}: ${describeAck(ack)}`).toBe('FORBIDDEN')
    }
    const read = await bed.readDoc(s.wb, doc)
    expect(read.getMap('formats').get(formatKey(rowId, colId, 'bold'))).toBe(true)
    expect(read.getMap('colWidths').get(colId)).toBe(200)
    await bed.expectConverged(s.wb, [s.victim])
  })

  it("a commenter's comment is accepted; renaming a sheet is not", async () => {
    const s = await commenterScene('commenter allowed')
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const ack = await s.attacker.send(
      doc,
      craft(s.mirror, (d) =>
        addComment(d, a1(d), { text: 'looks off', author: { id: s.session, name: 'Cy' } }),
      ),
    )
    expect(describeAck(ack)).toBe('ok')
    const wbMirror = await s.attacker.mirror(workbookDoc(s.wb.id))
    const rename = await s.attacker.send(
      workbookDoc(s.wb.id),
      craft(wbMirror, (d) =>
        (workbookTypes(d).sheetMeta.get(s.wb.sheetId) as Y.Map<unknown>).set('name', 'x'),
      ),
    )
    expect(isRefusal(rename)).toBe(true)
    await bed.expectConverged(s.wb, [s.victim])
  })
})

describe('REST comments: roles and authorship', () => {
  let bed: HostileBed

  beforeAll(async () => {
    bed = await HostileBed.start()
  })

  afterAll(async () => {
    await bed.close()
  })

  async function status(p: Promise<unknown>): Promise<number> {
    try {
      await p
      return 200
    } catch (err) {
      if (err instanceof RestError) return err.status
      throw err
    }
  }

  it('commenters comment but cannot write cells; only authors edit; the owner may delete any', async () => {
    const wb = await bed.workbook('rest comments', { A1: 'x' })
    const owner = bed.rest(wb.token)
    const commentLink = await owner.createLink(wb.id, 'comment')
    const viewLink = await owner.createLink(wb.id, 'view')
    const cy = bed.rest(commentLink.token).withClientKey('cy-secret-key-0123456789')
    const eve = bed.rest(await bed.editToken(wb))
    const viewer = bed.rest(viewLink.token)

    const th = await cy.addComment(wb.id, wb.sheetId, { cell: 'B2', text: 'hi', author: 'Cy' })
    expect(th).toMatchObject({ cell: 'B2', author: 'Cy', mine: true, text: 'hi', replies: [] })
    expect(await status(cy.writeCells(wb.id, wb.sheetId, { A1: 'defaced' }))).toBe(403)
    expect(await status(viewer.addComment(wb.id, wb.sheetId, { cell: 'A1', text: 'no' }))).toBe(403)
    expect((await viewer.listComments(wb.id, wb.sheetId))[0]).toMatchObject({ mine: false })

    await eve.replyToComment(wb.id, wb.sheetId, th.id, { text: 'yes?', author: 'Eve' })
    expect(await status(eve.updateComment(wb.id, wb.sheetId, th.id, { text: 'forged' }))).toBe(403)
    expect(await status(eve.deleteComment(wb.id, wb.sheetId, th.id))).toBe(403)
    await cy.updateComment(wb.id, wb.sheetId, th.id, { text: 'hi there' })

    await owner.insertRows(wb.id, wb.sheetId, 1, 2)
    const moved = await owner.updateComment(wb.id, wb.sheetId, th.id, {
      resolved: true,
      author: 'Olga',
    })
    expect(moved).toMatchObject({
      cell: 'B4',
      text: 'hi there',
      resolved: true,
      resolvedBy: 'Olga',
    })
    expect(moved.replies.map((r) => [r.author, r.text])).toEqual([['Eve', 'yes?']])
    expect(await cy.listComments(wb.id, wb.sheetId)).toEqual([])
    expect(await cy.listComments(wb.id, wb.sheetId, { resolved: true })).toHaveLength(1)

    await owner.deleteComment(wb.id, wb.sheetId, th.id)
    expect(await cy.listComments(wb.id, wb.sheetId, { resolved: true })).toEqual([])
    expect(await status(cy.deleteComment(wb.id, wb.sheetId, th.id))).toBe(404)
    expect((await owner.readCells(wb.id, wb.sheetId, 'A3')).inputs).toEqual([['x']])
  })
})
