import { HyperFormula, type ImplementedFunctions, type SimpleRangeValue } from 'hyperformula'
import type { PluginClass } from './excelFunctionPlugin.js'

/**
 * MATCH with Excel's wildcards in exact mode (`MATCH("c*",B1:B5,0)`): HyperFormula's own
 * MATCH, subclassed, searching with the criteria matcher (`?`, `*`, `~`) when match_type is 0
 * and the key is text holding a wildcard. Everything else (sorted modes, the column index that
 * makes exact lookups fast) stays HyperFormula's.
 */

interface SearchStrategy {
  advancedFind(
    matcher: (v: unknown) => boolean,
    range: SimpleRangeValue,
    options: { returnOccurrence: 'first' },
  ): number
}

interface HfLookupPlugin {
  arithmeticHelper: {
    requiresRegex(key: string): boolean
    eqMatcherFunction(key: string): (v: unknown) => boolean
  }
  columnSearch: SearchStrategy
  rowSearch: SearchStrategy
  doMatch(key: unknown, range: SimpleRangeValue, type: number): unknown
  match(ast: unknown, state: unknown): unknown
}

type HfLookupClass = (new (interpreter: never) => HfLookupPlugin) & {
  implementedFunctions: ImplementedFunctions
}

const HfLookup = HyperFormula.getFunctionPlugin('MATCH') as unknown as HfLookupClass

class HfMatchPlugin extends HfLookup {
  static override implementedFunctions: ImplementedFunctions = {
    MATCH: HfLookup.implementedFunctions.MATCH as ImplementedFunctions[string],
  }

  // HyperFormula looks the method up on the registered class itself.
  override match(ast: unknown, state: unknown): unknown {
    return super.match(ast, state)
  }

  override doMatch(key: unknown, range: SimpleRangeValue, type: number): unknown {
    const helper = this.arithmeticHelper
    if (type !== 0 || typeof key !== 'string' || !helper.requiresRegex(key)) {
      return super.doMatch(key, range, type)
    }
    if (range.width() > 1 && range.height() > 1) return super.doMatch(key, range, type)
    const search = range.width() === 1 ? this.columnSearch : this.rowSearch
    const index = search.advancedFind(helper.eqMatcherFunction(key), range, {
      returnOccurrence: 'first',
    })
    return index === -1 ? super.doMatch(key, range, type) : index + 1
  }
}

/** Registered with the Excel plugins (it is HyperFormula's class, not an `ExcelFunctionPlugin`). */
export const MatchPlugin = HfMatchPlugin as unknown as PluginClass
