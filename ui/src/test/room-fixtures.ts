/** Sample meeting-room wire data for tests, shaped like the Rust side's JSON (room-types.ts). */
import type { ConductView, RosterView, VoteView } from '../lib/room-types';
import type { ProfileInfo } from '../lib/types';

/** The server's clock in these samples: Tuesday 24/11/2026, 08:30 in Vietnam. */
export const SERVER_NOW = Date.parse('2026-11-24T08:30:00+07:00');

/** The chair. */
export const chair: ProfileInfo = {
  displayName: 'Trần Văn Minh',
  role: 'chair',
  organisation: 'Hội đồng nhân dân tỉnh',
  serverUrl: 'https://phonghop.example.gov.vn',
  userId: 'u-chair',
};

/** A member. */
export const member: ProfileInfo = {
  displayName: 'Lê Thị Hoa',
  role: 'member',
  organisation: 'Hội đồng nhân dân tỉnh',
  serverUrl: 'https://phonghop.example.gov.vn',
  userId: 'u-hoa',
};

/** A guest: reads, never votes. */
export const guest: ProfileInfo = { ...member, displayName: 'Khách mời', role: 'guest', userId: 'u-guest' };

/** 10 of 15 present, quorum of 10 met. */
export const roster: RosterView = {
  lines: [
    { userId: 'u-chair', displayName: 'Trần Văn Minh', presence: 'in_person', reason: null, atMs: SERVER_NOW - 20 * 60_000 },
    { userId: 'u-binh', displayName: 'Phạm Văn Bình', presence: 'online', reason: null, atMs: SERVER_NOW - 10 * 60_000 },
    { userId: 'u-lan', displayName: 'Đỗ Thị Lan', presence: 'absent', reason: 'Đi công tác', atMs: SERVER_NOW - 5 * 60_000 },
  ],
  quorum: { members: 15, present: 10, needed: 10, met: true },
};

/** The meeting under way, item 1 open, Bình speaking for 1 minute of 5, Hoa waiting. */
export const conduct: ConductView = {
  meetingId: 'm-2026-11-24',
  phase: 'in_progress',
  currentItem: '1',
  speakingLimitSecs: 300,
  speaking: { userId: 'u-binh', displayName: 'Phạm Văn Bình', requestedAtMs: SERVER_NOW - 120_000, grantedAtMs: SERVER_NOW - 60_000 },
  waiting: [
    { userId: 'u-tuan', displayName: 'Ngô Minh Tuấn', requestedAtMs: SERVER_NOW - 90_000, grantedAtMs: null },
    { userId: 'u-hoa', displayName: 'Lê Thị Hoa', requestedAtMs: SERVER_NOW - 30_000, grantedAtMs: null },
  ],
  serverNowMs: SERVER_NOW,
};

/** An open motion, 8 of 15 voted. */
export const openMotion: VoteView = {
  voteId: 'v1',
  meetingId: 'm-2026-11-24',
  question: 'Thông qua Nghị quyết về dự toán ngân sách năm 2027',
  kind: { kind: 'motion' },
  options: ['Tán thành', 'Không tán thành', 'Không biểu quyết'],
  base: 'all_members',
  threshold: 'more_than_half',
  state: 'open',
  openedAtMs: SERVER_NOW - 60_000,
  closesAtMs: null,
  serverNowMs: SERVER_NOW,
  eligible: 15,
  ballots: 8,
  voters: ['Trần Văn Minh', 'Phạm Văn Bình'],
  myChoices: null,
  result: null,
  namedBallots: [],
  openAlthoughSecretByLaw: false,
  secret: null,
  myBallotHash: null,
};

/** The same motion closed: 9 for, 4 against, 1 abstaining out of 15; passed. */
export const closedMotion: VoteView = {
  ...openMotion,
  state: 'closed',
  ballots: 14,
  myChoices: [0],
  result: {
    counts: [9, 4, 1],
    eligible: 15,
    present: 14,
    quorumMet: true,
    cast: 14,
    base: 15,
    needed: 8,
    passed: true,
    winner: null,
    elected: [],
    tied: [],
    ratings: [],
  },
  namedBallots: [
    { userId: 'u-chair', displayName: 'Trần Văn Minh', choices: [0] },
    { userId: 'u-binh', displayName: 'Phạm Văn Bình', choices: [1] },
    { userId: 'u-hoa', displayName: 'Lê Thị Hoa', choices: [0] },
  ],
};

