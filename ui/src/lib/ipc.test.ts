import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AppError,
  COMMANDS,
  closeDocument,
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
