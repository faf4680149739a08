import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  commentThreads,
  commentsMap,
  replyToComment,
  sheetTypes,
} from '@cellmate/model'
import { waitUntil } from '../support/testServer.js'
import {
  craft,
  deleteSetUpdate,
  deletedOverwrite,
  describeAck,
  isRefusal,
  itemBetween,
  pendingStructs,
  randomClientId,
  sheetDoc,
  type RawClient,
} from './attacks.js'
import { HostileBed, type Workbook } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'
import type { Victim } from './victim.js'

/**
 * A comment thread's anchor (its `row` and `col` entries) and another author's thread, under
 * updates crafted at the level of Yjs items rather than through a Y.Map: delete sets naming
 * them, deleted content written over them (live and already deleted entries), items whose two
 * neighbours lie in different places (a comment entry on one side, the `rows` list or the cell
 * log on the other), pending structs and another client's id. Each is sent by an editor and by
 * a commenter against a mirror of the real document, and each must be refused: the ack says so,
 * the other participants never receive it, and the server's document (in memory and stored)
 * is exactly what it was.
 */

interface Scene {
  wb: Workbook
  victim: Victim
  threadId: string
  replyId: string
  attacker: RawClient
  /** Another participant, joined before the attack, that must never see it. */
  observer: RawClient
  mirror: Y.Doc
}

/** The live item of `key` in the `comments` map, and the one it replaced (deleted). */
function entry(doc: Y.Doc, key: string): { live: Y.Item; replaced: Y.Item | null } {
  const live = commentsMap(doc)._map.get(key)
  if (!live) throw new Error(`no comment entry "${key}"`)
  return { live, replaced: live.left }
}

/** The item of the `rows` list that holds row `index` (its first clock with `.id`). */
function rowItem(doc: Y.Doc, index: number): Y.ID {
  let n = sheetTypes(doc).rows._start
  let i = index
  for (; n; n = n.right) {
    if (n.deleted || !n.countable) continue
    if (i < n.length) return Y.createID(n.id.client, n.id.clock + i)
    i -= n.length
  }
  throw new Error(`no row ${index}`)
}

/** The first item of the cell log. */
function cellLogItem(doc: Y.Doc): Y.ID {
  const first = sheetTypes(doc).cells.array._start
  if (!first) throw new Error('the cell log is empty')
  return first.id
}

const key = (s: Scene, field: string): string => `${s.threadId}:${field}`

type Attack = [name: string, build: (s: Scene) => Uint8Array]

