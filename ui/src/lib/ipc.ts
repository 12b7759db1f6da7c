/**
 * Typed calls to the Rust side. Every Tauri command has one function here;
 * components never call `invoke` directly. Any rejection becomes an {@link AppError}.
 */
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { AnnotationInput, AnnotationView, DocumentAnnotations, PageChar } from './annotations/types';
import type {
  ConductAction,
  ConductView,
  MeetingSignalEvent,
  MinutesDraft,
  NewVote,
  Presence,
  RosterView,
  SpeakersAction,
  VoteView,
} from './room-types';
import type {
  DocumentAccess,
  DocumentKind,
  DraftSummary,
  DraftView,
  MeetingInfoInput,
  Person,
  ProfileChoice,
  ReadinessBoard,
  RevisionReport,
  RsvpAnswer,
} from './prepare/types';
import type {
  ConnectionState,
  DocumentLayout,
  MeetingView,
  ProfileInfo,
  SearchResults,
  SyncProgress,
  SyncReport,
} from './types';

/** Error codes the backend is known to send; others may arrive and are shown with a generic text. */
export const ERROR_CODES = [
  'internal',
  'profile.missing',
  'profile.locked',
  'crypto.wrong_passphrase',
  'store.open_failed',
  'store.corrupt',
  'sync.unreachable',
  'sync.unauthorized',
  'sync.server_error',
  'sync.bad_response',
  'crypto.decrypt_failed',
  'crypto.bad_key',
  'profile.damaged',
  'store.disk_full',
  'sync.forbidden',
  'sync.integrity',
  'crypto.bad_signature',
  'crypto.chunk_mismatch',
  'crypto.chunk_missing',
  'pdf.malformed',
  'pdf.password_protected',
  'pdf.page_too_large',
  'pdf.no_such_page',
  'pdf.library_missing',
  'document.not_downloaded',
  'document.not_found',
  'meeting.not_found',
  'pdf.render_failed',
  'pdf.worker_stopped',
  'pdf.invalid_request',
  'page.bad_request',
  'vote.closed',
  'vote.already_voted',
  'vote.bad_choice',
  'vote.bad_signature',
  'vote.queued',
  'vote.bad_options',
  'vote.bad_question',
  'vote.bad_receipt',
  'vote.not_entitled',
  'vote.still_open',
  'vote.secret',
  'vote.bad_proof',
  'vote.copied_ballot',
  'vote.bad_secret',
  'vote.bad_committee',
  'vote.not_secret',
  'vote.partial_exists',
  'vote.bad_partial',
  'vote.labels_mismatch',
  'ballot.bad_choice',
  'ballot.bad_proof',
  'ballot.bad_share',
  'ballot.too_few_shares',
  'ballot.bad_committee',
  'ballot.wrong_shape',
  'ballot.bad_context',
  'ballot.count_out_of_range',
  'conduct.wrong_phase',
  'conduct.bad_item',
  'conduct.bad_limit',
  'speakers.not_waiting',
  'speakers.already_waiting',
  'speakers.nobody_speaking',
  'speakers.full',
  'auth.forbidden',
  'annotation.not_found',
  'annotation.not_yours',
  'annotation.bad_anchor',
  'annotation.key_unavailable',
  'export.failed',
  'draft.not_found',
  'draft.empty_title',
  'draft.no_participants',
  'draft.bad_time',
  'document.unsupported_type',
  'meeting.cancelled',
  'rsvp.reason_required',
  'profile.not_found',
  'draft.folder_missing',
] as const;

