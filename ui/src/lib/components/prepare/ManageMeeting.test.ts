import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import type { RevisionReport } from '../../prepare/types';
import { board, upcomingMeeting } from '../../../test/prepare-fixtures';
import { pdfFile, prepareBackend } from '../../../test/prepare-backend';
import ManageMeeting from './ManageMeeting.svelte';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function renderManage(options: Parameters<typeof prepareBackend>[0] = {}, refreshMs = 60_000) {
  const backend = prepareBackend(options);
  const onClose = vi.fn();
  const onCloned = vi.fn();
  const onChanged = vi.fn();
  render(ManageMeeting, { meeting: upcomingMeeting, onClose, onCloned, onChanged, refreshMs });
  return { ...backend, onClose, onCloned, onChanged };
}

describe('the readiness board', () => {
  it('says how many are ready and puts those not ready first', async () => {
    renderManage();
    const summary = await screen.findByTestId('readiness-summary');
    expect(text(summary)).toBe('2/3 sẵn sàng');
    const rows = screen.getAllByTestId('readiness-row');
    expect(rows.map((r) => r.dataset.userId)).toEqual(['u-hoa', 'u-binh', 'u-chair']);
    const hoa = within(rows[0]);
    expect(text(hoa.getByTestId('readiness-ready'))).toBe('Chưa đủ tài liệu');
    expect(text(rows[0])).toContain('Đang có bản 1, bản mới nhất là 2');
    expect(text(hoa.getByTestId('readiness-online'))).toBe('Ngoại tuyến');
    expect(text(hoa.getByTestId('readiness-last-seen'))).toBe('Thứ Sáu, 20/11/2026, 16:45');
    expect(text(hoa.getByTestId('readiness-rsvp'))).toBe('Vắng mặt: Đi công tác');
    expect(text(within(rows[1]).getByTestId('readiness-last-seen'))).toBe('Chưa từng kết nối');
    expect(text(within(rows[1]).getByTestId('readiness-rsvp'))).toBe('Chưa trả lời');
    expect(text(within(rows[2]).getByTestId('readiness-ready'))).toBe('Sẵn sàng');
    expect(text(within(rows[2]).getByTestId('readiness-online'))).toBe('Đang kết nối');
    expect(text(within(rows[2]).getByTestId('readiness-rsvp'))).toBe('Sẽ dự');
  });

  it('sorts by a column', async () => {
    renderManage();
    await screen.findByTestId('readiness-summary');
    await fireEvent.click(screen.getByTestId('readiness-sort-name'));
    expect(screen.getAllByTestId('readiness-row').map((r) => r.dataset.userId)).toEqual(['u-hoa', 'u-binh', 'u-chair']);
    await fireEvent.click(screen.getByTestId('readiness-sort-rsvp'));
    expect(screen.getAllByTestId('readiness-row').map((r) => r.dataset.userId)).toEqual(['u-hoa', 'u-binh', 'u-chair']);
    await fireEvent.click(screen.getByTestId('readiness-sort-online'));
    expect(screen.getAllByTestId('readiness-row')[2].dataset.userId).toBe('u-chair');
    expect(screen.getByTestId('readiness-sort-online').getAttribute('aria-pressed')).toBe('true');
  });

  it('refreshes on the button and by itself while open', async () => {
    let allReady = false;
    const { called } = renderManage(
      {
        handlers: {
          meeting_readiness: () => ({ ...board, people: board.people.map((p) => ({ ...p, ready: p.ready || allReady })) }),
        },
      },
      40,
    );
    expect(text(await screen.findByTestId('readiness-summary'))).toBe('2/3 sẵn sàng');
    allReady = true;
    await waitFor(() => expect(text(screen.getByTestId('readiness-summary'))).toBe('3/3 sẵn sàng'));
    const automatic = called('meeting_readiness').length;
    expect(automatic).toBeGreaterThanOrEqual(2);
    await fireEvent.click(screen.getByTestId('readiness-refresh'));
    await waitFor(() => expect(called('meeting_readiness').length).toBeGreaterThan(automatic));
    expect(called('meeting_readiness')[0]).toEqual({ meetingId: upcomingMeeting.id });
  });

  it('stops refreshing once closed', async () => {
    const { called } = renderManage({}, 20);
    await screen.findByTestId('readiness-summary');
    cleanup();
    const count = called('meeting_readiness').length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(called('meeting_readiness').length).toBe(count);
  });
});

describe('revising a document', () => {
  it('shows progress while sending, then the revision sent', async () => {
    let finish: (report: RevisionReport) => void = () => {};
    const { called, onChanged } = renderManage({
      handlers: { revise_document: () => new Promise((resolve) => (finish = resolve)) },
    });
    const lines = screen.getAllByTestId('revise-document');
    expect(lines.map((l) => l.dataset.documentId)).toEqual(['g1', 'g2', 'g3']);
    const input = within(lines[0]).getByTestId('revise-input');
    expect(input.dataset.documentId).toBe('g1');
    Object.defineProperty(input, 'files', { value: [pdfFile('Báo cáo giải trình (sửa).pdf', '%PDF-2')], configurable: true });
    await fireEvent.change(input);
    const progress = await within(lines[0]).findByTestId('revise-progress');
    await waitFor(() => expect(text(progress)).toBe('Đang gửi bản sửa đổi, xin chờ…'));
    expect(called('revise_document')).toEqual([{ meetingId: upcomingMeeting.id, documentId: 'g1', bytesBase64: btoa('%PDF-2') }]);
    finish({ revision: 3, chunks: 12, chunksSent: 4, bytesSent: 262_144 });
    const done = await within(lines[0]).findByTestId('revise-done');
    expect(text(done)).toBe('Đã gửi bản sửa đổi lần 3. Đã gửi 4/12 phần (256 KB).');
    expect(within(lines[0]).queryByTestId('revise-progress')).toBeNull();
    expect(onChanged).toHaveBeenCalled();
  });
});

