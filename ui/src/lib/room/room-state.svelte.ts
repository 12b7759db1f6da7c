/**
 * What the meeting room knows and does for one meeting: the roster and quorum, the conduct
 * (phase, open item, speakers), the votes, the presenter's page and the minutes draft.
 * Live signals (`phonghop://meeting`) make it read again what changed; every action returns
 * the fresh view, which replaces the one shown. Components read its `$state` fields.
 */
import {
  AppError,
  castBallot,
  checkIn,
  closeVote,
  conductAction,
  conductState,
  exportMinutes,
  exportVoteReport,
  listenToMeeting,
  meetingRoster,
  meetingVotes,
  minutesDraft,
  openVote,
  publishPartialDecryption,
  requestToSpeak,
  speakersAction,
  toAppError,
  withdrawFromSpeakers,
} from '../ipc';
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
} from '../room-types';
import type { ProfileInfo, Role } from '../types';
import { clockOffset } from './timing';

/** Minutes drafts being edited, by meeting: kept in memory only (never on disk, which holds
 * only ciphertext), so leaving the room and coming back loses no edit. */
const drafts = new Map<string, MinutesDraft>();

/** Forgets every minutes draft (tests). */
export function forgetMinutesDrafts(): void {
  drafts.clear();
}

/** Where the presenter is. */
export interface PresenterPosition {
  documentId: string;
  page: number;
}

type Resource = 'roster' | 'conduct' | 'votes';

/** Roles that take part as members: check in, ask to speak, vote. */
export function takesPart(role: Role | undefined): boolean {
  return role === 'chair' || role === 'secretary' || role === 'member';
}

/** State and actions of the meeting room. */
export class RoomState {
  readonly meetingId: string;
  readonly profile: ProfileInfo | null;

  roster = $state<RosterView | null>(null);
  conduct = $state<ConductView | null>(null);
  votes = $state<VoteView[]>([]);
  /** True until the first reading answered. */
  loading = $state(true);
  /** The error to show in the banner. */
  error = $state<AppError | null>(null);
  /** The server could not be reached at the last reading. */
  offline = $state(false);
  /** The page the presenter showed last, if any. */
  presenter = $state<PresenterPosition | null>(null);
  /** The minutes draft, once loaded. */
  minutes = $state<MinutesDraft | null>(null);
  /** This computer's clock (ms), ticking while the room is open. */
  now = $state(Date.now());
  /** Server clock minus this computer's clock, from the last view that carried it. */
  offsetMs = $state(0);

  private readonly issued: Record<Resource, number> = { roster: 0, conduct: 0, votes: 0 };
  private readonly applied: Record<Resource, number> = { roster: 0, conduct: 0, votes: 0 };
  private stopListening: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(meetingId: string, profile: ProfileInfo | null) {
    this.meetingId = meetingId;
    this.profile = profile;
    this.minutes = drafts.get(meetingId) ?? null;
  }

  /** The server's clock now. */
  get serverNow(): number {
    return this.now + this.offsetMs;
  }

  get role(): Role | undefined {
    return this.profile?.role;
  }

  get isChair(): boolean {
    return this.role === 'chair';
  }

  /** The chair and the secretary keep the minutes and show pages to everyone. */
  get keepsRecord(): boolean {
    return this.role === 'chair' || this.role === 'secretary';
  }

  /** True for a line of the roster or queue that is this person. */
  isMe(userId: string): boolean {
    return this.profile !== null && userId === this.profile.userId;
  }

  /** Reads everything, then follows live signals and ticks the clock. */
  async start(): Promise<void> {
    this.loading = true;
    this.ticker = setInterval(() => {
      this.now = Date.now();
    }, 500);
    try {
      this.stopListening = await listenToMeeting((event) => this.handle(event));
      if (this.stopped) this.stop();
    } catch {
      // Without live signals the room still works; every action returns fresh views.
    }
    await Promise.all([this.refreshRoster(), this.refreshConduct(), this.refreshVotes()]);
    this.loading = false;
  }

  /** Stops following and ticking (the room was closed). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    try {
      this.stopListening?.();
    } catch {
      // The event system is already gone (the window is closing): nothing to stop.
    }
    this.stopListening = null;
  }

  /** Reacts to a live signal of this meeting. */
  handle(event: MeetingSignalEvent): void {
    if (event.meetingId !== this.meetingId) return;
    const signal = event.signal;
    switch (signal.kind) {
      case 'attendanceChanged':
        void this.refreshRoster();
        break;
      case 'conductChanged':
        void this.refreshConduct();
        break;
      case 'votesChanged':
        void this.refreshVotes();
        break;
      case 'presenterPage':
        this.presenter = { documentId: signal.documentId, page: signal.page };
        break;
      default:
        break;
    }
  }

  refreshRoster(): Promise<boolean> {
    return this.read('roster', () => meetingRoster(this.meetingId), (view) => (this.roster = view));
  }

  refreshConduct(): Promise<boolean> {
    return this.read('conduct', () => conductState(this.meetingId), (view) => this.setConduct(view));
  }

