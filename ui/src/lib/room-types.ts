/**
 * Wire types of the meeting room (issue 8): conduct, speakers, attendance and votes, as the
 * Rust side (src-tauri, `phonghop_core::room`) serialises them — camelCase fields, tagged
 * unions on `kind`.
 */

/** How a person takes part (domain `Presence`). */
export type Presence = 'in_person' | 'online' | 'absent';

/** One person on the roster. */
export interface RosterLine {
  userId: string;
  displayName: string;
  presence: Presence;
  /** The reason for an absence, opened on this device. */
  reason: string | null;
  atMs: number;
  /** A device of theirs follows the server now. */
  online?: boolean;
}

/** The quorum by the body's rule (domain `Quorum`). */
export interface Quorum {
  members: number;
  present: number;
  needed: number;
  met: boolean;
}

/** The roster with the quorum (`meeting_roster`). */
export interface RosterView {
  lines: RosterLine[];
  quorum: Quorum;
  /** Participants with a device following the server now (user ids), checked in or not. */
  online?: string[];
  /** Members expected who have not checked in yet. */
  awaiting?: AwaitingLine[];
}

/** Someone expected who has not checked in. */
export interface AwaitingLine {
  userId: string;
  displayName: string;
  online: boolean;
}

/** Where the meeting stands. */
export type ConductPhase = 'not_started' | 'in_progress' | 'paused' | 'ended';

/** Someone in the speakers queue. */
export interface SpeakerView {
  userId: string;
  displayName: string;
  /** Asked at (server clock, Unix ms). */
  requestedAtMs: number;
  /** Given the floor at, when speaking now (or when they spoke). */
  grantedAtMs: number | null;
  /** Their turn ended at (in `spoken`). */
  finishedAtMs?: number | null;
}

/** The meeting as the chair runs it (`conduct_state` and every conduct command). */
export interface ConductView {
  meetingId: string;
  phase: ConductPhase;
  /** The agenda item open now: its number ("1", "2.1"), or null. */
  currentItem: string | null;
  /** The speaker's time limit, in seconds (0: none). */
  speakingLimitSecs: number;
  /** Who has the floor, if anyone. */
  speaking: SpeakerView | null;
  /** Who waits, in the order they will speak. */
  waiting: SpeakerView[];
  /** Who has spoken, in order (for the minutes). */
  spoken?: SpeakerView[];
  /** The server's clock when this was read, so timers do not depend on this computer's. */
  serverNowMs: number;
}

/** What the chair does to the meeting (`conduct_action`). */
export type ConductAction =
  | { kind: 'start' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'end' }
  | { kind: 'open_item'; item: string }
  | { kind: 'set_speaking_limit'; secs: number };

/** What the chair does to the speakers queue (`speakers_action`). */
export type SpeakersAction =
  | { kind: 'grant'; userId: string }
  | { kind: 'finish' }
  | { kind: 'remove'; userId: string }
  | { kind: 'move'; userId: string; position: number };

/** The kind of a vote. */
export type VoteKind =
  | { kind: 'motion' }
  | { kind: 'options' }
  | { kind: 'election'; seats: number }
  | { kind: 'confidence' };

/** What the approvals are measured against. */
export type VoteBase = 'all_members' | 'present' | 'votes_cast';

/** The share needed. */
export type ThresholdChoice = 'more_than_half' | 'at_least_two_thirds';

/** What the chair fills in to open a vote (`open_vote`). */
export interface NewVote {
  question: string;
  kind: VoteKind;
  /**
   * Option labels: ignored for a motion (the standard three are used); the options of an
   * `options` vote; the candidates of an election; the people rated in a confidence vote.
   */
  options: string[];
  base: VoteBase;
  threshold: ThresholdChoice;
  /** Check the body's quorum at the close. */
  checkQuorum: boolean;
  /** Close automatically after this many seconds, or null. */
  closesInSecs: number | null;
  /** Whether a member may change their ballot before the close (default false). */
  allowChange?: boolean;
  /** The agenda item voted on (its number); the room sends the item open now. */
  item?: string | null;
  /**
   * Run as a secret ballot (bỏ phiếu kín), counted by this committee (ban kiểm phiếu): user
   * ids in seat order, and how many of them must publish to open the tally (k of n). A secret
   * vote cannot have `allowChange`.
   */
  secret?: { committee: string[]; threshold: number } | null;
}

/** One seat of a secret ballot's counting committee. */
export interface CommitteeSeat {
  /** The seat's share index. */
  index: number;
  userId: string;
  displayName: string;
  /** They published their partial decryption. */
  published: boolean;
}

