/**
 * Zoom arithmetic of the viewer, apart from any component so it can be tested alone.
 * Sizes are CSS pixels; a PDF point is 1/72 inch and a CSS pixel 1/96 inch.
 */

/** How the page is sized: to the window's width, to the whole page, or a percentage. */
export type Zoom = { kind: 'fitWidth' } | { kind: 'fitPage' } | { kind: 'percent'; value: number };

/** The percentages offered, smallest to largest. */
export const ZOOM_STEPS = [50, 75, 100, 125, 150, 200, 300, 400] as const;
/** Smallest percentage. */
export const MIN_PERCENT = 50;
/** Largest percentage. */
export const MAX_PERCENT = 400;
/** CSS pixels per PDF point. */
export const PX_PER_PT = 96 / 72;
/** Space kept around the page inside the scroll area, in CSS pixels. */
export const PAGE_MARGIN = 24;

/** A page's size in points. */
export interface PageSize {
  widthPt: number;
  heightPt: number;
}

/** A percentage clamped to 50–400 %. */
export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 100;
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, Math.round(value)));
}

/** The CSS width a page is drawn at under `zoom` in a viewport of `viewport` pixels. */
export function pageWidth(
  page: PageSize,
  zoom: Zoom,
  viewport: { width: number; height: number },
): number {
  const usableWidth = Math.max(100, viewport.width - 2 * PAGE_MARGIN);
  const usableHeight = Math.max(100, viewport.height - 2 * PAGE_MARGIN);
  switch (zoom.kind) {
    case 'fitWidth':
      return usableWidth;
    case 'fitPage':
      return Math.min(usableWidth, (usableHeight * page.widthPt) / page.heightPt);
    case 'percent':
      return page.widthPt * PX_PER_PT * (clampPercent(zoom.value) / 100);
  }
}

/** The percentage a zoom amounts to for this page and viewport. */
export function effectivePercent(
  page: PageSize,
  zoom: Zoom,
  viewport: { width: number; height: number },
): number {
  return Math.round((pageWidth(page, zoom, viewport) / (page.widthPt * PX_PER_PT)) * 100);
}

/** One step larger (`direction` 1) or smaller (-1) than the current effective percentage. */
export function stepZoom(current: number, direction: 1 | -1): Zoom {
  if (direction > 0) {
    const next = ZOOM_STEPS.find((step) => step > current + 0.5);
    return { kind: 'percent', value: next ?? MAX_PERCENT };
  }
  const previous = [...ZOOM_STEPS].reverse().find((step) => step < current - 0.5);
  return { kind: 'percent', value: previous ?? MIN_PERCENT };
}

/** Reads a zoom back from its stored text ("fitWidth", "fitPage" or a number). */
export function parseZoom(text: string | null | undefined): Zoom {
  if (text === 'fitPage') return { kind: 'fitPage' };
  const value = Number(text);
  if (text && Number.isFinite(value)) return { kind: 'percent', value: clampPercent(value) };
  return { kind: 'fitWidth' };
}

/** The text a zoom is stored and selected as. */
export function zoomKey(zoom: Zoom): string {
  return zoom.kind === 'percent' ? String(clampPercent(zoom.value)) : zoom.kind;
}
