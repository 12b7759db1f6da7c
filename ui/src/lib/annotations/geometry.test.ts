import { describe, expect, it } from 'vitest';
import {
  MAX_QUOTE_CHARS,
  annotationTop,
  boundsOf,
  isZeroBox,
  lineRects,
  nearestChar,
  pageToScreen,
  rectToCss,
  screenToPage,
  textSelection,
} from './geometry';
import type { AnnotationView, PageChar } from './types';

/** Characters of `text` laid out on a line from `x` at baseline `bottom`, 10 points each, 12 high. */
function line(text: string, x: number, bottom: number): PageChar[] {
  return [...text].map((ch, i) => ({ ch, left: x + 10 * i, bottom, right: x + 10 * i + 9, top: bottom + 12 }));
}

const ZERO = { left: 0, bottom: 0, right: 0, top: 0 };
/** "Ngân sách" then a generated line break, then "năm 2027": two lines on an A4 page. */
const CHARS: PageChar[] = [
  ...line('Ngân sách', 100, 700),
  { ch: '\r', ...ZERO },
  { ch: '\n', ...ZERO },
  ...line('năm 2027', 100, 680),
];

describe('page and screen coordinates', () => {
  it('turn PDF points (origin lower left, y up) into pixels from the top left and back', () => {
    const scale = 2;
    expect(pageToScreen({ x: 100, y: 842 }, 842, scale)).toEqual({ x: 200, y: 0 });
    expect(pageToScreen({ x: 0, y: 0 }, 842, scale)).toEqual({ x: 0, y: 1684 });
    const back = screenToPage(300, 400, 842, scale);
    expect(back).toEqual({ x: 150, y: 642 });
    expect(pageToScreen(back, 842, scale)).toEqual({ x: 300, y: 400 });
  });

  it('place a rectangle with top = (heightPt - rect.top) * scale', () => {
    expect(rectToCss({ left: 100, bottom: 700, right: 190, top: 712 }, 842, 1.5)).toEqual({
      left: 150,
      top: (842 - 712) * 1.5,
      width: 135,
      height: 18,
    });
  });

  it('bound several rectangles', () => {
    expect(boundsOf([])).toBeNull();
    expect(
      boundsOf([
        { left: 100, bottom: 700, right: 190, top: 712 },
        { left: 90, bottom: 680, right: 170, top: 692 },
      ]),
    ).toEqual({ left: 90, bottom: 680, right: 190, top: 712 });
  });
});

describe('point to character', () => {
  it('finds the character under or nearest a point, ignoring generated characters', () => {
    expect(isZeroBox(CHARS[9])).toBe(true);
    expect(nearestChar(CHARS, { x: 105, y: 705 })).toBe(0); // inside "N"
    expect(nearestChar(CHARS, { x: 125, y: 705 })).toBe(2); // inside "â"
    expect(nearestChar(CHARS, { x: 400, y: 706 })).toBe(8); // right of the first line: its last char
    expect(nearestChar(CHARS, { x: 50, y: 684 })).toBe(11); // left of the second line: its first char
    expect(nearestChar(CHARS, { x: 0, y: 0 })).toBe(11); // never a zero box
    expect(nearestChar([{ ch: ' ', ...ZERO }], { x: 0, y: 0 })).toBeNull();
    expect(nearestChar([], { x: 1, y: 1 })).toBeNull();
  });

  it('prefers the line a point is beside over a nearer character above or below', () => {
    // 20 points right of the line's end, 6 points below a character of the line above.
    const chars = [...line('ab', 100, 720), ...line('abcdefghij', 0, 700)];
    expect(nearestChar(chars, { x: 120, y: 714 })).toBe(1);
    expect(nearestChar(chars, { x: 130, y: 706 })).toBe(11);
  });
});

