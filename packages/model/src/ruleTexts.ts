import type * as Y from 'yjs'
import { RULE_ID_RE } from './idRange.js'
import { conditionalFormatsMap, isValidConditionalFormatEntry } from './conditionalFormats.js'
import { isValidValidationEntry, validationsMap } from './validations.js'

/**
 * The references inside a sheet's rules: a data validation's custom `formula` and list
 * `source`, a conditional format's `formula`. The formula package stores them anchored to row
 * and column ids (as a cell formula), so they follow inserts like the rule's range does; a
 * delete, move or sort that rewrites the cell formulas' ranges rewrites these the same way,
 * through `readRuleTexts` and `setRuleTexts`. Only these fields are touched: a rule's range
 * (`at`) may be re-anchored in the same transaction (`shrinkIdRangesForDelete`).
 */

/** Which rules map a text is in. */
export type RuleMapName = 'validations' | 'conditionalFormats'

/** One formula or list source of one rule, as stored. */
export interface RuleText {
  rules: RuleMapName
  id: string
  field: 'formula' | 'source'
  text: string
}

const MAPS = {
  validations: { map: validationsMap, valid: isValidValidationEntry },
  conditionalFormats: { map: conditionalFormatsMap, valid: isValidConditionalFormatEntry },
} as const

function storedObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null
  try {
    const parsed: unknown = JSON.parse(value)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** Every formula and list source of the sheet's well-formed rules. */
export function readRuleTexts(doc: Y.Doc): RuleText[] {
  const out: RuleText[] = []
  for (const rules of Object.keys(MAPS) as RuleMapName[]) {
    const { map, valid } = MAPS[rules]
    for (const [id, value] of map(doc).entries()) {
      if (!RULE_ID_RE.test(id) || !valid(id, value)) continue
      const rule = storedObject(value) as Record<string, unknown>
      for (const field of ['formula', 'source'] as const) {
        const text = rule[field]
        if (typeof text === 'string') out.push({ rules, id, field, text })
      }
    }
  }
  return out
}

/**
 * Writes each text into its rule as it is stored now (its range may have changed since the
 * text was read), in one transaction with `origin`. A rule that is gone, or that the text
 * would make invalid, is left as it is.
 */
export function setRuleTexts(doc: Y.Doc, edits: readonly RuleText[], origin?: unknown): void {
  if (edits.length === 0) return
  doc.transact(() => {
    for (const { rules, id, field, text } of edits) {
      const { map, valid } = MAPS[rules]
      const m = map(doc)
      const rule = storedObject(m.get(id))
      if (!rule || typeof rule[field] !== 'string') continue
      const value = JSON.stringify({ ...rule, [field]: text })
      if (valid(id, value)) m.set(id, value)
    }
  }, origin)
}
