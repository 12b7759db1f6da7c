/** Search hits as the viewer draws them over pages. */
import type { HitRect, SearchHit } from '../types';

/** One hit's boxes on a page; the chosen hit is `active`. */
export interface Highlight {
  rects: HitRect[];
  active: boolean;
}

/**
 * For each page of document `documentId`, the hits on it; `active` is the index (in
 * `hits`) of the chosen hit, or -1.
 */
export function highlightsByPage(
  hits: readonly SearchHit[],
  documentId: string,
  active: number,
): Map<number, Highlight[]> {
  const pages = new Map<number, Highlight[]>();
  hits.forEach((hit, index) => {
    if (hit.documentId !== documentId) return;
    const list = pages.get(hit.page) ?? [];
    list.push({ rects: hit.rects, active: index === active });
    pages.set(hit.page, list);
  });
  return pages;
}
