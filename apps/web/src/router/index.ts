import { createRouter, createWebHistory } from 'vue-router'
import HomeView from '../home/HomeView.vue'
import WorkbookView from '../workbook/WorkbookView.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/w/:workbookId/:sheetId?', name: 'workbook', component: WorkbookView },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
})