/** A known error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error from the backend (or from calling it), with a stable machine-readable code. */
export class AppError extends Error {
  /** Stable code such as `sync.unreachable`; `internal` when the cause is unknown. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns anything a rejected `invoke` may produce into an {@link AppError}.
 * The backend rejects with `{ code, message }`; anything else becomes code `internal`.
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (isRecord(reason) && typeof reason.code === 'string' && reason.code.length > 0) {
    const message = typeof reason.message === 'string' ? reason.message : reason.code;
    return new AppError(reason.code, message);
  }
  if (reason instanceof Error) return new AppError('internal', reason.message);
  if (typeof reason === 'string') return new AppError('internal', reason);
  let text: string;
  try {
    text = JSON.stringify(reason) ?? String(reason);
  } catch {
    text = String(reason);
  }
  return new AppError('internal', text);
}

/**
 * The Tauri command names this UI uses; the Rust side must register exactly these (and
 * those of {@link PREPARE_COMMANDS}).
 */
export const COMMANDS = {
  profileInfo: 'profile_info',
  unlockProfile: 'unlock_profile',
  listMeetings: 'list_meetings',
  syncNow: 'sync_now',
  openDocument: 'open_document',
  closeDocument: 'close_document',
  searchMeeting: 'search_meeting',
  meetingRoster: 'meeting_roster',
  checkIn: 'check_in',
  conductState: 'conduct_state',
  conductAction: 'conduct_action',
  requestToSpeak: 'request_to_speak',
  withdrawFromSpeakers: 'withdraw_from_speakers',
  speakersAction: 'speakers_action',
  presentPage: 'present_page',
  meetingVotes: 'meeting_votes',
  openVote: 'open_vote',
  castBallot: 'cast_ballot',
  closeVote: 'close_vote',
  minutesDraft: 'minutes_draft',
  exportMinutes: 'export_minutes',
  exportVoteReport: 'export_vote_report',
  publishPartialDecryption: 'publish_partial_decryption',
  documentAnnotations: 'document_annotations',
  meetingAnnotations: 'meeting_annotations',
  saveAnnotation: 'save_annotation',
  deleteAnnotation: 'delete_annotation',
  pageChars: 'page_chars',
  exportAnnotatedCopy: 'export_annotated_copy',
} as const;

/** Calls a Tauri command and normalises any failure into an {@link AppError}. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

/** The profile enrolled on this machine, or `null` when the device is not enrolled yet. */
export function profileInfo(): Promise<ProfileInfo | null> {
  return call<ProfileInfo | null>(COMMANDS.profileInfo);
}

/** Unlocks a profile protected by a passphrase; rejects with `crypto.wrong_passphrase`. */
export function unlockProfile(passphrase: string): Promise<ProfileInfo> {
  return call<ProfileInfo>(COMMANDS.unlockProfile, { passphrase });
}

/** The meetings held in the local store (fast, works offline). */
export function listMeetings(): Promise<MeetingView[]> {
  return call<MeetingView[]>(COMMANDS.listMeetings);
}

/**
 * Contacts the server and brings the local store up to date, telling `onProgress` how many
 * bytes of the meeting being fetched are here. May reject with `sync.unreachable`.
 */
export function syncNow(onProgress?: (progress: SyncProgress) => void): Promise<SyncReport> {
  const channel = new Channel<SyncProgress>();
  if (onProgress) channel.onmessage = onProgress;
  return call<SyncReport>(COMMANDS.syncNow, { onProgress: channel });
}

/** Events the Rust side emits while it follows the server. */
export const EVENTS = {
  connection: 'phonghop://connection',
  synced: 'phonghop://synced',
  meeting: 'phonghop://meeting',
} as const;

/** What to do when the app's background following reports. */
export interface FeedHandlers {
  connection(state: ConnectionState): void;
  synced(report: SyncReport): void;
}

/** Listens to the background following; resolves to a function that stops listening. */
export async function listenToFeed(handlers: FeedHandlers): Promise<() => void> {
  const stopConnection = await listen<ConnectionState>(EVENTS.connection, (event) =>
    handlers.connection(event.payload),
  );
  const stopSynced = await listen<SyncReport>(EVENTS.synced, (event) => handlers.synced(event.payload));
  return () => {
    stopConnection();
    stopSynced();
  };
}

/** Opens a document for reading: page sizes, labels and outline (pages come as images). */
export function openDocument(meetingId: string, documentId: string): Promise<DocumentLayout> {
  return call<DocumentLayout>(COMMANDS.openDocument, { meetingId, documentId });
}

/** Tells the Rust side the viewer left a document, so its rendered pages are freed. */
export function closeDocument(meetingId: string, documentId: string): Promise<void> {
  return call<void>(COMMANDS.closeDocument, { meetingId, documentId });
}

/** Searches every downloaded document of a meeting (diacritics and case are ignored). */
export function searchMeeting(meetingId: string, query: string): Promise<SearchResults> {
  return call<SearchResults>(COMMANDS.searchMeeting, { meetingId, query });
}

// ——— The meeting room (issue 8) ———

/** Who is here and the quorum. */
export function meetingRoster(meetingId: string): Promise<RosterView> {
  return call<RosterView>(COMMANDS.meetingRoster, { meetingId });
}

/** Checks this person in (or out: `absent`, with an optional reason sealed for the meeting). */
export function checkIn(
  meetingId: string,
  presence: Presence,
  reason: string | null,
  forUser: string | null = null,
): Promise<RosterView> {
  return call<RosterView>(COMMANDS.checkIn, { meetingId, presence, reason, forUser });
}

/** Where the meeting stands: phase, open item, speakers. */
export function conductState(meetingId: string): Promise<ConductView> {
  return call<ConductView>(COMMANDS.conductState, { meetingId });
}

/** The chair runs the meeting; others are refused with `auth.forbidden`. */
export function conductAction(meetingId: string, action: ConductAction): Promise<ConductView> {
  return call<ConductView>(COMMANDS.conductAction, { meetingId, action });
}

/** Puts this person in the speakers queue. */
export function requestToSpeak(meetingId: string): Promise<ConductView> {
  return call<ConductView>(COMMANDS.requestToSpeak, { meetingId });
}

/** Takes this person out of the speakers queue. */
export function withdrawFromSpeakers(meetingId: string): Promise<ConductView> {
  return call<ConductView>(COMMANDS.withdrawFromSpeakers, { meetingId });
}

/**
 * The chair manages the queue. `move` takes `position`, the zero-based place in `waiting`
 * the person goes to.
 */
export function speakersAction(meetingId: string, action: SpeakersAction): Promise<ConductView> {
  return call<ConductView>(COMMANDS.speakersAction, { meetingId, action });
}

/** Shows page `page` (zero-based) of a document to everyone following the presenter. */
export function presentPage(meetingId: string, documentId: string, page: number): Promise<void> {
  return call<void>(COMMANDS.presentPage, { meetingId, documentId, page });
}

/** Every vote of the meeting, as this device sees it. */
export function meetingVotes(meetingId: string): Promise<VoteView[]> {
  return call<VoteView[]>(COMMANDS.meetingVotes, { meetingId });
}

/** The chair opens a vote. */
export function openVote(meetingId: string, vote: NewVote): Promise<VoteView> {
  return call<VoteView>(COMMANDS.openVote, { meetingId, vote });
}

/**
 * Casts this person's ballot, which cannot be changed afterwards (unless the vote allows it).
 * For a secret vote the Rust side encrypts the choices on this computer and keeps only the
 * receipt (`myBallotHash`), never the choices. `choices`: a motion or an
 * options vote, the one chosen index; an election, the indices of the candidates ticked; a
 * confidence vote, one level per person in order (0 tín nhiệm cao, 1 tín nhiệm, 2 tín nhiệm thấp).
 */
export function castBallot(meetingId: string, voteId: string, choices: number[]): Promise<VoteView> {
  return call<VoteView>(COMMANDS.castBallot, { meetingId, voteId, choices });
}

/** The chair closes a vote; the answer carries the result. */
export function closeVote(meetingId: string, voteId: string): Promise<VoteView> {
  return call<VoteView>(COMMANDS.closeVote, { meetingId, voteId });
}

/**
 * A member of a secret vote's counting committee publishes their partial decryption after
 * the close (it takes a few seconds); once `threshold` members have, the answer carries the
 * result.
 */
export function publishPartialDecryption(meetingId: string, voteId: string): Promise<VoteView> {
  return call<VoteView>(COMMANDS.publishPartialDecryption, { meetingId, voteId });
}

/** The minutes as generated from the agenda, attendance, speakers and votes. */
export function minutesDraft(meetingId: string): Promise<MinutesDraft> {
  return call<MinutesDraft>(COMMANDS.minutesDraft, { meetingId });
}

/** Writes the (edited) minutes as a PDF; resolves to the path written. */
export function exportMinutes(draft: MinutesDraft): Promise<string> {
  return call<string>(COMMANDS.exportMinutes, { draft });
}

/** Writes the vote-counting report (biên bản kiểm phiếu) of a closed vote; resolves to its path. */
export function exportVoteReport(meetingId: string, voteId: string): Promise<string> {
  return call<string>(COMMANDS.exportVoteReport, { meetingId, voteId });
}

// ——— Annotations ———

/**
 * The annotations of a document's current revision this person may see: their own and those
 * shared with them; `unplaced` lists text annotations the revision lost (kept, not dropped).
 */
export function documentAnnotations(meetingId: string, documentId: string): Promise<DocumentAnnotations> {
  return call<DocumentAnnotations>(COMMANDS.documentAnnotations, { meetingId, documentId });
}

/** Every annotation of this person in the meeting, and those shared with them (for the panel). */
export function meetingAnnotations(meetingId: string): Promise<AnnotationView[]> {
  return call<AnnotationView[]>(COMMANDS.meetingAnnotations, { meetingId });
}

/** Creates an annotation, or updates the one whose `id` is given; works offline. */
export function saveAnnotation(meetingId: string, annotation: AnnotationInput): Promise<AnnotationView> {
  return call<AnnotationView>(COMMANDS.saveAnnotation, { meetingId, annotation });
}

/** Deletes one of this person's annotations (others are refused with `annotation.not_yours`). */
export function deleteAnnotation(meetingId: string, annotationId: string): Promise<void> {
  return call<void>(COMMANDS.deleteAnnotation, { meetingId, annotationId });
}

/** The characters of page `page` (zero-based) with their boxes, to anchor highlights. */
export function pageChars(meetingId: string, documentId: string, page: number): Promise<PageChar[]> {
  return call<PageChar[]>(COMMANDS.pageChars, { meetingId, documentId, page });
}

/** Writes a copy of the document with this person's annotations as a PDF; resolves to its path. */
export function exportAnnotatedCopy(meetingId: string, documentId: string): Promise<string> {
  return call<string>(COMMANDS.exportAnnotatedCopy, { meetingId, documentId });
}

/** Listens to live signals of the meetings; resolves to a function that stops listening. */
export async function listenToMeeting(handler: (event: MeetingSignalEvent) => void): Promise<() => void> {
  return listen<MeetingSignalEvent>(EVENTS.meeting, (event) => handler(event.payload));
}

// ——— Preparing meetings (the secretary), RSVP and profiles ———

/**
 * The command names of preparing and managing meetings, answering invitations and choosing a
 * profile; the Rust side must register these too.
 */
export const PREPARE_COMMANDS = {
  directoryPeople: 'directory_people',
  listDrafts: 'list_drafts',
  getDraft: 'get_draft',
  createDraft: 'create_draft',
  saveDraft: 'save_draft',
  discardDraft: 'discard_draft',
  attachDocument: 'attach_document',
  attachDocumentPath: 'attach_document_path',
  publishDraft: 'publish_draft',
  cloneMeeting: 'clone_meeting',
  reviseDocument: 'revise_document',
  postponeMeeting: 'postpone_meeting',
  cancelMeeting: 'cancel_meeting',
  meetingReadiness: 'meeting_readiness',
  rsvp: 'rsvp',
  listProfiles: 'list_profiles',
  chooseProfile: 'choose_profile',
  watchDraftFolder: 'watch_draft_folder',
  stopWatchingFolder: 'stop_watching_folder',
  watchedFolder: 'watched_folder',
} as const;

/** Event: the watch folder of a draft changed it, or stopped (`error`). */
export const DRAFT_FOLDER_EVENT = 'phonghop://draft-folder';

/** What the watch folder did to a draft. */
export interface DraftFolderEvent {
  draftId: string;
  change: { change: 'added' | 'updated' | 'renamed' | 'removed' | 'failed'; name?: string; to?: string } | null;
  error: { code: string; message: string } | null;
}

/** Watches a folder for a draft: files put there become its documents. Resolves to the folder. */
export function watchDraftFolder(draftId: string, folder: string): Promise<string> {
  return call<string>(PREPARE_COMMANDS.watchDraftFolder, { draftId, folder });
}

/** Stops watching a draft's folder. */
export function stopWatchingFolder(draftId: string): Promise<void> {
  return call<void>(PREPARE_COMMANDS.stopWatchingFolder, { draftId });
}

/** The folder watched for a draft, if any. */
export function watchedFolder(draftId: string): Promise<string | null> {
  return call<string | null>(PREPARE_COMMANDS.watchedFolder, { draftId });
}

/** Listens to watch-folder changes; resolves to a function that stops listening. */
export async function listenToDraftFolder(handler: (event: DraftFolderEvent) => void): Promise<() => void> {
  return listen<DraftFolderEvent>(DRAFT_FOLDER_EVENT, (event) => handler(event.payload));
}

/** The people of the organisation, who can be invited (guests have role `guest`). */
export function directoryPeople(): Promise<Person[]> {
  return call<Person[]>(PREPARE_COMMANDS.directoryPeople);
}

/** The meetings being prepared on this computer. */
export function listDrafts(): Promise<DraftSummary[]> {
  return call<DraftSummary[]>(PREPARE_COMMANDS.listDrafts);
}

/** One draft, whole. */
export function getDraft(draftId: string): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.getDraft, { draftId });
}