/** A secret ballot's counting committee, as this device sees it. */
export interface SecretView {
  /** The committee's key, JSON text (ballots are encrypted to it). */
  electionKey: string;
  /** SHA-256 of the labels, hex. */
  labelsHash: string;
  /** Partial decryptions needed to open the tally (k). */
  threshold: number;
  /** The seats, in order. */
  committee: CommitteeSeat[];
  /** This person's seat (its `index`), if they sit on the committee. */
  mySeat: number | null;
}

/** Counts per level for one person in a confidence vote. */
export interface Rating {
  high: number;
  ordinary: number;
  low: number;
  /** More than half of all members rated low. */
  lowOverHalf: boolean;
  /** At least two thirds rated low (to be put to a vote of confidence). */
  lowTwoThirds: boolean;
}

/** The result of a closed vote. */
export interface VoteResult {
  /** Ballots per option (for a confidence vote: ballots that rated each person). */
  counts: number[];
  eligible: number;
  present: number;
  quorumMet: boolean | null;
  cast: number;
  base: number;
  needed: number;
  /**
   * A motion passed / an option was chosen / every seat was filled. Always false for a
   * confidence vote, which decides nothing by itself: show its ratings instead.
   */
  passed: boolean;
  /** The chosen option of an `options` vote. */
  winner: number | null;
  /** Candidates elected, best first. */
  elected: number[];
  /** Candidates tied for the last seat (another round is needed). */
  tied: number[];
  /** Confidence votes: one per person. */
  ratings: Rating[];
}

/** Who chose what, shown after the close of an open vote. */
export interface NamedBallotView {
  userId: string;
  displayName: string;
  choices: number[];
}

/** A vote as this device sees it (`meeting_votes` and every vote command). */
export interface VoteView {
  voteId: string;
  meetingId: string;
  question: string;
  /** The agenda item voted on (its number), if the chair named one. */
  item?: string | null;
  /** A ballot may be changed before the close (the latest counts). */
  allowChange?: boolean;
  kind: VoteKind;
  /** Option labels in order (for a motion: Tán thành, Không tán thành, Không biểu quyết). */
  options: string[];
  base: VoteBase;
  threshold: ThresholdChoice | 'custom';
  state: 'open' | 'closed';
  openedAtMs: number;
  closesAtMs: number | null;
  serverNowMs: number;
  eligible: number;
  /** Ballots received so far. */
  ballots: number;
  /** Who has voted so far (names only; choices stay hidden until the close). */
  voters: string[];
  /**
   * This person's own choices, once cast; an empty list when they voted (from another
   * device) but the choices are not known here before the close. Always empty once voted in
   * a secret vote: the choice is never kept on the computer.
   */
  myChoices: number[] | null;
  /**
   * A secret vote's receipt: the hex SHA-256 of this person's encrypted ballot, to find in the
   * published record. Null for an open vote or before voting.
   */
  myBallotHash: string | null;
  /** The counting committee of a secret ballot; null for an open vote. */
  secret: SecretView | null;
  /**
   * Set when the vote is closed; for a secret vote, only once `threshold` committee members
   * have published their partial decryptions.
   */
  result: VoteResult | null;
  /** Who chose what (open votes only; always empty for a secret vote). */
  namedBallots: NamedBallotView[];
  /**
   * The law wants this vote secret (a confidence vote) but it runs open: the screen must say
   * so plainly before anyone votes. False for a secret vote.
   */
  openAlthoughSecretByLaw: boolean;
}

/** A live signal about a meeting, from the `phonghop://meeting` event. */
export type MeetingSignal =
  | { kind: 'presenterPage'; documentId: string; page: number }
  | { kind: 'attendanceChanged' }
  | { kind: 'conductChanged' }
  | { kind: 'votesChanged' }
  /** Annotations shared in the meeting changed: the open document's are read again. */
  | { kind: 'annotations.changed' }
  | { kind: 'annotationsChanged' }
  | { kind: 'unknown' };

/** Payload of the `phonghop://meeting` event. */
export interface MeetingSignalEvent {
  meetingId: string;
  signal: MeetingSignal;
}

/** The minutes (biên bản) draft, as the secretary edits it before export. */
export interface MinutesDraft {
  meetingId: string;
  /** "Số: …/BB-HĐND". */
  number: string;
  /** "Quảng Nam, ngày 24 tháng 11 năm 2026". */
  placeAndDate: string;
  /** Headed sections, generated from the agenda, attendance, speakers and votes. */
  sections: { heading: string; text: string }[];
  secretary: string;
  chair: string;
}
