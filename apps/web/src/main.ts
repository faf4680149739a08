// First of all: the connection to the workbook in the address (before the app is evaluated).
import './sync/connectFromAddress'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'

createApp(App).use(createPinia()).use(router).mount('#app')
