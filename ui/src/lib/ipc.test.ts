import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeetingSignalEvent, MinutesDraft, NewVote } from './room-types';
import type { AnnotationInput } from './annotations/types';
import { emit } from '@tauri-apps/api/event';
import {
  AppError,
  COMMANDS,
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
  presentPage,
  publishPartialDecryption,
  requestToSpeak,
  speakersAction,
  withdrawFromSpeakers,
  closeDocument,
  deleteAnnotation,
  documentAnnotations,
  exportAnnotatedCopy,
  meetingAnnotations,
  pageChars,
  saveAnnotation,
  listMeetings,
  openDocument,
  profileInfo,
  searchMeeting,
  syncNow,
  toAppError,
} from './ipc';
import { secretary, sessionMeeting, syncReport } from '../test/fixtures';

afterEach(() => clearMocks());

describe('toAppError', () => {
  it('keeps the code and message of a backend error object', () => {
    const err = toAppError({ code: 'sync.unreachable', message: 'connection refused' });
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('sync.unreachable');
    expect(err.message).toBe('connection refused');
  });

  it('turns strings, Errors and anything else into code "internal"', () => {
    expect(toAppError('boom')).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toAppError(new TypeError('bad'))).toMatchObject({ code: 'internal', message: 'bad' });
    expect(toAppError(undefined).code).toBe('internal');
    expect(toAppError(42)).toMatchObject({ code: 'internal', message: '42' });
    expect(toAppError({ message: 'no code' }).code).toBe('internal');
    expect(toAppError({ code: 7, message: 'numeric code' }).code).toBe('internal');
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('store.corrupt', 'x');
    expect(toAppError(original)).toBe(original);
  });
});

describe('typed commands', () => {
  it('call the exact Tauri command names and return their values', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'profile_info') return secretary;
      if (cmd === 'list_meetings') return [sessionMeeting];
      if (cmd === 'sync_now') return syncReport;
      throw new Error(`unexpected ${cmd}`);
    });
    expect(await profileInfo()).toEqual(secretary);
    expect(await listMeetings()).toEqual([sessionMeeting]);
    expect(await syncNow()).toEqual(syncReport);
    expect(calls).toEqual(['profile_info', 'list_meetings', 'sync_now']);
    expect(Object.values(COMMANDS)).toEqual([
      'profile_info',
      'unlock_profile',
      'list_meetings',
      'sync_now',
      'open_document',
      'close_document',
      'search_meeting',
      'meeting_roster',
      'check_in',
      'conduct_state',
      'conduct_action',
      'request_to_speak',
      'withdraw_from_speakers',
      'speakers_action',
      'present_page',
      'meeting_votes',
      'open_vote',
      'cast_ballot',
      'close_vote',
      'minutes_draft',
      'export_minutes',
      'export_vote_report',
      'publish_partial_decryption',
      'document_annotations',
      'meeting_annotations',
      'save_annotation',
      'delete_annotation',
      'page_chars',
      'export_annotated_copy',
    ]);
  });

  it('send the reading commands their arguments in camelCase', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === 'open_document') return { meetingId: 'm', documentId: 'd', title: 'T', pages: [], outline: [] };
      if (cmd === 'search_meeting') return { query: 'x', hits: [], truncated: false };
      return null;
    });
    expect((await openDocument('m', 'd')).title).toBe('T');
    await closeDocument('m', 'd');
    expect((await searchMeeting('m', 'bieu quyet')).hits).toEqual([]);
    expect(seen).toEqual([
      ['open_document', { meetingId: 'm', documentId: 'd' }],
      ['close_document', { meetingId: 'm', documentId: 'd' }],
      ['search_meeting', { meetingId: 'm', query: 'bieu quyet' }],
    ]);
  });

  it('return null when no profile is enrolled', async () => {
    mockIPC(() => null);
    expect(await profileInfo()).toBeNull();
  });

  it('reject with an AppError carrying the backend code', async () => {
    mockIPC(() => Promise.reject({ code: 'sync.unreachable', message: 'no route to host' }));
    const err = await syncNow().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('sync.unreachable');
    expect((err as AppError).message).toBe('no route to host');
  });

  it('reject with code "internal" when the backend rejects with a plain string', async () => {
    mockIPC(() => Promise.reject('command list_meetings not found'));
    await expect(listMeetings()).rejects.toMatchObject({
      code: 'internal',
      message: 'command list_meetings not found',
    });
  });
});

