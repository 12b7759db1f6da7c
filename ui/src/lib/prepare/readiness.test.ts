import { describe, expect, it } from 'vitest';
import { readinessCounts, sortReadiness } from './readiness';
import type { ReadinessLine } from './types';

function line(userId: string, displayName: string, extra: Partial<ReadinessLine> = {}): ReadinessLine {
  return {
    userId,
    displayName,
    role: 'member',
    ready: true,
    heldRevision: 1,
    online: true,
    lastSeenAt: null,
    rsvp: null,
    rsvpReason: null,
    ...extra,
  };
}

const lines = [
  line('u1', 'Trần Văn An'),
  line('u2', 'Đỗ Thị Lan', { ready: false, online: false, lastSeenAt: '2026-11-30T07:00:00+07:00', rsvp: 'attending' }),
  line('u3', 'Bùi Văn Cường', { ready: false, rsvp: 'absent', rsvpReason: 'Đi công tác' }),
  line('u4', 'Ánh Nguyệt', { online: false, lastSeenAt: null }),
];

describe('readiness board', () => {
  it('puts those not ready first, offline first among them, then by Vietnamese name', () => {
    expect(sortReadiness(lines).map((l) => l.userId)).toEqual(['u2', 'u3', 'u4', 'u1']);
  });

  it('sorts by name, connection, last seen and answer', () => {
    expect(sortReadiness(lines, 'name').map((l) => l.displayName)).toEqual([
      'Ánh Nguyệt',
      'Bùi Văn Cường',
      'Đỗ Thị Lan',
      'Trần Văn An',
    ]);
    expect(sortReadiness(lines, 'online').map((l) => l.userId)).toEqual(['u2', 'u4', 'u3', 'u1']);
    // Never seen, then longest unseen; online now last.
    expect(sortReadiness(lines, 'lastSeen').map((l) => l.userId)).toEqual(['u4', 'u2', 'u3', 'u1']);
    expect(sortReadiness(lines, 'rsvp').map((l) => l.userId)).toEqual(['u3', 'u4', 'u1', 'u2']);
  });

  it('counts who is ready and online', () => {
    expect(readinessCounts({ meetingId: 'm', revision: 3, people: lines })).toEqual({ ready: 2, total: 4, online: 2 });
  });
});