/** Refused whoever sends it (an editor or a commenter). */
const attacks: Attack[] = [
  [
    "a delete set naming the thread's row anchor",
    (s) => deleteSetUpdate([{ ...entry(s.mirror, key(s, 'row')).live.id, len: 1 }]),
  ],
  [
    "a delete set naming the thread's column anchor",
    (s) => deleteSetUpdate([{ ...entry(s.mirror, key(s, 'col')).live.id, len: 1 }]),
  ],
  [
    "a delete set naming another author's text",
    (s) => deleteSetUpdate([{ ...entry(s.mirror, key(s, 'text')).live.id, len: 1 }]),
  ],
  [
    "a delete set naming the reply's thread",
    (s) => deleteSetUpdate([{ ...entry(s.mirror, `${s.replyId}:thread`).live.id, len: 1 }]),
  ],
  [
    'a delete set covering everything the author wrote, in 200 overlapping ranges',
    (s) => {
      const len = Y.getState(s.mirror.store, s.victim.clientId)
      return deleteSetUpdate(
        Array.from({ length: 200 }, () => ({ client: s.victim.clientId, clock: 0, len })),
      )
    },
  ],
  [
    'the row anchor replaced by deleted content (nothing in the delete set)',
    (s) => deletedOverwrite(s.mirror, 'comments', key(s, 'row')),
  ],
  [
    "the column anchor replaced by deleted content, with the author's client id",
    (s) => deletedOverwrite(s.mirror, 'comments', key(s, 'col'), s.victim.clientId),
  ],
  [
    'deleted content written after the deleted (replaced) row anchor entry',
    (s) => itemBetween(s.mirror, entry(s.mirror, key(s, 'row')).replaced!.id, null, null),
  ],
  [
    'deleted content after the deleted row anchor, placed before the live one',
    (s) => {
      const { live, replaced } = entry(s.mirror, key(s, 'row'))
      return itemBetween(s.mirror, replaced!.id, live.id, null)
    },
  ],
  [
    "another author's text replaced after its deleted entry, by the largest client id",
    (s) => {
      const { replaced } = entry(s.mirror, key(s, 'text'))
      return itemBetween(s.mirror, replaced!.id, null, 'I was wrong', 0x7fffffff)
    },
  ],
  [
    'an id inserted between the row anchor (left) and the rows list (right)',
    (s) =>
      itemBetween(s.mirror, entry(s.mirror, key(s, 'row')).live.id, rowItem(s.mirror, 3), 'r.x1'),
  ],
  [
    'an id inserted between the rows list (left) and the row anchor (right)',
    (s) =>
      itemBetween(
        s.mirror,
        rowItem(s.mirror, 3),
        entry(s.mirror, key(s, 'row')).live.id,
        sheetTypes(s.mirror).rows.get(5),
      ),
  ],
  [
    "text inserted between the cell log (left) and another author's text (right)",
    (s) =>
      itemBetween(
        s.mirror,
        cellLogItem(s.mirror),
        entry(s.mirror, key(s, 'text')).live.id,
        'I was wrong',
      ),
  ],
  [
    'a cell entry inserted between the text (left) and the cell log (right)',
    (s) => {
      const { rows, cols } = sheetTypes(s.mirror)
      const value = `${rows.get(2)}:${cols.get(2)}:planted`
      return itemBetween(
        s.mirror,
        entry(s.mirror, key(s, 'text')).live.id,
        cellLogItem(s.mirror),
        value,
      )
    },
  ],
  [
    'the row anchor overwritten after an item nobody has (pending)',
    (s) =>
      itemBetween(
        s.mirror,
        Y.createID(s.victim.clientId, Y.getState(s.mirror.store, s.victim.clientId) + 5),
        null,
        sheetTypes(s.mirror).rows.get(5),
      ),
  ],
  [
    'the row anchor removed by structs five clocks ahead (pending)',
    (s) => pendingStructs(s.mirror, (d) => commentsMap(d).delete(key(s, 'row')), undefined, 5),
  ],
  [
    "the row anchor removed with the author's client id",
    (s) => craft(s.mirror, (d) => commentsMap(d).delete(key(s, 'row')), s.victim.clientId),
  ],
  [
    "another author's text overwritten with the author's client id",
    (s) => craft(s.mirror, (d) => commentsMap(d).set(key(s, 'text'), 'forged'), s.victim.clientId),
  ],
]

/** Refused from a commenter; an editor may move a thread (a cut and paste does). */
const commenterAttacks: Attack[] = [
  [
    'the thread moved by a value written after its deleted row anchor entry',
    (s) =>
      itemBetween(
        s.mirror,
        entry(s.mirror, key(s, 'row')).replaced!.id,
        null,
        sheetTypes(s.mirror).rows.get(5),
        0x7fffffff,
      ),
  ],
  [
    "the thread moved with the author's client id",
    (s) =>
      craft(
        s.mirror,
        (d) => commentsMap(d).set(key(s, 'row'), sheetTypes(d).rows.get(5)),
        s.victim.clientId,
      ),
  ],
]

