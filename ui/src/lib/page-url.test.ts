import { describe, expect, it } from 'vitest';
import { MAX_PAGE_WIDTH, pageBase, pageUrl, quantiseWidth, roundRatio } from './page-url';

const LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/120';

describe('page addresses', () => {
  it('use the custom scheme on Linux and http on Windows', () => {
    expect(pageBase(LINUX)).toBe('phpage://localhost/');
    expect(pageBase(WINDOWS)).toBe('http://phpage.localhost/');
    expect(pageUrl('m1', 'd1', 0, 800, 1, LINUX)).toBe('phpage://localhost/m1/d1/0?w=800&dpr=1');
    expect(pageUrl('m1', 'd1', 4, 800, 1.5, WINDOWS)).toBe('http://phpage.localhost/m1/d1/4?w=800&dpr=1.5');
  });

  it('encode identifiers so a slash or space cannot change the path', () => {
    expect(pageUrl('m 1', 'd/2', 3, 100, 1, LINUX)).toBe('phpage://localhost/m%201/d%2F2/3?w=100&dpr=1');
  });

  it('round widths up to a step, within bounds, so small zoom changes reuse renders', () => {
    expect(quantiseWidth(801)).toBe(850);
    expect(quantiseWidth(850)).toBe(850);
    expect(quantiseWidth(0)).toBe(50);
    expect(quantiseWidth(Number.NaN)).toBe(50);
    expect(quantiseWidth(99_999)).toBe(MAX_PAGE_WIDTH);
  });

  it('send the pixel ratio with two decimals, 1 when unknown', () => {
    expect(roundRatio(1.3333333)).toBe(1.33);
    expect(roundRatio(0)).toBe(1);
    expect(roundRatio(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
