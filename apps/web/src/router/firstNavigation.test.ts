import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { holdFirstNavigation } from './firstNavigation'

const View = { render: () => null }

describe('holdFirstNavigation', () => {
  it('holds the first navigation until the next task, and no later one', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: View },
        { path: '/w/:id', component: View },
      ],
    })
    let release = (): void => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    holdFirstNavigation(router, () => held)
    const first = router.push('/w/a')
    for (let i = 0; i < 20; i++) await Promise.resolve()
    expect(router.currentRoute.value.path).toBe('/')
    release()
    await first
    expect(router.currentRoute.value.path).toBe('/w/a')
    // Not held again: resolves though nothing releases it.
    await router.push('/w/b')
    expect(router.currentRoute.value.path).toBe('/w/b')
  })
})