/** An election of 2 among 4. */
export const openElection: VoteView = {
  ...openMotion,
  voteId: 'v2',
  question: 'Bầu Ủy viên Thường trực Hội đồng nhân dân tỉnh',
  kind: { kind: 'election', seats: 2 },
  options: ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Văn Cường', 'Phạm Thị Dung'],
  ballots: 0,
  voters: [],
};

/** A confidence vote run open although the law wants it secret. */
export const openConfidence: VoteView = {
  ...openMotion,
  voteId: 'v3',
  question: 'Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu',
  kind: { kind: 'confidence' },
  options: ['Nguyễn Văn An', 'Trần Thị Bích'],
  ballots: 0,
  voters: [],
  openAlthoughSecretByLaw: true,
};

/** The receipt of Hoa's secret ballot (hex SHA-256 of the encrypted ballot). */
export const HOA_RECEIPT = '3f9a0c1e7b2d4a6f8e5d1c0b9a8f7e6d5c4b3a2918273645a1b2c3d4e5f60718';

/** 12 checked in, three of whom are shown: the chair, Bình (online) and Hoa; Lan is absent. */
export const rosterWithHoa: RosterView = {
  ...roster,
  lines: [
    ...roster.lines,
    { userId: 'u-hoa', displayName: 'Lê Thị Hoa', presence: 'in_person', reason: null, atMs: SERVER_NOW - 15 * 60_000 },
  ],
};

/**
 * A secret election (bỏ phiếu kín) of 2 among 4, counted by a committee of three (the chair,
 * Bình and Hoa), two of whom open the tally; as Hoa sees it (seat 3), before voting.
 */
export const openSecretElection: VoteView = {
  ...openElection,
  voteId: 'v4',
  question: 'Bầu Phó Chủ tịch Hội đồng nhân dân tỉnh',
  ballots: 3,
  voters: ['Trần Văn Minh', 'Phạm Văn Bình', 'Ngô Minh Tuấn'],
  secret: {
    electionKey: '{"h":"9c1f…"}',
    labelsHash: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78',
    threshold: 2,
    committee: [
      { index: 1, userId: 'u-chair', displayName: 'Trần Văn Minh', published: false },
      { index: 2, userId: 'u-binh', displayName: 'Phạm Văn Bình', published: false },
      { index: 3, userId: 'u-hoa', displayName: 'Lê Thị Hoa', published: false },
    ],
    mySeat: 3,
  },
};

/** The same, closed: the chair has published, Hoa has not; no result yet (1 of 2). */
export const closedSecretElection: VoteView = {
  ...openSecretElection,
  state: 'closed',
  ballots: 12,
  myChoices: [],
  myBallotHash: HOA_RECEIPT,
  secret: {
    ...(openSecretElection.secret as NonNullable<VoteView['secret']>),
    committee: (openSecretElection.secret as NonNullable<VoteView['secret']>).committee.map((seat) => ({
      ...seat,
      published: seat.userId === 'u-chair',
    })),
  },
};

/** Counted once Hoa published too: An 9, Bích 7, Cường 5, Dung 2 of 12 ballots. */
export const countedSecretElection: VoteView = {
  ...closedSecretElection,
  secret: {
    ...(closedSecretElection.secret as NonNullable<VoteView['secret']>),
    committee: (closedSecretElection.secret as NonNullable<VoteView['secret']>).committee.map((seat) => ({
      ...seat,
      published: seat.userId !== 'u-binh',
    })),
  },
  result: {
    counts: [9, 7, 5, 2],
    eligible: 15,
    present: 12,
    quorumMet: true,
    cast: 12,
    base: 15,
    needed: 8,
    passed: false,
    winner: null,
    elected: [0],
    tied: [],
    ratings: [],
  },
};
