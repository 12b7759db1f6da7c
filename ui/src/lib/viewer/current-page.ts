/** Which page is "current" while scrolling through a continuous column of pages. */

/**
 * The page covering the middle of the viewport. `tops` are the pages' top offsets in the
 * scroll area, in order; `scrollTop` and `viewportHeight` describe what is visible.
 */
export function pageAtMiddle(tops: readonly number[], scrollTop: number, viewportHeight: number): number {
  if (tops.length === 0) return 0;
  const middle = scrollTop + viewportHeight / 2;
  let low = 0;
  let high = tops.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (tops[mid] <= middle) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A page number typed by a person (1-based) as an index, or null when it is not a page. */
export function parsePageNumber(text: string, pageCount: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  if (value < 1 || value > pageCount) return null;
  return value - 1;
}
