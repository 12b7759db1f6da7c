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

/**
 * jsdom has no `PointerEvent`: without it, testing-library fires a plain `Event` and drops
 * the coordinates. The stand-in is a `MouseEvent` carrying the pointer's id and type.
 */
class PointerEventStandIn extends MouseEvent {
  readonly pointerId: number;
  readonly pointerType: string;
  readonly isPrimary: boolean;

  constructor(type: string, init: PointerEventInit = {}) {
    super(type, init);
    this.pointerId = init.pointerId ?? 1;
    this.pointerType = init.pointerType ?? 'mouse';
    this.isPrimary = init.isPrimary ?? true;
  }
}

if (typeof globalThis.PointerEvent === 'undefined') {
  globalThis.PointerEvent = PointerEventStandIn as unknown as typeof PointerEvent;
}
