/** Sample wire data for preparing and managing meetings, shaped like the Rust side's JSON. */
import type { DraftView, Person, ProfileChoice, ReadinessBoard } from '../lib/prepare/types';
import type { MeetingView } from '../lib/types';
import { sessionMeeting } from './fixtures';

/** The organisation's directory: three members and a guest. */
export const people: Person[] = [
  { userId: 'u-chair', displayName: 'Trần Văn Minh', title: 'Chủ tịch HĐND tỉnh', role: 'chair' },
  { userId: 'u-hoa', displayName: 'Lê Thị Hoa', title: 'Đại biểu HĐND tỉnh', role: 'member' },
  { userId: 'u-binh', displayName: 'Phạm Văn Bình', title: 'Đại biểu HĐND tỉnh', role: 'member' },
  { userId: 'u-guest', displayName: 'Võ Thanh Tâm', title: 'Phóng viên Báo tỉnh', role: 'guest' },
];

/** A draft with two items, the first with one document. */
export const draft: DraftView = {
  id: 'dr-1',
  info: {
    title: 'Phiên họp thường kỳ tháng 12',
    body: 'Thường trực HĐND tỉnh',
    kind: 'sitting',
    startsAt: '2026-12-08T08:00:00+07:00',
    endsAt: '2026-12-08T11:30:00+07:00',
    place: 'Phòng họp số 1',
    onlineLink: null,
  },
  participants: ['u-chair', 'u-hoa'],
  items: [
    {
      title: 'Báo cáo công tác tháng 11',
      presenter: 'Chánh Văn phòng',
      presentingAgency: 'Văn phòng HĐND tỉnh',
      durationMinutes: 30,
      depth: 0,
      documents: [
        { id: 'doc-1', title: 'Báo cáo tháng 11', kind: 'report', access: { kind: 'participants' }, sizeBytes: 204_800 },
      ],
    },
    { title: 'Chương trình công tác tháng 12', presenter: null, presentingAgency: null, durationMinutes: null, depth: 0, documents: [] },
  ],
};

/** A published meeting ahead, with the fields added for preparing. */
export const upcomingMeeting: MeetingView = {
  id: 'm-2027-01-18',
  title: 'Phiên họp giải trình',
  body: 'Thường trực HĐND tỉnh',
  kind: 'sitting',
  startsAt: '2027-01-18T08:00:00+07:00',
  endsAt: '2027-01-18T11:00:00+07:00',
  place: 'Phòng họp số 1',
  status: 'scheduled',
  statusReason: null,
  onlineLink: 'https://hop.example.gov.vn/phong/12',
  myRsvp: null,
  revision: 2,
  agenda: [
    {
      number: '1',
      title: 'Giải trình của Sở Xây dựng',
      presenter: 'Giám đốc Sở Xây dựng',
      presentingAgency: 'Sở Xây dựng',
      durationMinutes: 45,
      depth: 0,
      documents: [
        {
          id: 'g1',
          title: 'Báo cáo giải trình',
          kind: 'report',
          sizeBytes: 512_000,
          available: true,
          revision: 2,
          readRevision: 1,
          access: { kind: 'participants' },
        },
      ],
    },
    {
      number: '1.1',
      title: 'Ý kiến của Ban Kinh tế – Ngân sách',
      presenter: null,
      presentingAgency: null,
      durationMinutes: null,
      depth: 1,
      documents: [
        {
          id: 'g2',
          title: 'Báo cáo thẩm tra',
          kind: 'report',
          sizeBytes: 120_000,
          available: true,
          revision: 1,
          readRevision: null,
          access: { kind: 'participants' },
        },
        {
          id: 'g3',
          title: 'Dự thảo thông báo kết luận',
          kind: 'conclusion_notice',
          sizeBytes: 80_000,
          available: false,
          revision: 1,
          readRevision: 1,
          access: { kind: 'everyone' },
        },
      ],
    },
  ],
  ready: false,
};

/** A meeting postponed to a later day. */
export const postponedMeeting: MeetingView = {
  ...upcomingMeeting,
  id: 'm-postponed',
  title: 'Hội nghị triển khai nhiệm vụ năm 2027',
  kind: 'conference',
  startsAt: '2027-01-25T08:00:00+07:00',
  endsAt: null,
  status: 'postponed',
  statusReason: 'Trùng lịch tiếp xúc cử tri',
  onlineLink: null,
  myRsvp: 'attending',
  agenda: [],
};

/** A meeting cancelled (listed with the past ones). */
export const cancelledMeeting: MeetingView = {
  ...upcomingMeeting,
  id: 'm-cancelled',
  title: 'Phiên họp chuyên đề về đất đai',
  startsAt: '2027-02-01T08:00:00+07:00',
  endsAt: null,
  status: 'cancelled',
  onlineLink: null,
  agenda: [],
};

/** Two of three ready; Hoa offline and missing the latest revision. */
export const board: ReadinessBoard = {
  meetingId: upcomingMeeting.id,
  revision: 2,
  people: [
    {
      userId: 'u-chair',
      displayName: 'Trần Văn Minh',
      role: 'chair',
      ready: true,
      heldRevision: 2,
      online: true,
      lastSeenAt: '2026-11-30T08:00:00+07:00',
      rsvp: 'attending',
      rsvpReason: null,
    },
    {
      userId: 'u-hoa',
      displayName: 'Lê Thị Hoa',
      role: 'member',
      ready: false,
      heldRevision: 1,
      online: false,
      lastSeenAt: '2026-11-20T16:45:00+07:00',
      rsvp: 'absent',
      rsvpReason: 'Đi công tác',
    },
    {
      userId: 'u-binh',
      displayName: 'Phạm Văn Bình',
      role: 'member',
      ready: true,
      heldRevision: 2,
      online: false,
      lastSeenAt: null,
      rsvp: null,
      rsvpReason: null,
    },
  ],
};

/** Two profiles enrolled on one computer, neither chosen. */
export const profileChoices: ProfileChoice[] = [
  { dir: '/data/profiles/thu-ky', displayName: 'Nguyễn Thị Hồng Nhung', role: 'secretary', organisation: 'Văn phòng HĐND tỉnh', current: false },
  { dir: '/data/profiles/dai-bieu', displayName: 'Lê Thị Hoa', role: 'member', organisation: 'HĐND tỉnh', current: false },
];
