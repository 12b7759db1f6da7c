import { describe, expect, it } from 'vitest';
import { chaikin, dropNearDuplicates, roundPt, simplify, smoothStroke, strokePath } from './ink';
import type { Point } from './types';

describe('ink smoothing', () => {
  it('drops points too near the last one kept, keeping both ends', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 0.1, y: 0 },
      { x: 1, y: 0 },
      { x: 1.2, y: 0 },
      { x: 1.3, y: 0 },
    ];
    // 1.2 is too near 1; 1 is then too near the end, which wins.
    expect(dropNearDuplicates(points, 0.5)).toEqual([
      { x: 0, y: 0 },
      { x: 1.3, y: 0 },
    ]);
    expect(dropNearDuplicates(points, 0.25)).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 1.3, y: 0 },
    ]);
    expect(dropNearDuplicates([{ x: 1, y: 1 }], 0.5)).toEqual([{ x: 1, y: 1 }]);
  });

  it('cuts corners with Chaikin, ends fixed', () => {
    const corner = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
    ];
    const once = chaikin(corner, 1);
    expect(once[0]).toEqual({ x: 0, y: 0 });
    expect(once[once.length - 1]).toEqual({ x: 10, y: 10 });
    expect(once).toContainEqual({ x: 7.5, y: 0 });
    expect(once).toContainEqual({ x: 10, y: 2.5 });
    expect(once).not.toContainEqual({ x: 10, y: 0 });
    expect(chaikin(corner, 2).length).toBeGreaterThan(once.length);
    expect(chaikin([{ x: 1, y: 1 }, { x: 2, y: 2 }], 3)).toEqual([{ x: 1, y: 1 }, { x: 2, y: 2 }]);
  });

  it('reduces nearly straight runs to their ends (Ramer–Douglas–Peucker)', () => {
    const straight = Array.from({ length: 50 }, (_, i) => ({ x: i, y: i % 2 === 0 ? 0 : 0.1 }));
    expect(simplify(straight, 0.3)).toEqual([
      { x: 0, y: 0 },
      { x: 49, y: 0.1 },
    ]);
    const vee = [
      { x: 0, y: 10 },
      { x: 5, y: 0 },
      { x: 10, y: 10 },
    ];
    expect(simplify(vee, 0.3)).toEqual(vee);
  });

  it('smooths a jittery stroke into fewer points, rounded to hundredths, ends kept', () => {
    const jitter: Point[] = Array.from({ length: 200 }, (_, i) => ({
      x: 100 + i * 0.5,
      y: 500 + Math.sin(i / 10) * 20 + (i % 2 === 0 ? 0.4 : -0.4),
    }));
    const smooth = smoothStroke(jitter);
    expect(smooth.length).toBeLessThan(jitter.length / 2);
    expect(smooth.length).toBeGreaterThan(3);
    expect(smooth[0]).toEqual({ x: 100, y: roundPt(jitter[0].y) });
    expect(smooth[smooth.length - 1]).toEqual({ x: roundPt(jitter[199].x), y: roundPt(jitter[199].y) });
    for (const p of smooth) {
      expect(Math.round(p.x * 100) / 100).toBe(p.x);
      expect(Math.round(p.y * 100) / 100).toBe(p.y);
    }
    expect(smoothStroke([])).toEqual([]);
    expect(smoothStroke([{ x: 1.234, y: 2.345 }])).toEqual([{ x: 1.23, y: 2.35 }]);
  });
});

describe('stroke path', () => {
  it('draws in page points with y flipped for SVG, a single point as a dot', () => {
    expect(strokePath([{ x: 10, y: 800 }, { x: 20, y: 790 }], 842)).toBe('M10 42 L20 52');
    expect(strokePath([{ x: 10, y: 800 }], 842)).toBe('M10 42 L10 42');
    expect(strokePath([], 842)).toBe('');
  });
});
