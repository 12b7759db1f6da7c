import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Channel } from '@tauri-apps/api/core';
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setLocale } from './lib/i18n';
import type { MeetingView, ProfileInfo, SyncProgress, SyncReport } from './lib/types';
import { secretary, sessionMeeting, syncReport } from './test/fixtures';
import { chair, conduct, roster } from './test/room-fixtures';

interface Backend {
  profile?: ProfileInfo | null;
  meetings?: MeetingView[] | (() => Promise<MeetingView[]> | MeetingView[]);
  sync?: () => Promise<SyncReport> | SyncReport;
}

/** Installs a fake backend and records the commands called. */
function backend({ profile = secretary, meetings = [sessionMeeting], sync = () => syncReport }: Backend) {
  const calls: string[] = [];
  mockIPC((cmd) => {
    if (cmd.startsWith('plugin:event|')) return 0; // the app listens to the feed events
    calls.push(cmd);
    switch (cmd) {
      case 'profile_info':
        return profile;
      case 'list_meetings':
        return typeof meetings === 'function' ? meetings() : meetings;
      case 'sync_now':
        return sync();
      default:
        return Promise.reject({ code: 'internal', message: `unknown command ${cmd}` });
    }
  });
  return calls;
}

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('App', () => {
  it('shows a stored meeting in Vietnamese with date, place, counts and agenda, then syncs', async () => {
    const calls = backend({});
    render(App);

    const card = await screen.findByTestId('meeting-card');
    const c = within(card);
    expect(c.getByRole('heading', { level: 2 }).textContent).toBe(
      'Kỳ họp thứ Mười lăm, Hội đồng nhân dân tỉnh khóa X',
    );
    expect(c.getByTestId('meeting-kind').textContent).toContain('Kỳ họp · Hội đồng nhân dân tỉnh');
    expect(c.getByTestId('meeting-when').textContent?.trim()).toBe('Thứ Ba, 24/11/2026, 08:00–11:30');
    expect(c.getByTestId('meeting-place').textContent).toBe('Hội trường Trung tâm Hội nghị tỉnh');
    expect(c.getByTestId('meeting-counts').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '2 nội dung · 3 tài liệu',
    );

    const items = c.getAllByTestId('agenda-item');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('Dự toán ngân sách địa phương năm 2027');
    expect(items[0].textContent).toContain('Trình bày: Giám đốc Sở Tài chính');
    expect(items[1].textContent).not.toContain('Trình bày');

    const docs = within(items[0]).getAllByTestId('document');
    expect(docs[0].textContent).toContain('Tờ trình');
    expect(docs[0].textContent).toContain('Tờ trình về dự toán ngân sách năm 2027');
    expect(docs[0].textContent).toContain('1,2 MB');
    expect(within(docs[0]).getByTestId('document-badge').textContent?.trim()).toBe('Đã có trên máy này');
    expect(within(docs[1]).getByTestId('document-badge').textContent?.trim()).toBe('Chưa tải về');

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cuộc họp');
    expect(screen.getByTestId('profile').textContent).toContain('Nguyễn Thị Hồng Nhung');
    expect(screen.getByTestId('profile-role').textContent).toBe('Thư ký');

    // Background sync, then the list is read again.
    await waitFor(() => expect(calls).toEqual(['profile_info', 'list_meetings', 'sync_now', 'list_meetings']));
    await waitFor(() => expect(screen.getByTestId('sync-status').textContent).toContain('Đã đồng bộ lúc'));
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('shows the empty state when the store holds no meeting', async () => {
    backend({ meetings: [] });
    render(App);
    const empty = await screen.findByTestId('meetings-empty');
    expect(empty.textContent).toContain('Chưa có cuộc họp nào');
    expect(screen.queryByTestId('meeting-card')).toBeNull();
  });

  it('shows the loading state while the first list is pending', async () => {
    let release: (m: MeetingView[]) => void = () => {};
    backend({ meetings: () => new Promise<MeetingView[]>((resolve) => (release = resolve)) });
    render(App);
    expect(screen.getByTestId('loading').textContent).toContain('Đang tải');
    release([sessionMeeting]);
    await screen.findByTestId('meeting-card');
    expect(screen.queryByTestId('loading')).toBeNull();
  });

  it('explains that the device is not enrolled and does not sync', async () => {
    const calls = backend({ profile: null, meetings: [] });
    render(App);
    const box = await screen.findByTestId('no-profile');
    expect(box.textContent).toContain('Máy tính này chưa được đăng ký');
    expect(screen.queryByTestId('sync-button')).toBeNull();
    expect(calls).not.toContain('sync_now');
  });

  it('keeps showing stored meetings with a calm notice when the server is unreachable', async () => {
    backend({ sync: () => Promise.reject({ code: 'sync.unreachable', message: 'timed out' }) });
    render(App);
    const notice = await screen.findByTestId('offline-notice');
    expect(notice.textContent).toContain(
      'Không kết nối được máy chủ. Đang hiển thị dữ liệu đã lưu trên máy này.',
    );
    expect(screen.getByTestId('meeting-card')).toBeTruthy();
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('shows other sync failures in an alert with the translated message and the code', async () => {
    backend({ sync: () => Promise.reject({ code: 'sync.unauthorized', message: '401' }) });
    render(App);
    const banner = await screen.findByRole('alert');
    expect(banner.dataset.testid).toBe('error-banner');
    expect(within(banner).getByTestId('error-message').textContent).toContain('Máy chủ không chấp nhận');
    expect(within(banner).getByTestId('error-code').textContent).toBe('Mã lỗi: sync.unauthorized');
    expect(screen.getByTestId('meeting-card')).toBeTruthy();

    await fireEvent.click(within(banner).getByRole('button', { name: /Đóng thông báo/ }));
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('shows an unknown error code with the generic text', async () => {
    backend({ sync: () => Promise.reject({ code: 'pdf.unsupported', message: 'x' }) });
    render(App);
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).getByTestId('error-message').textContent).toContain('(mã lỗi pdf.unsupported)');
  });

  it('syncs again when the sync button is pressed, showing progress meanwhile', async () => {
    let finish: (r: SyncReport) => void = () => {};
    let syncCount = 0;
    const calls = backend({
      sync: () => {
        syncCount += 1;
        return syncCount === 1 ? syncReport : new Promise<SyncReport>((resolve) => (finish = resolve));
      },
    });
    render(App);
    await waitFor(() => expect(calls.filter((c) => c === 'list_meetings')).toHaveLength(2));
    const button = screen.getByTestId('sync-button');
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('false'));

    await fireEvent.click(button);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.textContent).toContain('Đang đồng bộ…');
    const status = screen.getByTestId('sync-status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toContain('Đang đồng bộ với máy chủ…');

    await fireEvent.click(button); // ignored while busy
    expect(syncCount).toBe(2);

    finish({ meetings: 1, documentsFetched: 0, chunksFetched: 0, bytesFetched: 0 });
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('false'));
    expect(calls.filter((c) => c === 'list_meetings')).toHaveLength(3);
  });

  it('follows the server: progress while syncing, news refreshes the list, a dropped link is shown', async () => {
    let meetings: MeetingView[] = [];
    let finish: (report: SyncReport) => void = () => {};
    mockIPC(
      (cmd, args) => {
        switch (cmd) {
          case 'profile_info':
            return secretary;
          case 'list_meetings':
            return meetings;
          case 'sync_now': {
            const channel = (args as { onProgress: Channel<SyncProgress> }).onProgress;
            channel.onmessage({
              meetingId: 'm',
              documentId: 'd1',
              documentDone: 1_048_576,
              documentTotal: 2_097_152,
              meetingDone: 1_048_576,
              meetingTotal: 4_194_304,
            });
            return new Promise<SyncReport>((resolve) => {
              finish = resolve;
            });
          }
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    render(App);
    const bar = await screen.findByTestId('sync-progress');
    expect(bar.getAttribute('value')).toBe('25');
    expect(screen.getByTestId('sync-status').textContent).toContain('Đang tải tài liệu: 25%');
    finish(syncReport);
    await waitFor(() => expect(screen.queryByTestId('sync-progress')).toBeNull());

    // The feed announces a meeting: the list is read again without anyone pressing a button.
    meetings = [sessionMeeting];
    await emit('phonghop://synced', syncReport);
    const card = await screen.findByTestId('meeting-card');
    expect(within(card).getByTestId('meeting-readiness').textContent?.trim()).toBe(
      'Còn tài liệu chưa tải về máy này',
    );

    await emit('phonghop://connection', { online: false, reason: 'the connection dropped', retryInSeconds: 2 });
    await screen.findByTestId('offline-notice');
    await emit('phonghop://connection', { online: true, reason: null, retryInSeconds: null });
    await waitFor(() => expect(screen.queryByTestId('offline-notice')).toBeNull());
  });

  it('asks for the passphrase of a locked computer, says when it is wrong, then opens', async () => {
    let unlocked = false;
    const tried: string[] = [];
    mockIPC(
      (cmd, args) => {
        switch (cmd) {
          case 'profile_info':
          case 'list_meetings':
            if (!unlocked) return Promise.reject({ code: 'profile.locked', message: 'locked' });
            return cmd === 'profile_info' ? secretary : [sessionMeeting];
          case 'unlock_profile': {
            const passphrase = (args as { passphrase: string }).passphrase;
            tried.push(passphrase);
            if (passphrase !== 'mật khẩu đúng') {
              return Promise.reject({ code: 'crypto.wrong_passphrase', message: 'wrong' });
            }
            unlocked = true;
            return secretary;
          }
          case 'sync_now':
            return syncReport;
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    render(App);
    const form = await screen.findByTestId('unlock-form');
    expect(within(form).getByRole('heading', { level: 2 }).textContent).toBe('Mở khóa máy này');
    expect(screen.queryByTestId('error-banner')).toBeNull();
    const field = screen.getByLabelText('Mật khẩu') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(document.activeElement).toBe(field);
    await fireEvent.click(screen.getByTestId('unlock-show'));
    expect(field.type).toBe('text');

    await fireEvent.input(field, { target: { value: 'mat khau sai' } });
    await fireEvent.submit(form);
    const error = await screen.findByTestId('unlock-error');
    expect(error.textContent).toContain('Mật khẩu chưa đúng');
    expect(field.value).toBe('');

    await fireEvent.input(field, { target: { value: 'mật khẩu đúng' } });
    await fireEvent.submit(form);
    await screen.findByTestId('meeting-card');
    expect(screen.queryByTestId('unlock-form')).toBeNull();
    expect(tried).toEqual(['mat khau sai', 'mật khẩu đúng']);
    expect(screen.getByTestId('profile').textContent).toContain('Nguyễn Thị Hồng Nhung');
  });

  it('switches the interface to English and back', async () => {
    backend({});
    render(App);
    await screen.findByTestId('meeting-card');
    const toggle = screen.getByTestId('language-toggle');
    expect(toggle.textContent?.trim()).toBe('English');

    await fireEvent.click(toggle);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Meetings');
    expect(toggle.textContent?.trim()).toBe('Tiếng Việt');
    expect(screen.getByTestId('meeting-when').textContent?.trim()).toBe('Tuesday, 24/11/2026, 08:00–11:30');
    expect(screen.getByTestId('profile-role').textContent).toBe('Secretary');
    expect(document.documentElement.lang).toBe('en');

    await fireEvent.click(toggle);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Cuộc họp');
  });

  it('opens an available document in the viewer and comes back to it on close', async () => {
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'profile_info':
          return secretary;
        case 'list_meetings':
          return [sessionMeeting];
        case 'sync_now':
          return syncReport;
        case 'open_document':
          return {
            meetingId: (args as { meetingId: string }).meetingId,
            documentId: (args as { documentId: string }).documentId,
            title: 'Tờ trình về dự toán ngân sách năm 2027',
            pages: [{ widthPt: 595, heightPt: 842, label: null }],
            outline: [],
          };
        default:
          return null;
      }
    });
    render(App);
    await screen.findByTestId('meeting-card');
    const buttons = screen.getAllByTestId('open-document');
    // d2 is not downloaded yet, so only d1 and d3 can be opened.
    expect(buttons.map((b) => b.dataset.documentId)).toEqual(['d1', 'd3']);
    await fireEvent.click(buttons[0]);
    const viewer = await screen.findByTestId('viewer');
    await waitFor(() => expect(within(viewer).getByRole('heading', { level: 1 }).textContent).toContain('Tờ trình'));
    await fireEvent.click(screen.getByTestId('viewer-close'));
    await waitFor(() => expect(screen.queryByTestId('viewer')).toBeNull());
    await waitFor(() =>
      expect((document.activeElement as HTMLElement | null)?.dataset.documentId).toBe('d1'),
    );
  });

  it('enters the meeting room from a card and comes back to the button on Escape', async () => {
    const calls: string[] = [];
    mockIPC(
      (cmd) => {
        calls.push(cmd);
        switch (cmd) {
          case 'profile_info':
            return chair;
          case 'list_meetings':
            return [sessionMeeting];
          case 'sync_now':
            return syncReport;
          case 'meeting_roster':
            return roster;
          case 'conduct_state':
            return conduct;
          case 'meeting_votes':
            return [];
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    render(App);
    const enter = await screen.findByTestId('enter-room');
    expect(enter.textContent).toContain('Vào phòng họp');
    expect(enter.getAttribute('aria-label')).toBe(`Vào phòng họp: ${sessionMeeting.title}`);
    await fireEvent.click(enter);

    const room = await screen.findByTestId('room');
    expect(room.dataset.meetingId).toBe(sessionMeeting.id);
    expect(screen.queryByTestId('meeting-list')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(room).getByRole('heading', { level: 1 })));
    await waitFor(() => expect(screen.getByTestId('phase').textContent?.trim()).toBe('Đang họp'));
    expect(screen.getByTestId('conduct-end')).toBeTruthy();
    expect(calls).toEqual(expect.arrayContaining(['meeting_roster', 'conduct_state', 'meeting_votes']));

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('room')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('enter-room')));

    await fireEvent.click(screen.getByTestId('enter-room'));
    await fireEvent.click(await screen.findByTestId('room-close'));
    await waitFor(() => expect(screen.queryByTestId('room')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('enter-room')));
  });

  it('keeps the room open when Escape closes a document opened from it', async () => {
    mockIPC(
      (cmd, args) => {
        switch (cmd) {
          case 'profile_info':
            return chair;
          case 'list_meetings':
            return [sessionMeeting];
          case 'sync_now':
            return syncReport;
          case 'meeting_roster':
            return roster;
          case 'conduct_state':
            return conduct;
          case 'meeting_votes':
            return [];
          case 'open_document':
            return {
              meetingId: sessionMeeting.id,
              documentId: (args as { documentId: string }).documentId,
              title: 'Tờ trình về dự toán ngân sách năm 2027',
              pages: [{ widthPt: 595, heightPt: 842, label: null }],
              outline: [],
            };
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    render(App);
    await fireEvent.click(await screen.findByTestId('enter-room'));
    const room = await screen.findByTestId('room');
    await fireEvent.click(within(room).getAllByTestId('open-document')[0]);
    await screen.findByTestId('viewer');
    // In the room, the chair can show the page to everyone.
    expect(screen.getByTestId('present-page')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('viewer')).toBeNull());
    expect(screen.getByTestId('room')).toBeTruthy();
  });
});