describe('meeting room commands', () => {
  it('send their arguments in camelCase under the agreed names', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd.startsWith('export_') ? '/tmp/out.pdf' : null;
    });
    const vote: NewVote = {
      question: 'Thông qua nghị quyết',
      kind: { kind: 'election', seats: 2 },
      options: ['A', 'B', 'C'],
      base: 'all_members',
      threshold: 'more_than_half',
      checkQuorum: true,
      closesInSecs: null,
    };
    const draft: MinutesDraft = {
      meetingId: 'm',
      number: 'Số: 1/BB-HĐND',
      placeAndDate: 'Quảng Nam, ngày 24 tháng 11 năm 2026',
      sections: [],
      secretary: 'Thư ký',
      chair: 'Chủ tọa',
    };
    await meetingRoster('m');
    await checkIn('m', 'absent', 'Ốm');
    await conductState('m');
    await conductAction('m', { kind: 'open_item', item: '2.1' });
    await requestToSpeak('m');
    await withdrawFromSpeakers('m');
    await speakersAction('m', { kind: 'move', userId: 'u', position: 0 });
    await presentPage('m', 'd', 3);
    await meetingVotes('m');
    await openVote('m', vote);
    await castBallot('m', 'v', [0, 2]);
    await closeVote('m', 'v');
    await minutesDraft('m');
    expect(await exportMinutes(draft)).toBe('/tmp/out.pdf');
    expect(await exportVoteReport('m', 'v')).toBe('/tmp/out.pdf');
    const secret: NewVote = { ...vote, secret: { committee: ['u1', 'u2', 'u3'], threshold: 2 } };
    await openVote('m', secret);
    await publishPartialDecryption('m', 'v');
    expect(seen).toEqual([
      ['meeting_roster', { meetingId: 'm' }],
      ['check_in', { meetingId: 'm', presence: 'absent', reason: 'Ốm', forUser: null }],
      ['conduct_state', { meetingId: 'm' }],
      ['conduct_action', { meetingId: 'm', action: { kind: 'open_item', item: '2.1' } }],
      ['request_to_speak', { meetingId: 'm' }],
      ['withdraw_from_speakers', { meetingId: 'm' }],
      ['speakers_action', { meetingId: 'm', action: { kind: 'move', userId: 'u', position: 0 } }],
      ['present_page', { meetingId: 'm', documentId: 'd', page: 3 }],
      ['meeting_votes', { meetingId: 'm' }],
      ['open_vote', { meetingId: 'm', vote }],
      ['cast_ballot', { meetingId: 'm', voteId: 'v', choices: [0, 2] }],
      ['close_vote', { meetingId: 'm', voteId: 'v' }],
      ['minutes_draft', { meetingId: 'm' }],
      ['export_minutes', { draft }],
      ['export_vote_report', { meetingId: 'm', voteId: 'v' }],
      ['open_vote', { meetingId: 'm', vote: secret }],
      ['publish_partial_decryption', { meetingId: 'm', voteId: 'v' }],
    ]);
  });

  it('reject with the room error codes, and deliver live meeting signals until stopped', async () => {
    mockIPC(() => Promise.reject({ code: 'vote.already_voted', message: 'twice' }), { shouldMockEvents: true });
    await expect(castBallot('m', 'v', [0])).rejects.toMatchObject({ code: 'vote.already_voted' });

    const handler = vi.fn();
    const stop = await listenToMeeting(handler);
    const event: MeetingSignalEvent = { meetingId: 'm', signal: { kind: 'conductChanged' } };
    await emit('phonghop://meeting', event);
    expect(handler).toHaveBeenCalledWith(event);
    stop();
    await emit('phonghop://meeting', event);
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe('annotation commands', () => {
  it('send their arguments in camelCase under the agreed names', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === 'export_annotated_copy') return '/home/hoa/Tài liệu/To-trinh-ghi-chu.pdf';
      if (cmd === 'document_annotations') return { annotations: [], unplaced: [] };
      if (cmd === 'meeting_annotations' || cmd === 'page_chars') return [];
      return null;
    });
    const annotation: AnnotationInput = {
      documentId: 'd',
      page: 2,
      body: { kind: 'note', at: { x: 10, y: 20 }, text: 'Xem lại số liệu' },
      colour: 'yellow',
      audience: { kind: 'people', userIds: ['u1'] },
    };
    expect(await documentAnnotations('m', 'd')).toEqual({ annotations: [], unplaced: [] });
    await meetingAnnotations('m');
    await saveAnnotation('m', annotation);
    await deleteAnnotation('m', 'a1');
    await pageChars('m', 'd', 2);
    expect(await exportAnnotatedCopy('m', 'd')).toBe('/home/hoa/Tài liệu/To-trinh-ghi-chu.pdf');
    expect(seen).toEqual([
      ['document_annotations', { meetingId: 'm', documentId: 'd' }],
      ['meeting_annotations', { meetingId: 'm' }],
      ['save_annotation', { meetingId: 'm', annotation }],
      ['delete_annotation', { meetingId: 'm', annotationId: 'a1' }],
      ['page_chars', { meetingId: 'm', documentId: 'd', page: 2 }],
      ['export_annotated_copy', { meetingId: 'm', documentId: 'd' }],
    ]);
  });
});