describe('characters to line rectangles', () => {
  it('merges consecutive characters of a line and starts a new rectangle on the next line', () => {
    expect(lineRects(CHARS, 0, CHARS.length)).toEqual([
      { left: 100, bottom: 700, right: 189, top: 712 },
      { left: 100, bottom: 680, right: 179, top: 692 },
    ]);
  });

  it('keeps a line whose glyphs differ slightly in height, and skips zero boxes', () => {
    const chars: PageChar[] = [
      { ch: 'Đ', left: 10, bottom: 699, right: 19, top: 715 },
      { ch: ' ', ...ZERO },
      { ch: 'a', left: 25, bottom: 700, right: 32, top: 710 },
    ];
    expect(lineRects(chars, 0, 3)).toEqual([{ left: 10, bottom: 699, right: 32, top: 715 }]);
  });

  it('starts a new rectangle when text wraps back to the left at the same height (columns)', () => {
    const chars = [...line('ab', 300, 700), ...line('cd', 100, 700)];
    expect(lineRects(chars, 0, 4)).toHaveLength(2);
  });

  it('gives nothing for an empty or out-of-range run', () => {
    expect(lineRects(CHARS, 5, 5)).toEqual([]);
    expect(lineRects(CHARS, 100, 200)).toEqual([]);
  });
});

describe('text selection from a drag', () => {
  it('selects from the first to the last character touched, either direction, with quote and rects', () => {
    const forward = textSelection(CHARS, { x: 101, y: 705 }, { x: 131, y: 705 });
    expect(forward).toEqual({
      start: 0,
      end: 4,
      quote: 'Ngân',
      rects: [{ left: 100, bottom: 700, right: 139, top: 712 }],
    });
    const backward = textSelection(CHARS, { x: 131, y: 705 }, { x: 101, y: 705 });
    expect(backward).toEqual(forward);
  });

  it('runs across lines, keeping the generated line break in the quote', () => {
    const selection = textSelection(CHARS, { x: 155, y: 705 }, { x: 125, y: 685 });
    expect(selection?.quote).toBe('sách\r\nnăm');
    expect(selection?.start).toBe(5);
    expect(selection?.end).toBe(14);
    expect(selection?.rects).toHaveLength(2);
  });

  it('gives null on a page without text, and caps very long quotes', () => {
    expect(textSelection([], { x: 0, y: 0 }, { x: 1, y: 1 })).toBeNull();
    const long = Array.from({ length: MAX_QUOTE_CHARS + 50 }, (_, i) => ({
      ch: 'a',
      left: i,
      bottom: 0 + 1,
      right: i + 0.9,
      top: 10,
    }));
    const selection = textSelection(long, { x: 0.5, y: 5 }, { x: MAX_QUOTE_CHARS + 40, y: 5 });
    expect(selection?.end).toBe(MAX_QUOTE_CHARS);
    expect(selection?.quote).toHaveLength(MAX_QUOTE_CHARS);
  });
});

describe('annotation top', () => {
  const base = {
    id: 'a',
    documentId: 'd',
    documentTitle: 'T',
    revision: 1,
    page: 0,
    colour: 'yellow',
    audience: { kind: 'private' },
    authorId: 'u',
    authorName: 'U',
    mine: true,
    placement: 'original',
    updatedAt: '2026-11-24T08:00:00+07:00',
  } as const;
  it('is the highest point of what the annotation covers', () => {
    const view = (body: AnnotationView['body']): AnnotationView => ({ ...base, body });
    expect(annotationTop(view({ kind: 'note', at: { x: 1, y: 300 }, text: 'x' }))).toBe(300);
    expect(annotationTop(view({ kind: 'ink', strokes: [[{ x: 1, y: 10 }, { x: 2, y: 400 }]], width: 'thin' }))).toBe(400);
    expect(
      annotationTop(view({ kind: 'highlight', start: 0, end: 1, quote: 'N', rects: [{ left: 0, bottom: 700, right: 9, top: 712 }] })),
    ).toBe(712);
    expect(annotationTop(view({ kind: 'bookmark', label: 'Trang 1' }))).toBeNull();
  });
});
