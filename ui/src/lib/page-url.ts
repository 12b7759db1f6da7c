/**
 * Addresses of rendered pages. Pages come from the Rust side through the `phpage` URI
 * scheme as images, never as base64 over IPC.
 */

/** Widest page image asked for, in CSS pixels (the Rust side refuses more). */
export const MAX_PAGE_WIDTH = 4000;

/** Page widths are rounded up to a multiple of this, so a small zoom step reuses renders. */
export const WIDTH_STEP = 50;

/** The scheme's base address: WebView2 on Windows serves custom schemes over http. */
export function pageBase(userAgent: string = globalThis.navigator?.userAgent ?? ''): string {
  return userAgent.includes('Windows') ? 'http://phpage.localhost/' : 'phpage://localhost/';
}

/** A CSS width rounded up to the next {@link WIDTH_STEP}, between one step and the cap. */
export function quantiseWidth(cssWidth: number): number {
  if (!Number.isFinite(cssWidth) || cssWidth <= 0) return WIDTH_STEP;
  const stepped = Math.ceil(cssWidth / WIDTH_STEP) * WIDTH_STEP;
  return Math.min(MAX_PAGE_WIDTH, Math.max(WIDTH_STEP, stepped));
}

/** The device pixel ratio as sent: two decimals, 1 when unknown. */
export function roundRatio(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0) return 1;
  return Math.round(ratio * 100) / 100;
}

/** The image address of one page (zero-based) drawn `cssWidth` CSS pixels wide. */
export function pageUrl(
  meetingId: string,
  documentId: string,
  pageIndex: number,
  cssWidth: number,
  devicePixelRatio: number,
  userAgent?: string,
): string {
  const path = `${encodeURIComponent(meetingId)}/${encodeURIComponent(documentId)}/${pageIndex}`;
  return `${pageBase(userAgent)}${path}?w=${quantiseWidth(cssWidth)}&dpr=${roundRatio(devicePixelRatio)}`;
}