  refreshVotes(): Promise<boolean> {
    return this.read('votes', () => meetingVotes(this.meetingId), (list) => this.setVotes(list));
  }

  /** Checks this person in; `reason` only counts for an absence. */
  checkIn(presence: Presence, reason: string | null): Promise<boolean> {
    const text = presence === 'absent' && reason && reason.trim() ? reason.trim() : null;
    return this.act('roster', () => checkIn(this.meetingId, presence, text), (view) => (this.roster = view));
  }

  /** The chair or the secretary records someone's presence at the door. */
  checkInFor(userId: string, presence: Presence): Promise<boolean> {
    return this.act('roster', () => checkIn(this.meetingId, presence, null, userId), (view) => (this.roster = view));
  }

  /** The chair's conduct of the meeting. */
  conductAction(action: ConductAction): Promise<boolean> {
    return this.act('conduct', () => conductAction(this.meetingId, action), (view) => this.setConduct(view));
  }

  requestToSpeak(): Promise<boolean> {
    return this.act('conduct', () => requestToSpeak(this.meetingId), (view) => this.setConduct(view));
  }

  withdrawFromSpeakers(): Promise<boolean> {
    return this.act('conduct', () => withdrawFromSpeakers(this.meetingId), (view) => this.setConduct(view));
  }

  /** The chair's management of the speakers queue. */
  speakersAction(action: SpeakersAction): Promise<boolean> {
    return this.act('conduct', () => speakersAction(this.meetingId, action), (view) => this.setConduct(view));
  }

  openVote(vote: NewVote): Promise<boolean> {
    // A vote is on the agenda item open now, unless the form named another.
    const onItem: NewVote = { ...vote, item: vote.item ?? this.conduct?.currentItem ?? null };
    return this.act('votes', () => openVote(this.meetingId, onItem), (view) => this.upsertVote(view));
  }

  castBallot(voteId: string, choices: number[]): Promise<boolean> {
    return this.act('votes', () => castBallot(this.meetingId, voteId, choices), (view) => this.upsertVote(view));
  }

  closeVote(voteId: string): Promise<boolean> {
    return this.act('votes', () => closeVote(this.meetingId, voteId), (view) => this.upsertVote(view));
  }

  /** A counting-committee member publishes their partial decryption of a closed secret vote. */
  publishPartial(voteId: string): Promise<boolean> {
    return this.act(
      'votes',
      () => publishPartialDecryption(this.meetingId, voteId),
      (view) => this.upsertVote(view),
    );
  }

  /** Loads (or loads again, dropping edits) the generated minutes. */
  async loadMinutes(): Promise<boolean> {
    try {
      const draft = await minutesDraft(this.meetingId);
      this.minutes = draft;
      // Keep the reactive draft itself, so edits made in place are what is remembered.
      drafts.set(this.meetingId, this.minutes);
      return true;
    } catch (reason) {
      this.fail(reason);
      return false;
    }
  }

  /** Writes the minutes as a PDF; the path, or null on failure. */
  async exportMinutes(): Promise<string | null> {
    if (!this.minutes) return null;
    try {
      return await exportMinutes($state.snapshot(this.minutes));
    } catch (reason) {
      this.fail(reason);
      return null;
    }
  }

  /** Writes the vote-counting report of a closed vote; the path, or null on failure. */
  async exportVoteReport(voteId: string): Promise<string | null> {
    try {
      return await exportVoteReport(this.meetingId, voteId);
    } catch (reason) {
      this.fail(reason);
      return null;
    }
  }

  dismissError(): void {
    this.error = null;
  }

  private setConduct(view: ConductView): void {
    this.conduct = view;
    this.syncClock(view.serverNowMs);
  }

  private setVotes(list: VoteView[]): void {
    this.votes = list;
    if (list.length > 0) this.syncClock(Math.max(...list.map((vote) => vote.serverNowMs)));
  }

  private upsertVote(view: VoteView): void {
    const index = this.votes.findIndex((vote) => vote.voteId === view.voteId);
    if (index >= 0) this.votes[index] = view;
    else this.votes.push(view);
    this.syncClock(view.serverNowMs);
  }

  private syncClock(serverNowMs: number): void {
    const local = Date.now();
    this.now = local;
    this.offsetMs = clockOffset(serverNowMs, local);
  }

  private fail(reason: unknown): void {
    const error = toAppError(reason);
    if (error.code === 'sync.unreachable') this.offline = true;
    else this.error = error;
  }

  /**
   * Runs a request for `resource` and applies its answer unless a request started later has
   * already been applied (an older answer never replaces a newer one).
   */
  private async read<T>(resource: Resource, request: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    const serial = ++this.issued[resource];
    try {
      const value = await request();
      if (serial > this.applied[resource]) {
        this.applied[resource] = serial;
        apply(value);
      }
      this.offline = false;
      return true;
    } catch (reason) {
      this.fail(reason);
      return false;
    }
  }

  /** An action: like a reading, and the banner is cleared first. */
  private act<T>(resource: Resource, request: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    this.error = null;
    return this.read(resource, request, apply);
  }
}
