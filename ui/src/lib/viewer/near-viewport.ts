/**
 * A Svelte action calling `onNear` once the element comes within a screen of the
 * viewport, so pages and thumbnails are drawn only when someone may look at them.
 */
export function nearViewport(node: HTMLElement, onNear: () => void) {
  if (typeof IntersectionObserver === 'undefined') {
    onNear();
    return {};
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        onNear();
        observer.disconnect();
      }
    },
    { rootMargin: '100% 0px' },
  );
  observer.observe(node);
  return {
    destroy() {
      observer.disconnect();
    },
  };
}
