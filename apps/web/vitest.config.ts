import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: { dedupe: ['yjs'] },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
