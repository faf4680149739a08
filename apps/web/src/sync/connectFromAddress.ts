/**
 * Imported first by `main.ts`, so it runs before the rest of the app's modules are evaluated:
 * an address that opens a workbook starts its connection now (see `connectEarly`).
 */
import { connectEarly } from './earlyConnection'

connectEarly(window.location, window.history, localStorage)
