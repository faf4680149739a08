// The one exceljs module `xlsxCfRuleAttributes.ts` patches; exceljs ships no types for it.
declare module 'exceljs/lib/xlsx/xform/sheet/cf/cf-rule-xform.js' {
  interface XmlStream {
    openNode(name: string, attributes?: Record<string, unknown>): void
  }
  interface CfRuleModel {
    stopIfTrue?: boolean
    equalAverage?: boolean
    stdDev?: number
  }
  const CfRuleXform: {
    prototype: {
      tag: string
      render(xmlStream: XmlStream, model: CfRuleModel): void
      createNewModel(node: { attributes: Record<string, string | undefined> }): CfRuleModel
    }
  }
  export default CfRuleXform
}
