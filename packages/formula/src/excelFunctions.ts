import { ExcelCompatPlugin } from './excelCompatPlugin.js'
import { registerPlugins } from './excelFunctionPlugin.js'
import { SubtotalPlugin } from './subtotalPlugin.js'
import { TextFormatPlugin } from './textFormatPlugin.js'

/**
 * Every function plugin that makes HyperFormula compute as Excel does. Later entries win where
 * two name the same function (none do today).
 */
const PLUGINS = [ExcelCompatPlugin, TextFormatPlugin, SubtotalPlugin]

/** Registers Cellmate's Excel functions with HyperFormula (idempotent; before any engine). */
export function registerExcelFunctions(): void {
  registerPlugins(PLUGINS)
}