describe('postponing and cancelling', () => {
  it('postpones to a new time in Vietnam time, with a reason required', async () => {
    const { called, onChanged } = renderManage();
    await fireEvent.click(screen.getByTestId('postpone-meeting'));
    const dialog = await screen.findByTestId('postpone-dialog');
    const starts = within(dialog).getByTestId('postpone-starts') as HTMLInputElement;
    expect(starts.value).toBe('2027-01-18T08:00');
    await waitFor(() => expect(document.activeElement).toBe(starts));
    await fireEvent.input(starts, { target: { value: '2027-01-25T14:00' } });
    await fireEvent.input(within(dialog).getByTestId('postpone-ends'), { target: { value: '2027-01-25T17:00' } });
    await fireEvent.click(within(dialog).getByTestId('postpone-confirm'));
    expect(text(within(dialog).getByTestId('postpone-error'))).toBe('Xin ghi lý do hoãn.');
    expect(called('postpone_meeting')).toEqual([]);

    await fireEvent.input(within(dialog).getByTestId('postpone-reason'), { target: { value: 'Trùng lịch họp của Tỉnh ủy' } });
    await fireEvent.click(within(dialog).getByTestId('postpone-confirm'));
    await waitFor(() => expect(screen.queryByTestId('postpone-dialog')).toBeNull());
    expect(called('postpone_meeting')).toEqual([
      {
        meetingId: upcomingMeeting.id,
        startsAt: '2027-01-25T14:00:00+07:00',
        endsAt: '2027-01-25T17:00:00+07:00',
        reason: 'Trùng lịch họp của Tỉnh ủy',
      },
    ]);
    expect(text(screen.getByTestId('manage-notice'))).toContain('Đã hoãn cuộc họp sang Thứ Hai, 25/01/2027, 14:00–17:00.');
    expect(onChanged).toHaveBeenCalled();
  });

  it('refuses a new end before the new start', async () => {
    const { called } = renderManage();
    await fireEvent.click(screen.getByTestId('postpone-meeting'));
    const dialog = await screen.findByTestId('postpone-dialog');
    await fireEvent.input(within(dialog).getByTestId('postpone-ends'), { target: { value: '2027-01-18T07:00' } });
    await fireEvent.input(within(dialog).getByTestId('postpone-reason'), { target: { value: 'Lý do' } });
    await fireEvent.click(within(dialog).getByTestId('postpone-confirm'));
    expect(text(within(dialog).getByTestId('postpone-error'))).toBe('Giờ kết thúc phải sau giờ bắt đầu.');
    expect(called('postpone_meeting')).toEqual([]);
  });

  it('cancels only after confirming, and Escape or "no" goes back', async () => {
    const { called, onChanged } = renderManage();
    const trigger = screen.getByTestId('cancel-meeting');
    trigger.focus();
    await fireEvent.click(trigger);
    let dialog = await screen.findByTestId('cancel-dialog');
    expect(text(dialog)).toContain('Hủy cuộc họp “Phiên họp giải trình”? Mọi người tham dự sẽ nhận thông báo hủy. Việc này không hoàn tác được.');
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByTestId('cancel-back')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('cancel-dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(trigger));

    await fireEvent.click(trigger);
    dialog = await screen.findByTestId('cancel-dialog');
    await fireEvent.input(within(dialog).getByTestId('cancel-reason'), { target: { value: 'Thay đổi kế hoạch' } });
    await fireEvent.click(within(dialog).getByTestId('cancel-confirm'));
    await waitFor(() => expect(screen.queryByTestId('cancel-dialog')).toBeNull());
    expect(called('cancel_meeting')).toEqual([{ meetingId: upcomingMeeting.id, reason: 'Thay đổi kế hoạch' }]);
    expect(text(screen.getByTestId('manage-notice'))).toBe('Đã hủy cuộc họp. Mọi người tham dự sẽ được báo.');
    expect(onChanged).toHaveBeenCalled();
  });

  it('hides postponing, cancelling and revising for a cancelled meeting', async () => {
    prepareBackend();
    render(ManageMeeting, { meeting: { ...upcomingMeeting, status: 'cancelled' }, onClose: vi.fn(), onCloned: vi.fn() });
    expect(text(screen.getByTestId('manage-status'))).toBe('Đã hủy');
    expect(screen.queryByTestId('cancel-meeting')).toBeNull();
    expect(screen.queryByTestId('postpone-meeting')).toBeNull();
    expect(screen.queryByTestId('revise-input')).toBeNull();
    expect(screen.getByTestId('clone-meeting')).toBeTruthy();
  });
});

describe('cloning and closing', () => {
  it('makes a new draft from the meeting and hands it over', async () => {
    const { called, onCloned } = renderManage();
    await fireEvent.click(screen.getByTestId('clone-meeting'));
    await waitFor(() => expect(onCloned).toHaveBeenCalledTimes(1));
    expect(called('clone_meeting')).toEqual([{ meetingId: upcomingMeeting.id }]);
    expect(onCloned.mock.calls[0][0].info.title).toBe('Bản sao: Phiên họp giải trình');
  });

  it('closes on the button and on Escape', async () => {
    const { onClose } = renderManage();
    await fireEvent.click(screen.getByTestId('manage-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
