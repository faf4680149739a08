/** One count per address; an address leaves the map when its count drops to 0. */
export class AddressCounts {
  private readonly counts = new Map<string, number>()

  get(address: string): number {
    return this.counts.get(address) ?? 0
  }

  /** Adds one; the returned function takes it back, once however often it is called. */
  add(address: string): () => void {
    this.counts.set(address, this.get(address) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = this.get(address) - 1
      if (left > 0) this.counts.set(address, left)
      else this.counts.delete(address)
    }
  }
}
