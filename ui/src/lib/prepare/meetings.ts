/**
 * Reading the meeting list for members: upcoming and past meetings, the status of a meeting,
 * and whether a document was read. Fields the backend added later are optional in
 * `MeetingView`; missing ones read as their defaults here, so older data keeps working.
 */
import type { AgendaItemView, DocumentView, MeetingView } from '../types';
import type { MeetingStatus, RsvpAnswer } from './types';

/** A meeting counts as past once it started more than 12 hours ago. */
export const PAST_AFTER_MS = 12 * 60 * 60 * 1000;

/** The status of a meeting (`scheduled` when the backend does not say). */
export function meetingStatus(meeting: MeetingView): MeetingStatus {
  return meeting.status ?? 'scheduled';
}

/** This person's answer to the invitation, if any. */
export function myRsvp(meeting: MeetingView): RsvpAnswer | null {
  return meeting.myRsvp ?? null;
}

/** True when the meeting was cancelled or started more than 12 hours before `now` (epoch ms). */
export function isPast(meeting: MeetingView, now: number): boolean {
  if (meetingStatus(meeting) === 'cancelled') return true;
  const start = Date.parse(meeting.startsAt);
  if (Number.isNaN(start)) return false;
  return start + PAST_AFTER_MS < now;
}

function startOf(meeting: MeetingView): number {
  const start = Date.parse(meeting.startsAt);
  return Number.isNaN(start) ? Number.POSITIVE_INFINITY : start;
}

/** Splits meetings into upcoming (soonest first) and past (latest first). */
export function splitMeetings(
  meetings: readonly MeetingView[],
  now: number,
): { upcoming: MeetingView[]; past: MeetingView[] } {
  const upcoming: MeetingView[] = [];
  const past: MeetingView[] = [];
  for (const meeting of meetings) (isPast(meeting, now) ? past : upcoming).push(meeting);
  upcoming.sort((a, b) => startOf(a) - startOf(b));
  past.sort((a, b) => startOf(b) - startOf(a));
  return { upcoming, past };
}

/** Whether this person has read a document: never, an older revision, or the latest one. */
export type ReadState = 'new' | 'changed' | 'read';

/**
 * `new` when never opened, `changed` when the revision read is older than the latest, `read`
 * otherwise; `null` when the backend does not report reading at all.
 */
export function readState(doc: DocumentView): ReadState | null {
  if (doc.readRevision === undefined) return null;
  if (doc.readRevision === null) return 'new';
  return doc.readRevision < (doc.revision ?? 0) ? 'changed' : 'read';
}

/** The nesting depth of an agenda item (0 when the backend does not say). */
export function itemDepth(item: AgendaItemView): 0 | 1 {
  return item.depth === 1 ? 1 : 0;
}

/** Every document of the meeting, in agenda order. */
export function meetingDocuments(meeting: MeetingView): DocumentView[] {
  return meeting.agenda.flatMap((item) => item.documents);
}

/** A web address safe to put in a link: http or https only. */
export function safeLink(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
