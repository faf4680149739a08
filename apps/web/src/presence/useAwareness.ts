import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue'
import type { SyncedDoc } from '@cellmate/client'
import { peersOf, type Peer, type PresenceState } from './presenceState'

export type Awareness = SyncedDoc['awareness']

/**
 * Follows one awareness instance (it may change, e.g. the open sheet): `peers` are the other
 * tabs on it, refreshed on every change; `publish` replaces this tab's state. When the
 * instance is replaced or the component unmounts, this tab's state is withdrawn from it, so
 * others stop seeing a selection on a sheet this user has left.
 */
export function useAwareness(source: () => Awareness | null): {
  peers: ShallowRef<Peer[]>
  publish: (state: PresenceState) => void
} {
  const peers = shallowRef<Peer[]>([])
  let current: Awareness | null = null

  const refresh = (): void => {
    peers.value = current ? peersOf(current.getStates(), current.clientID) : []
  }

  function detach(): void {
    if (!current) return
    current.off('change', refresh)
    // The document may already be closed (awareness destroyed); then there is nothing to withdraw.
    if (current.getLocalState() !== null) current.setLocalState(null)
    current = null
  }

  watch(
    source,
    (next) => {
      if (next === current) return
      detach()
      current = next
      current?.on('change', refresh)
      refresh()
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    detach()
    peers.value = []
  })

  return {
    peers,
    publish: (state) => current?.setLocalState(state),
  }
}
