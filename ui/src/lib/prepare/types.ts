/**
 * Wire types of preparing and managing meetings (the secretary's side), of RSVP and of
 * choosing among several enrolled profiles. camelCase JSON, exactly as the Rust side sends it.
 */
import type { DocumentKind, MeetingKind, Role } from '../types';

export type { DocumentKind, MeetingKind } from '../types';

/**
 * Who may read a document: every participant except guests, only the people named, or
 * everyone including guests.
 */
export type DocumentAccess = { kind: 'participants' } | { kind: 'named'; userIds: string[] } | { kind: 'everyone' };

/** The kind of a {@link DocumentAccess}. */
export type AccessKind = DocumentAccess['kind'];

/** Every access kind, in display order. */
export const ACCESS_KINDS: readonly AccessKind[] = ['participants', 'named', 'everyone'];

/** The general information of a meeting being prepared. Times are RFC 3339 with +07:00. */
export interface MeetingInfoInput {
  title: string;
  body: string;
  kind: MeetingKind;
  startsAt: string;
  endsAt: string | null;
  place: string;
  onlineLink: string | null;
}

/** Someone of the organisation's directory (`directory_people`). */
export interface Person {
  userId: string;
  displayName: string;
  /** Their position, e.g. "Giám đốc Sở Tài chính". */
  title: string;
  role: Role;
}

/** A document attached to an item of a draft. */
export interface DraftDocumentView {
  id: string;
  title: string;
  kind: DocumentKind;
  access: DocumentAccess;
  sizeBytes: number;
}

/** One agenda item of a draft; `depth` 1 is a sub-item of the depth-0 item above it. */
export interface DraftItemView {
  title: string;
  presenter: string | null;
  presentingAgency: string | null;
  durationMinutes: number | null;
  depth: 0 | 1;
  documents: DraftDocumentView[];
}

/** A meeting being prepared, not yet published. `participants` are user ids. */
export interface DraftView {
  id: string;
  info: MeetingInfoInput;
  participants: string[];
  items: DraftItemView[];
}

/** A line of the drafts list. */
export interface DraftSummary {
  id: string;
  title: string;
  startsAt: string;
  items: number;
  documents: number;
}

/** What sending a revised document did. */
export interface RevisionReport {
  revision: number;
  chunks: number;
  chunksSent: number;
  bytesSent: number;
}

/** A person's answer to an invitation. */
export type RsvpAnswer = 'attending' | 'absent';

/** Where a published meeting stands. */
export type MeetingStatus = 'scheduled' | 'postponed' | 'cancelled';

/** One person on the readiness board. */
export interface ReadinessLine {
  userId: string;
  displayName: string;
  role: string;
  /** The latest revision of every document they may read is on their device. */
  ready: boolean;
  heldRevision: number | null;
  online: boolean;
  lastSeenAt: string | null;
  rsvp: RsvpAnswer | null;
  rsvpReason: string | null;
}

/** The readiness board of a published meeting (`meeting_readiness`). */
export interface ReadinessBoard {
  meetingId: string;
  revision: number;
  people: ReadinessLine[];
}

/** A profile enrolled on this installation (`list_profiles`). */
export interface ProfileChoice {
  dir: string;
  displayName: string;
  role: string;
  organisation: string;
  current: boolean;
}