/** Starts a draft from the meeting's information and participants (user ids). */
export function createDraft(info: MeetingInfoInput, participants: string[]): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.createDraft, { info, participants });
}

/**
 * Saves the whole draft: information, participants, items in order with their nesting and
 * fields, and per item its documents by id in order (a document in no item is dropped).
 */
export function saveDraft(draft: DraftView): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.saveDraft, { draft });
}

/** Throws a draft away with its documents. */
export function discardDraft(draftId: string): Promise<void> {
  return call<void>(PREPARE_COMMANDS.discardDraft, { draftId });
}

/**
 * Attaches a file's bytes (PDF, or .docx/.odt/.jpg/.png which the backend converts) to the
 * item at index `item`; may take a while.
 */
export function attachDocument(
  draftId: string,
  item: number,
  title: string,
  kind: DocumentKind,
  access: DocumentAccess,
  bytesBase64: string,
): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.attachDocument, { draftId, item, title, kind, access, bytesBase64 });
}

/** Attaches a file dropped on the window, by its path (the backend reads and converts it). */
export function attachDocumentPath(
  draftId: string,
  item: number,
  path: string,
  kind: DocumentKind,
  access: DocumentAccess,
): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.attachDocumentPath, { draftId, item, path, kind, access });
}

/** Publishes a draft to its participants; resolves to the new meeting's id. */
export function publishDraft(draftId: string): Promise<string> {
  return call<string>(PREPARE_COMMANDS.publishDraft, { draftId });
}

