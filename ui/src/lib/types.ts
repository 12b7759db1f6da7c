/**
 * Wire types shared with the Rust side (src-tauri). Field names are camelCase,
 * exactly as the Rust structs serialise them with `#[serde(rename_all = "camelCase")]`.
 */
import type { DocumentAccess, MeetingStatus, RsvpAnswer } from './prepare/types';

/** A person's role in the organisation. */
export type Role = 'secretary' | 'chair' | 'member' | 'guest' | 'admin';

/** All roles, in display order. */
export const ROLES: readonly Role[] = ['secretary', 'chair', 'member', 'guest', 'admin'];

/** The profile enrolled on this machine (`profile_info`). */
export interface ProfileInfo {
  displayName: string;
  role: Role;
  organisation: string;
  serverUrl: string;
  /** This person's id on the server: finds "me" in the roster and the speakers queue. */
  userId: string;
}

/** Kind of meeting: kỳ họp, phiên họp, hội nghị. */
export type MeetingKind = 'session' | 'sitting' | 'conference';

/** All meeting kinds. */
export const MEETING_KINDS: readonly MeetingKind[] = ['session', 'sitting', 'conference'];

/**
 * Kind of document: tờ trình, dự thảo nghị quyết, báo cáo, đề án, giấy mời,
 * chương trình, biên bản, thông báo kết luận, khác.
 */
export type DocumentKind =
  | 'proposal'
  | 'draft_resolution'
  | 'report'
  | 'scheme'
  | 'invitation'
  | 'programme'
  | 'minutes'
  | 'conclusion_notice'
  | 'other';

/** All document kinds. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'proposal',
  'draft_resolution',
  'report',
  'scheme',
  'invitation',
  'programme',
  'minutes',
  'conclusion_notice',
  'other',
];

/**
 * A document attached to an agenda item; `available` = its content is on this device.
 * The optional fields came later: missing ones read as defaults (see `prepare/meetings.ts`).
 */
export interface DocumentView {
  id: string;
  title: string;
  kind: DocumentKind;
  sizeBytes: number;
  available: boolean;
  /** The latest revision. */
  revision?: number;
  /** The revision this person last opened; `null` = never opened ("Mới"). */
  readRevision?: number | null;
  /** Who may read it. */
  access?: DocumentAccess;
}

/** One item of a meeting's agenda; `depth` 1 is a sub-item (numbered "1.1"). */
export interface AgendaItemView {
  number: string;
  title: string;
  presenter: string | null;
  documents: DocumentView[];
  depth?: 0 | 1;
  /** Cơ quan trình. */
  presentingAgency?: string | null;
  durationMinutes?: number | null;
}

/** A meeting as held in the local store. `startsAt`/`endsAt` are RFC 3339 strings. */
export interface MeetingView {
  id: string;
  title: string;
  body: string;
  kind: MeetingKind;
  startsAt: string;
  endsAt: string | null;
  place: string;
  agenda: AgendaItemView[];
  /** Every document is on this device in its latest revision. */
  ready: boolean;
  /** `scheduled` when missing. */
  status?: MeetingStatus;
  /** Why it was postponed or cancelled. */
  statusReason?: string | null;
  onlineLink?: string | null;
  /** This person's answer to the invitation. */
  myRsvp?: RsvpAnswer | null;
  /**
   * The reason this person gave for being absent, if the backend reports it (not in the
   * agreed contract; shown when present).
   */
  myRsvpReason?: string | null;
  revision?: number;
}

/** What one `sync_now` did. */
export interface SyncReport {
  meetings: number;
  documentsFetched: number;
  chunksFetched: number;
  bytesFetched: number;
}

/** The background connection to the server, as the app's following reports it. */
export interface ConnectionState {
  online: boolean;
  reason: string | null;
  retryInSeconds: number | null;
}

/** How far a sync has come: ciphertext bytes here out of those needed. */
export interface SyncProgress {
  meetingId: string;
  documentId: string;
  documentDone: number;
  documentTotal: number;
  meetingDone: number;
  meetingTotal: number;
}

/** One page of an opened document, before any image is drawn. Sizes in PDF points. */
export interface PageLayout {
  widthPt: number;
  heightPt: number;
  label: string | null;
}

/** A bookmark of a document's outline; `page` is zero-based, null when it points elsewhere. */
export interface OutlineEntry {
  title: string;
  page: number | null;
  children: OutlineEntry[];
}

/** An opened document (`open_document`). */
export interface DocumentLayout {
  meetingId: string;
  documentId: string;
  title: string;
  pages: PageLayout[];
  outline: OutlineEntry[];
}

/** A box to highlight, as fractions (0–1) of the page from its top left corner. */
export interface HitRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One place a search found; `page` is zero-based. */
export interface SearchHit {
  documentId: string;
  documentTitle: string;
  page: number;
  before: string;
  matched: string;
  after: string;
  rects: HitRect[];
}

/** The answer of `search_meeting`. */
export interface SearchResults {
  query: string;
  hits: SearchHit[];
  truncated: boolean;
}
