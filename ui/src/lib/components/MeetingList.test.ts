import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n';
import { sessionMeeting } from '../../test/fixtures';
import { cancelledMeeting, postponedMeeting, upcomingMeeting } from '../../test/prepare-fixtures';
import { prepareBackend } from '../../test/prepare-backend';
import MeetingList from './MeetingList.svelte';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
  // Monday 30/11/2026, 09:00 in Vietnam; only the clock is fake, timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-30T09:00:00+07:00'));
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

const all = [sessionMeeting, cancelledMeeting, postponedMeeting, upcomingMeeting];

describe('upcoming and past meetings', () => {
  it('shows upcoming meetings first, soonest first, and past or cancelled ones in the other tab', async () => {
    render(MeetingList, { meetings: all });
    const upcoming = screen.getByTestId('tab-upcoming');
    const past = screen.getByTestId('tab-past');
    expect(text(upcoming)).toBe('Sắp tới (2)');
    expect(text(past)).toBe('Đã qua (2)');
    expect(upcoming.getAttribute('aria-selected')).toBe('true');
    const titles = () => screen.getAllByTestId('meeting-card').map((c) => text(within(c).getByRole('heading', { level: 2 })));
    expect(titles()).toEqual(['Phiên họp giải trình', 'Hội nghị triển khai nhiệm vụ năm 2027']);

    await fireEvent.click(past);
    expect(past.getAttribute('aria-selected')).toBe('true');
    expect(titles()).toEqual(['Phiên họp chuyên đề về đất đai', sessionMeeting.title]);

    // Arrow keys move between the tabs.
    past.focus();
    await fireEvent.keyDown(past, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).toBe(upcoming));
    expect(upcoming.getAttribute('aria-selected')).toBe('true');
  });

  it('opens on past meetings when none is ahead, and says when a tab is empty', async () => {
    render(MeetingList, { meetings: [sessionMeeting] });
    expect(screen.getByTestId('tab-past').getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByTestId('meeting-card')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('tab-upcoming'));
    expect(text(screen.getByTestId('tab-empty'))).toBe('Không có cuộc họp nào sắp tới.');
  });
});

describe('a meeting card', () => {
  it('shows postponed and cancelled meetings with their status, and the online link', async () => {
    render(MeetingList, { meetings: all });
    const [first, second] = screen.getAllByTestId('meeting-card');
    expect(within(first).queryByTestId('meeting-status')).toBeNull();
    const link = within(first).getByTestId('online-link') as HTMLAnchorElement;
    expect(link.href).toBe('https://hop.example.gov.vn/phong/12');
    expect(link.rel).toContain('noopener');
    expect(text(within(second).getByTestId('meeting-status'))).toBe('Đã hoãn Lý do: Trùng lịch tiếp xúc cử tri');
    expect(within(second).queryByTestId('online-link')).toBeNull();

    await fireEvent.click(screen.getByTestId('tab-past'));
    const cancelled = screen.getAllByTestId('meeting-card')[0];
    expect(text(within(cancelled).getByTestId('meeting-status'))).toBe('Đã hủy');
    expect(within(cancelled).queryByTestId('rsvp')).toBeNull();
  });

  it('shows nested agenda numbers, agency, minutes and the new / changed / read badges', () => {
    render(MeetingList, { meetings: [upcomingMeeting] });
    const items = screen.getAllByTestId('agenda-item');
    expect(items.map((i) => i.dataset.depth)).toEqual(['0', '1']);
    expect(text(items[1])).toContain('1.1');
    expect(text(items[0])).toContain('Cơ quan trình: Sở Xây dựng');
    expect(text(within(items[0]).getByTestId('agenda-duration'))).toBe('Thời lượng: 45 phút');
    const docs = screen.getAllByTestId('document');
    expect(text(within(docs[0]).getByTestId('document-badge-changed'))).toBe('Đã thay đổi từ khi bạn đọc');
    expect(text(within(docs[1]).getByTestId('document-badge-new'))).toBe('Mới');
    expect(text(within(docs[2]).getByTestId('document-badge-read'))).toBe('Đã đọc');
    // Next to the availability badge, which stays.
    expect(text(within(docs[2]).getByTestId('document-badge'))).toBe('Chưa tải về');
    expect(within(docs[0]).queryByTestId('document-badge-new')).toBeNull();
  });

  it('shows no read badge for data without read state, and no manage button for members', () => {
    render(MeetingList, { meetings: [sessionMeeting] });
    expect(screen.queryByTestId('document-badge-new')).toBeNull();
    expect(screen.queryByTestId('document-badge-read')).toBeNull();
    expect(screen.queryByTestId('manage-meeting')).toBeNull();
  });

  it('gives the secretary a manage button on each card', async () => {
    const onManage = vi.fn();
    render(MeetingList, { meetings: [upcomingMeeting], onManage });
    const button = screen.getByTestId('manage-meeting');
    expect(button.dataset.meetingId).toBe(upcomingMeeting.id);
    await fireEvent.click(button);
    expect(onManage).toHaveBeenCalledWith(upcomingMeeting.id);
  });
});

