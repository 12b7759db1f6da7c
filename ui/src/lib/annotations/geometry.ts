/**
 * Page geometry of annotations, apart from any component so it can be tested alone.
 * PDF points have their origin at the page's lower left, y going up; the screen has its
 * origin at the page's top left, y going down, and `scale` CSS pixels per point.
 */
import type { AnnotationView, PageChar, Point, Rect, TextMark } from './types';

/** Longest quote kept by a highlight or underline (as the backend accepts). */
export const MAX_QUOTE_CHARS = 4000;

/** A box in CSS pixels from the page's top left corner. */
export interface CssBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Screen pixels (from the page's top left) of a point on the page. */
export function pageToScreen(point: Point, heightPt: number, scale: number): { x: number; y: number } {
  return { x: point.x * scale, y: (heightPt - point.y) * scale };
}

/** The point on the page under screen pixels `x`, `y` (from the page's top left). */
export function screenToPage(x: number, y: number, heightPt: number, scale: number): Point {
  const s = scale > 0 ? scale : 1;
  return { x: x / s, y: heightPt - y / s };
}

/** Where a page rectangle is drawn: `top = (heightPt - rect.top) * scale`. */
export function rectToCss(rect: Rect, heightPt: number, scale: number): CssBox {
  return {
    left: rect.left * scale,
    top: (heightPt - rect.top) * scale,
    width: Math.max(0, rect.right - rect.left) * scale,
    height: Math.max(0, rect.top - rect.bottom) * scale,
  };
}

/** The smallest rectangle holding all of `rects`, or null when there are none. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  return rects.reduce((a, b) => ({
    left: Math.min(a.left, b.left),
    bottom: Math.min(a.bottom, b.bottom),
    right: Math.max(a.right, b.right),
    top: Math.max(a.top, b.top),
  }));
}

/** True for a generated space or line break, which pdfium gives an all-zero box. */
export function isZeroBox(box: Rect): boolean {
  return box.left === 0 && box.bottom === 0 && box.right === 0 && box.top === 0;
}

/**
 * How far `point` is from `box`, counting vertical distance three times, so that a point
 * beside a line picks a character of that line rather than of the line above or below.
 */
function distance(point: Point, box: Rect): number {
  const dx = Math.max(box.left - point.x, 0, point.x - box.right);
  const dy = Math.max(box.bottom - point.y, 0, point.y - box.top);
  return Math.hypot(dx, 3 * dy);
}

/** Index of the character whose box is nearest `point` (zero boxes ignored), or null when none has a box. */
export function nearestChar(chars: readonly PageChar[], point: Point): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  chars.forEach((char, index) => {
    if (isZeroBox(char)) return;
    const d = distance(point, char);
    if (d < bestDistance) {
      bestDistance = d;
      best = index;
    }
  });
  return best;
}

function height(box: Rect): number {
  return Math.max(0.01, box.top - box.bottom);
}

/** True when `next` continues the line `previous` is on (overlapping vertically, not wrapping back left). */
function sameLine(previous: Rect, next: Rect): boolean {
  const overlap = Math.min(previous.top, next.top) - Math.max(previous.bottom, next.bottom);
  const smaller = Math.min(height(previous), height(next));
  if (overlap < smaller / 2) return false;
  return next.left >= previous.left - smaller / 2;
}

/**
 * The boxes to paint over characters `start..end` (end exclusive): consecutive characters of
 * one line merged into one rectangle; zero boxes (generated spaces, line breaks) skipped.
 */
export function lineRects(chars: readonly PageChar[], start: number, end: number): Rect[] {
  const rects: Rect[] = [];
  let current: Rect | null = null;
  let previous: Rect | null = null;
  for (let index = Math.max(0, start); index < Math.min(end, chars.length); index += 1) {
    const char = chars[index];
    if (isZeroBox(char)) continue;
    const box: Rect = { left: char.left, bottom: char.bottom, right: char.right, top: char.top };
    if (current && previous && sameLine(previous, box)) {
      current.left = Math.min(current.left, box.left);
      current.bottom = Math.min(current.bottom, box.bottom);
      current.right = Math.max(current.right, box.right);
      current.top = Math.max(current.top, box.top);
    } else {
      current = { ...box };
      rects.push(current);
    }
    previous = box;
  }
  return rects;
}

/**
 * The text between a press at `from` and a release at `to`: from the character nearest the
 * one to the character nearest the other (whichever comes first), its quote and boxes.
 * Null when the page has no text with boxes (a scanned page).
 */
export function textSelection(chars: readonly PageChar[], from: Point, to: Point): TextMark | null {
  const a = nearestChar(chars, from);
  const b = nearestChar(chars, to);
  if (a === null || b === null) return null;
  const start = Math.min(a, b);
  const end = Math.min(Math.max(a, b) + 1, start + MAX_QUOTE_CHARS);
  const quote = chars
    .slice(start, end)
    .map((char) => char.ch)
    .join('');
  return { start, end, quote, rects: lineRects(chars, start, end) };
}

/** The highest point (PDF y) of an annotation on its page, to scroll it into view; null for a bookmark. */
export function annotationTop(view: AnnotationView): number | null {
  const body = view.body;
  switch (body.kind) {
    case 'highlight':
    case 'underline':
      return boundsOf(body.rects)?.top ?? null;
    case 'ink': {
      const ys = body.strokes.flat().map((p) => p.y);
      return ys.length > 0 ? Math.max(...ys) : null;
    }
    case 'note':
      return body.at.y;
    case 'bookmark':
      return null;
  }
}
