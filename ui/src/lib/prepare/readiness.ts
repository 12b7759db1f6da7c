/** The readiness board's pure logic: sorting so that those who need attention come first, and counting. */
import type { ReadinessBoard, ReadinessLine } from './types';

/** The orders the board can be sorted in. */
export type ReadinessSort = 'ready' | 'online' | 'lastSeen' | 'rsvp' | 'name';

/** Every sort order, in the board's column order. */
export const READINESS_SORTS: readonly ReadinessSort[] = ['name', 'ready', 'online', 'lastSeen', 'rsvp'];

function byName(a: ReadinessLine, b: ReadinessLine): number {
  return a.displayName.localeCompare(b.displayName, 'vi');
}

function lastSeen(line: ReadinessLine): number {
  if (line.online) return Number.POSITIVE_INFINITY;
  const at = line.lastSeenAt === null ? Number.NaN : Date.parse(line.lastSeenAt);
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

function rsvpRank(line: ReadinessLine): number {
  if (line.rsvp === 'absent') return 0;
  if (line.rsvp === null) return 1;
  return 2;
}

const COMPARE: Record<ReadinessSort, (a: ReadinessLine, b: ReadinessLine) => number> = {
  ready: (a, b) => Number(a.ready) - Number(b.ready),
  online: (a, b) => Number(a.online) - Number(b.online),
  // Never seen first, then the longest unseen; those online now last.
  lastSeen: (a, b) => lastSeen(a) - lastSeen(b),
  rsvp: (a, b) => rsvpRank(a) - rsvpRank(b),
  name: byName,
};

/**
 * The board's lines in `sort` order; ties go not-ready first, then offline first, then by
 * name (Vietnamese order). The default `ready` puts those still missing documents on top.
 */
export function sortReadiness(lines: readonly ReadinessLine[], sort: ReadinessSort = 'ready'): ReadinessLine[] {
  return [...lines].sort(
    (a, b) => COMPARE[sort](a, b) || COMPARE.ready(a, b) || COMPARE.online(a, b) || byName(a, b),
  );
}

/** How many people are ready, out of how many; and how many are online. */
export function readinessCounts(board: ReadinessBoard): { ready: number; total: number; online: number } {
  return {
    ready: board.people.filter((line) => line.ready).length,
    total: board.people.length,
    online: board.people.filter((line) => line.online).length,
  };
}