describe('answering the invitation', () => {
  it('asks a reason for absence before sending, and shows the answer', async () => {
    const { called } = prepareBackend();
    const onChanged = vi.fn();
    render(MeetingList, { meetings: [upcomingMeeting], onChanged });
    const rsvp = screen.getByTestId('rsvp');
    expect(text(within(rsvp).getByTestId('rsvp-state'))).toContain('Bạn chưa xác nhận tham dự.');
    expect(within(rsvp).queryByTestId('rsvp-reason')).toBeNull();

    await fireEvent.click(within(rsvp).getByTestId('rsvp-absent'));
    const reason = within(rsvp).getByTestId('rsvp-reason');
    expect(reason.tagName).toBe('TEXTAREA');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    await fireEvent.click(within(rsvp).getByTestId('rsvp-submit'));
    expect(text(within(rsvp).getByTestId('rsvp-error'))).toBe('Xin ghi lý do vắng mặt.');
    expect(called('rsvp')).toEqual([]);

    await fireEvent.input(reason, { target: { value: 'Đi công tác Hà Nội' } });
    await fireEvent.click(within(rsvp).getByTestId('rsvp-submit'));
    await waitFor(() => expect(text(within(rsvp).getByTestId('rsvp-state'))).toBe('Bạn đã xác nhận: Vắng mặt: Đi công tác Hà Nội'));
    expect(called('rsvp')).toEqual([{ meetingId: upcomingMeeting.id, answer: 'absent', reason: 'Đi công tác Hà Nội' }]);
    expect(within(rsvp).queryByTestId('rsvp-reason')).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(1);

    // The answer can change.
    await fireEvent.click(within(rsvp).getByTestId('rsvp-attend'));
    await waitFor(() => expect(text(within(rsvp).getByTestId('rsvp-state'))).toBe('Bạn đã xác nhận: Sẽ dự'));
    expect(called('rsvp')[1]).toEqual({ meetingId: upcomingMeeting.id, answer: 'attending', reason: null });
    expect(within(rsvp).getByTestId('rsvp-attend').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the answer the backend holds, and a refusal in words', async () => {
    prepareBackend({ handlers: { rsvp: () => Promise.reject({ code: 'meeting.cancelled', message: 'x' }) } });
    render(MeetingList, { meetings: [{ ...upcomingMeeting, myRsvp: 'attending' }] });
    const rsvp = screen.getByTestId('rsvp');
    expect(text(within(rsvp).getByTestId('rsvp-state'))).toBe('Bạn đã xác nhận: Sẽ dự');
    await fireEvent.click(within(rsvp).getByTestId('rsvp-absent'));
    await fireEvent.input(within(rsvp).getByTestId('rsvp-reason'), { target: { value: 'Ốm' } });
    await fireEvent.click(within(rsvp).getByTestId('rsvp-submit'));
    await waitFor(() => expect(text(within(rsvp).getByTestId('rsvp-error'))).toBe('Cuộc họp này đã bị hủy.'));
    expect(text(within(rsvp).getByTestId('rsvp-state'))).toBe('Bạn đã xác nhận: Sẽ dự');
  });
});