describe("hostile: a comment thread's anchor and another author's thread", () => {
  let bed: HostileBed
  hostileSuite(async () => (bed = await HostileBed.start()))

  /**
   * A victim's thread (with a reply) on A1 whose row anchor and text were each written twice
   * (the first entries are deleted, as after a move there and back or an edit), and an
   * attacker holding an edit or a comment link.
   */
  async function scene(name: string, role: 'edit' | 'comment'): Promise<Scene> {
    const wb = await bed.workbook(name)
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'alpha', B2: 'beta' })
    const session = victim.sheet.session!
    const anchor = { rowId: victim.layout.rowId(0)!, colId: victim.layout.colId(0)! }
    const threadId = addComment(victim.doc, anchor, {
      text: 'why alpha?',
      author: { id: session, name: 'Vic' },
    })
    const replyId = replyToComment(victim.doc, threadId, {
      text: 'because',
      author: { id: session, name: 'Vic' },
    })
    await victim.flushed()
    victim.doc.transact(() => {
      commentsMap(victim.doc).set(`${threadId}:row`, anchor.rowId)
      commentsMap(victim.doc).set(`${threadId}:text`, 'why alpha?')
    })
    await victim.flushed()
    expect(victim.refusals).toEqual([])
    const token = (await bed.rest(wb.token).createLink(wb.id, role)).token
    const attacker = await bed.attacker(wb, token)
    const observer = await bed.attacker(wb, wb.token)
    const doc = sheetDoc(wb.id, wb.sheetId)
    await observer.mirror(doc)
    const mirror = await attacker.mirror(doc)
    return { wb, victim, threadId, replyId, attacker, observer, mirror }
  }

  /** The server's copy of the sheet, in memory and as stored: state vector and delete set. */
  async function serverState(wb: Workbook): Promise<{ held: Uint8Array; stored: Uint8Array }> {
    const doc = sheetDoc(wb.id, wb.sheetId)
    const held = await bed.server.registry.use(doc, (e) => Y.encodeSnapshot(Y.snapshot(e.doc)))
    const loaded = new Y.Doc()
    for (const u of (await bed.server.store.loadDoc(doc)).updates) Y.applyUpdate(loaded, u)
    const stored = Y.encodeSnapshot(Y.snapshot(loaded))
    loaded.destroy()
    return { held, stored }
  }

  async function expectRefused(s: Scene, update: Uint8Array): Promise<void> {
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const before = await serverState(s.wb)
    const seenBefore = Y.encodeSnapshot(Y.snapshot(await s.observer.mirror(doc)))
    const ack = await s.attacker.send(doc, update)
    expect(isRefusal(ack), `the attack was answered ${describeAck(ack)}`).toBe(true)
    expect(await serverState(s.wb), "the server's document changed").toEqual(before)

    // The victim's next edit reaches the observer after anything the attack would have sent.
    s.victim.edit({ C3: 'after' })
    await s.victim.flushed()
    const seen = await s.observer.mirror(doc)
    await waitUntil(() => hasCell(seen, 'after'))
    const victimSv = Y.decodeStateVector(Y.encodeStateVector(s.victim.doc))
    const seenSv = Y.decodeStateVector(Y.encodeStateVector(seen))
    expect(seenSv, 'the observer received structs the victim does not have').toEqual(victimSv)
    const seenAfter = new Y.Doc()
    Y.applyUpdate(seenAfter, Y.encodeStateAsUpdate(seen))
    expect(Y.equalSnapshots(Y.snapshot(seenAfter), Y.snapshot(s.victim.doc))).toBe(true)
    expect(seenBefore.length).toBeGreaterThan(0)

    const read = await bed.readDoc(s.wb, doc)
    const [th] = commentThreads(read, { resolved: true })
    expect(th).toMatchObject({
      id: s.threadId,
      text: 'why alpha?',
      by: s.victim.sheet.session,
      rowId: sheetTypes(read).rows.get(0),
      colId: sheetTypes(read).cols.get(0),
    })
    expect(th!.replies.map((r) => r.text)).toEqual(['because'])
    const rows = sheetTypes(read).rows
    expect(rows.toArray().length, 'the rows list and its length disagree').toBe(rows.length)
    await bed.expectUnharmed(s.wb, [s.victim])
  }

  for (const role of ['edit', 'comment'] as const) {
    const who = role === 'edit' ? 'an editor' : 'a commenter'
    for (const [name, build] of role === 'edit' ? attacks : [...attacks, ...commenterAttacks]) {
      it(`${who}'s update with ${name} is refused; the thread stays as it was`, async () => {
        const s = await scene(`${role}: ${name}`, role)
        await expectRefused(s, build(s))
      })
    }
  }

  it('an editor moving the thread after its deleted anchor entry is accepted (a cut and paste)', async () => {
    const s = await scene('editor moves', 'edit')
    const doc = sheetDoc(s.wb.id, s.wb.sheetId)
    const row5 = sheetTypes(s.mirror).rows.get(5)
    const ack = await s.attacker.send(
      doc,
      itemBetween(s.mirror, entry(s.mirror, key(s, 'row')).live.id, null, row5, randomClientId()),
    )
    expect(describeAck(ack)).toBe('ok')
    const [th] = commentThreads(await bed.readDoc(s.wb, doc))
    expect(th).toMatchObject({ text: 'why alpha?', by: s.victim.sheet.session, rowId: row5 })
    await bed.expectUnharmed(s.wb, [s.victim])
  })
})

function hasCell(doc: Y.Doc, value: string): boolean {
  return sheetTypes(doc)
    .cells.array.toArray()
    .some((e) => typeof e === 'string' && e.endsWith(`:${value}`))
}