/** A new draft with a meeting's information, participants and agenda (no documents). */
export function cloneMeeting(meetingId: string): Promise<DraftView> {
  return call<DraftView>(PREPARE_COMMANDS.cloneMeeting, { meetingId });
}

/** Sends a new revision of a published document to everyone who may read it. */
export function reviseDocument(meetingId: string, documentId: string, bytesBase64: string): Promise<RevisionReport> {
  return call<RevisionReport>(PREPARE_COMMANDS.reviseDocument, { meetingId, documentId, bytesBase64 });
}

/** Moves a published meeting to a new time, telling everyone why. */
export function postponeMeeting(
  meetingId: string,
  startsAt: string,
  endsAt: string | null,
  reason: string,
): Promise<void> {
  return call<void>(PREPARE_COMMANDS.postponeMeeting, { meetingId, startsAt, endsAt, reason });
}

/** Cancels a published meeting. */
export function cancelMeeting(meetingId: string, reason: string | null): Promise<void> {
  return call<void>(PREPARE_COMMANDS.cancelMeeting, { meetingId, reason });
}

/** Per participant: documents on their device, connection, last seen and answer. */
export function meetingReadiness(meetingId: string): Promise<ReadinessBoard> {
  return call<ReadinessBoard>(PREPARE_COMMANDS.meetingReadiness, { meetingId });
}

/** Answers an invitation; an absence needs a reason (`rsvp.reason_required`). */
export function sendRsvp(meetingId: string, answer: RsvpAnswer, reason: string | null): Promise<void> {
  return call<void>(PREPARE_COMMANDS.rsvp, { meetingId, answer, reason });
}

/** The profiles enrolled on this installation. */
export function listProfiles(): Promise<ProfileChoice[]> {
  return call<ProfileChoice[]>(PREPARE_COMMANDS.listProfiles);
}

/** Makes the profile in `dir` the current one. */
export function chooseProfile(dir: string): Promise<ProfileInfo> {
  return call<ProfileInfo>(PREPARE_COMMANDS.chooseProfile, { dir });
}
