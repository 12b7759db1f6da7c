/** Sample wire data for tests, shaped exactly like the Rust side's JSON. */
import type { MeetingView, ProfileInfo, SyncReport } from '../lib/types';

/** An enrolled secretary. */
export const secretary: ProfileInfo = {
  userId: 'u-nhung',
  displayName: 'Nguyễn Thị Hồng Nhung',
  role: 'secretary',
  organisation: 'Văn phòng Đoàn ĐBQH và HĐND tỉnh',
  serverUrl: 'https://phonghop.example.gov.vn',
};

/** One meeting with two agenda items and three documents. Tuesday 24/11/2026, 08:00–11:30. */
export const sessionMeeting: MeetingView = {
  id: 'm-2026-11-24',
  title: 'Kỳ họp thứ Mười lăm, Hội đồng nhân dân tỉnh khóa X',
  body: 'Hội đồng nhân dân tỉnh',
  kind: 'session',
  startsAt: '2026-11-24T08:00:00+07:00',
  endsAt: '2026-11-24T11:30:00+07:00',
  place: 'Hội trường Trung tâm Hội nghị tỉnh',
  agenda: [
    {
      number: '1',
      title: 'Dự toán ngân sách địa phương năm 2027',
      presenter: 'Giám đốc Sở Tài chính',
      documents: [
        { id: 'd1', title: 'Tờ trình về dự toán ngân sách năm 2027', kind: 'proposal', sizeBytes: 1_258_291, available: true },
        { id: 'd2', title: 'Dự thảo nghị quyết về dự toán ngân sách', kind: 'draft_resolution', sizeBytes: 348_160, available: false },
      ],
    },
    {
      number: '2',
      title: 'Báo cáo tình hình kinh tế – xã hội năm 2026',
      presenter: null,
      documents: [
        { id: 'd3', title: 'Báo cáo kinh tế – xã hội năm 2026', kind: 'report', sizeBytes: 2_516_582, available: true },
      ],
    },
  ],
  ready: false,
};

/** A successful sync. */
export const syncReport: SyncReport = { meetings: 1, documentsFetched: 2, chunksFetched: 40, bytesFetched: 640_000 };
