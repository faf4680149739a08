import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { cleanName, colorForUser, loadIdentity, saveIdentity } from './userIdentity'

/** This browser's display name and colour, shared by the header and every presence channel. */
export const useIdentityStore = defineStore('identity', () => {
  const identity = ref(loadIdentity(localStorage))
  const id = computed(() => identity.value.id)
  const name = computed(() => identity.value.name)
  const named = computed(() => identity.value.named)
  const color = computed(() => colorForUser(identity.value.id))

  /** Sets the display name; false (and no change) when it is empty. */
  function rename(input: string): boolean {
    const clean = cleanName(input)
    if (!clean) return false
    identity.value = { ...identity.value, name: clean, named: true }
    saveIdentity(localStorage, identity.value)
    return true
  }

  /** The user kept the suggested name: stop asking. */
  function keepName(): void {
    identity.value = { ...identity.value, named: true }
    saveIdentity(localStorage, identity.value)
  }

  return { id, name, named, color, rename, keepName }
})
