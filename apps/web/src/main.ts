// First of all: the connection to the workbook in the address. The entry chunk holds only
// that (and the sync code it needs), so the connection starts once this small chunk is
// parsed; the app's chunk, preloaded by index.html (`appPreload` in vite.config.ts),
// compiles meanwhile and runs next.
import './sync/connectFromAddress'

void import('./mountApp')
