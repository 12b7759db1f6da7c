/**
 * Smoothing of free-hand ink: a trembling hand or a touchpad gives jagged, dense points.
 * On release a stroke is thinned (near-duplicates dropped), rounded by Chaikin's corner
 * cutting, then reduced (Ramer–Douglas–Peucker) to the points that matter.
 */
import type { Point } from './types';

/** Points nearer than `min` (points) to the last kept one are dropped; the last point is kept. */
export function dropNearDuplicates(points: readonly Point[], min: number): Point[] {
  if (points.length <= 2) return points.map((p) => ({ ...p }));
  const kept: Point[] = [{ ...points[0] }];
  for (let i = 1; i < points.length - 1; i += 1) {
    const last = kept[kept.length - 1];
    if (Math.hypot(points[i].x - last.x, points[i].y - last.y) >= min) kept.push({ ...points[i] });
  }
  const end = points[points.length - 1];
  const last = kept[kept.length - 1];
  if (kept.length > 1 && Math.hypot(end.x - last.x, end.y - last.y) < min) kept.pop();
  kept.push({ ...end });
  return kept;
}

/** Chaikin's corner cutting, `iterations` times; the first and last points stay where they are. */
export function chaikin(points: readonly Point[], iterations = 2): Point[] {
  let current = points.map((p) => ({ ...p }));
  for (let round = 0; round < iterations && current.length > 2; round += 1) {
    const next: Point[] = [current[0]];
    for (let i = 0; i < current.length - 1; i += 1) {
      const a = current[i];
      const b = current[i + 1];
      next.push({ x: 0.75 * a.x + 0.25 * b.x, y: 0.75 * a.y + 0.25 * b.y });
      next.push({ x: 0.25 * a.x + 0.75 * b.x, y: 0.25 * a.y + 0.75 * b.y });
    }
    next.push(current[current.length - 1]);
    current = next;
  }
  return current;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return Math.hypot(p.x - a.x, p.y - a.y);
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Ramer–Douglas–Peucker: the fewest points within `epsilon` (points) of the line through all. */
export function simplify(points: readonly Point[], epsilon: number): Point[] {
  if (points.length <= 2) return points.map((p) => ({ ...p }));
  const keep = new Array<boolean>(points.length).fill(false);
  keep[0] = true;
  keep[points.length - 1] = true;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let worst = -1;
    let worstDistance = epsilon;
    for (let i = first + 1; i < last; i += 1) {
      const d = distanceToSegment(points[i], points[first], points[last]);
      if (d > worstDistance) {
        worstDistance = d;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = true;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]).map((p) => ({ ...p }));
}

/** A coordinate rounded to a hundredth of a point (keeps the saved annotation small). */
export function roundPt(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A stroke as drawn, smoothed and reduced for saving. */
export function smoothStroke(points: readonly Point[]): Point[] {
  if (points.length === 0) return [];
  const thinned = dropNearDuplicates(points, 0.75);
  const smooth = chaikin(thinned, 2);
  return simplify(smooth, 0.3).map((p) => ({ x: roundPt(p.x), y: roundPt(p.y) }));
}

/**
 * An SVG path through `points` drawn in a box whose units are PDF points with y going down
 * (`viewBox="0 0 widthPt heightPt"`); a single point becomes a dot.
 */
export function strokePath(points: readonly Point[], heightPt: number): string {
  if (points.length === 0) return '';
  const at = (p: Point) => `${roundPt(p.x)} ${roundPt(heightPt - p.y)}`;
  const [first, ...rest] = points;
  const tail = rest.length > 0 ? rest : [first];
  return `M${at(first)} ${tail.map((p) => `L${at(p)}`).join(' ')}`;
}
