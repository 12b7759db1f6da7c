import { describe, expect, it } from 'vitest';
import { sessionMeeting } from '../../test/fixtures';
import type { DocumentView, MeetingView } from '../types';
import { isPast, itemDepth, meetingStatus, myRsvp, readState, safeLink, splitMeetings } from './meetings';

const NOW = Date.parse('2026-11-30T09:00:00+07:00');

function meeting(id: string, startsAt: string, extra: Partial<MeetingView> = {}): MeetingView {
  return { ...sessionMeeting, id, startsAt, endsAt: null, ...extra };
}

describe('upcoming and past meetings', () => {
  it('counts a meeting as past 12 hours after its start, or once cancelled', () => {
    expect(isPast(meeting('a', '2026-11-29T21:00:00+07:00'), NOW)).toBe(false);
    expect(isPast(meeting('b', '2026-11-29T20:59:00+07:00'), NOW)).toBe(true);
    expect(isPast(meeting('c', '2026-12-10T08:00:00+07:00', { status: 'cancelled' }), NOW)).toBe(true);
    expect(isPast(meeting('d', '2026-12-10T08:00:00+07:00', { status: 'postponed' }), NOW)).toBe(false);
    expect(isPast(meeting('e', 'not a date'), NOW)).toBe(false);
  });

  it('puts the soonest upcoming first and the latest past first', () => {
    const list = [
      meeting('old', '2026-10-01T08:00:00+07:00'),
      meeting('later', '2026-12-20T08:00:00+07:00'),
      meeting('recent', '2026-11-24T08:00:00+07:00'),
      meeting('soon', '2026-12-01T08:00:00+07:00'),
      meeting('off', '2026-12-05T08:00:00+07:00', { status: 'cancelled' }),
    ];
    const { upcoming, past } = splitMeetings(list, NOW);
    expect(upcoming.map((m) => m.id)).toEqual(['soon', 'later']);
    expect(past.map((m) => m.id)).toEqual(['off', 'recent', 'old']);
  });
});

describe('defaults for fields older data lacks', () => {
  it('reads a meeting without status or RSVP as scheduled and unanswered', () => {
    expect(meetingStatus(sessionMeeting)).toBe('scheduled');
    expect(myRsvp(sessionMeeting)).toBeNull();
    expect(itemDepth(sessionMeeting.agenda[0])).toBe(0);
    expect(itemDepth({ ...sessionMeeting.agenda[0], depth: 1 })).toBe(1);
  });
});

describe('read state of a document', () => {
  const doc: DocumentView = sessionMeeting.agenda[0].documents[0];

  it('is new when never opened, changed when an older revision was read, read otherwise', () => {
    expect(readState({ ...doc, revision: 2, readRevision: null })).toBe('new');
    expect(readState({ ...doc, revision: 2, readRevision: 1 })).toBe('changed');
    expect(readState({ ...doc, revision: 2, readRevision: 2 })).toBe('read');
  });

  it('is unknown when the backend does not report it', () => {
    expect(readState(doc)).toBeNull();
  });
});

describe('online links', () => {
  it('keeps http and https addresses only', () => {
    expect(safeLink('https://hop.example.gov.vn/phong/12')).toBe('https://hop.example.gov.vn/phong/12');
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('not a link')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});
