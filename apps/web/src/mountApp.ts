/**
 * The app itself, loaded by `main.ts` once the connection to the address's workbook has
 * started. `index.html` preloads this chunk, so it downloads and compiles beside the small
 * entry chunk instead of after it.
 */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { holdFirstNavigation } from './router/firstNavigation'

holdFirstNavigation(router)
createApp(App).use(createPinia()).use(router).mount('#app')
