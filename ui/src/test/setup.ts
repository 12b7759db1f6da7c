/**
 * What jsdom lacks and the viewer uses: `ResizeObserver` (behind Svelte's
 * `bind:clientWidth`). The stand-in never reports a resize; sizes are jsdom's zeros.
 */
class ResizeObserverStandIn {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = ResizeObserverStandIn as unknown as typeof ResizeObserver;
}
