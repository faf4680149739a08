import { FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import { ExcelFunctionPlugin, naError, type Call } from './excelFunctionPlugin.js'
import { convertUnits } from './unitConversion.js'

/** Engineering functions HyperFormula lacks: CONVERT (units in `unitConversion.ts`), GESTEP. */
export class EngineeringPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    CONVERT: {
      method: 'convert',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.STRING },
      ],
    },
    GESTEP: {
      method: 'gestep',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
      ],
    },
  }

  convert(ast: Call, state: unknown): unknown {
    return this.call('CONVERT', ast, state, (value: number, from: string, to: string) => {
      return convertUnits(value, from, to) ?? naError(`CONVERT cannot turn "${from}" into "${to}".`)
    })
  }

  gestep(ast: Call, state: unknown): unknown {
    return this.call('GESTEP', ast, state, (value: number, step: number) => (value >= step ? 1 : 0))
  }
}
