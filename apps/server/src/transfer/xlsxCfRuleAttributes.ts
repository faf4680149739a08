import CfRuleXform from 'exceljs/lib/xlsx/xform/sheet/cf/cf-rule-xform.js'

/**
 * exceljs 4.4 reads and writes `<cfRule>` without `stopIfTrue`, `equalAverage` and `stdDev`
 * (its `CfRuleXform` knows a fixed list of attributes), so "Stop if true" and "equal to or
 * above average" would be lost both ways. This teaches its one rule class those attributes:
 * on write, they are added to the `<cfRule>` element the class opens; on read, they are kept
 * in the rule's model beside the ones exceljs reads. Loaded by `xlsxConditionalFormats.ts`,
 * before any workbook is read or written; a test round-trips each attribute through exceljs.
 * The class is imported, not `require`d by path, so that a bundle (`dist-bundle/`) patches the
 * copy of exceljs it bundled rather than a second one from `node_modules`.
 */

const proto = CfRuleXform.prototype
const PATCHED = Symbol.for('cellmate.cfRuleAttributes')

const isTrue = (v: string | undefined): boolean => v === '1' || v === 'true'

if (!(PATCHED in proto)) {
  Object.defineProperty(proto, PATCHED, { value: true })

  const render = proto.render
  proto.render = function (this: typeof proto, xmlStream, model) {
    const extra: Record<string, unknown> = {}
    if (model.stopIfTrue) extra.stopIfTrue = '1'
    if (model.equalAverage) extra.equalAverage = '1'
    if (model.stdDev) extra.stdDev = model.stdDev
    if (Object.keys(extra).length === 0) {
      render.call(this, xmlStream, model)
      return
    }
    // Own properties shadow the stream's methods for this one rule, then are removed again.
    const stream = xmlStream as unknown as Record<string, unknown>
    // (`leafNode` opens its element through `openNode` too.)
    const { openNode } = xmlStream
    stream.openNode = (name: string, attributes?: Record<string, unknown>) =>
      openNode.call(xmlStream, name, name === this.tag ? { ...attributes, ...extra } : attributes)
    try {
      render.call(this, xmlStream, model)
    } finally {
      delete stream.openNode
    }
  }

  const createNewModel = proto.createNewModel
  proto.createNewModel = function (this: typeof proto, node) {
    const model = createNewModel.call(this, node)
    const { stopIfTrue, equalAverage, stdDev } = node.attributes
    if (isTrue(stopIfTrue)) model.stopIfTrue = true
    if (isTrue(equalAverage)) model.equalAverage = true
    if (stdDev !== undefined && Number.isFinite(Number(stdDev))) model.stdDev = Number(stdDev)
    return model
  }
}
