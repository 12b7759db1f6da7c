import { describe, expect, it } from 'vitest';
import { pageAtMiddle, parsePageNumber } from './current-page';
import { highlightsByPage } from './highlight';
import { PAGE_MARGIN, PX_PER_PT, clampPercent, effectivePercent, pageWidth, parseZoom, stepZoom, zoomKey } from './zoom';

const A4 = { widthPt: 595, heightPt: 842 };
const WINDOW = { width: 1000, height: 700 };

describe('zoom', () => {
  it('fits the width, the whole page, or a percentage of the printed size', () => {
    expect(pageWidth(A4, { kind: 'fitWidth' }, WINDOW)).toBe(1000 - 2 * PAGE_MARGIN);
    const fit = pageWidth(A4, { kind: 'fitPage' }, WINDOW);
    expect((fit * A4.heightPt) / A4.widthPt).toBeCloseTo(700 - 2 * PAGE_MARGIN, 5);
    expect(pageWidth(A4, { kind: 'percent', value: 100 }, WINDOW)).toBeCloseTo(595 * PX_PER_PT, 5);
    expect(pageWidth(A4, { kind: 'percent', value: 200 }, WINDOW)).toBeCloseTo(2 * 595 * PX_PER_PT, 5);
  });

  it('keeps percentages between 50 and 400', () => {
    expect(clampPercent(10)).toBe(50);
    expect(clampPercent(1000)).toBe(400);
    expect(clampPercent(Number.NaN)).toBe(100);
    expect(pageWidth(A4, { kind: 'percent', value: 5 }, WINDOW)).toBeCloseTo(595 * PX_PER_PT * 0.5, 5);
  });

  it('steps through the offered percentages from where it is', () => {
    expect(stepZoom(100, 1)).toEqual({ kind: 'percent', value: 125 });
    expect(stepZoom(112, 1)).toEqual({ kind: 'percent', value: 125 });
    expect(stepZoom(112, -1)).toEqual({ kind: 'percent', value: 100 });
    expect(stepZoom(400, 1)).toEqual({ kind: 'percent', value: 400 });
    expect(stepZoom(50, -1)).toEqual({ kind: 'percent', value: 50 });
    const percent = effectivePercent(A4, { kind: 'fitWidth' }, WINDOW);
    expect(percent).toBe(Math.round((952 / (595 * PX_PER_PT)) * 100));
  });

  it('reads back what it stored', () => {
    for (const zoom of [{ kind: 'fitWidth' }, { kind: 'fitPage' }, { kind: 'percent', value: 150 }] as const) {
      expect(parseZoom(zoomKey(zoom))).toEqual(zoom);
    }
    expect(parseZoom(null)).toEqual({ kind: 'fitWidth' });
    expect(parseZoom('nonsense')).toEqual({ kind: 'fitWidth' });
  });
});

describe('current page', () => {
  const tops = [16, 1016, 2016, 3016];
  it('is the page covering the middle of the viewport', () => {
    expect(pageAtMiddle(tops, 0, 800)).toBe(0);
    expect(pageAtMiddle(tops, 700, 800)).toBe(1);
    expect(pageAtMiddle(tops, 5000, 800)).toBe(3);
    expect(pageAtMiddle([], 0, 800)).toBe(0);
  });

  it('accepts only page numbers that exist', () => {
    expect(parsePageNumber(' 3 ', 10)).toBe(2);
    expect(parsePageNumber('0', 10)).toBeNull();
    expect(parsePageNumber('11', 10)).toBeNull();
    expect(parsePageNumber('2a', 10)).toBeNull();
    expect(parsePageNumber('', 10)).toBeNull();
  });
});

describe('highlights', () => {
  it('group the hits of the shown document by page and mark the chosen one', () => {
    const hit = (documentId: string, page: number) => ({
      documentId,
      documentTitle: documentId,
      page,
      before: '',
      matched: 'x',
      after: '',
      rects: [{ x: 0.1, y: 0.1, w: 0.1, h: 0.01 }],
    });
    const pages = highlightsByPage([hit('a', 0), hit('b', 0), hit('a', 2), hit('a', 2)], 'a', 2);
    expect([...pages.keys()]).toEqual([0, 2]);
    expect(pages.get(2)?.map((h) => h.active)).toEqual([true, false]);
    expect(pages.get(0)?.[0].active).toBe(false);
  });
});
