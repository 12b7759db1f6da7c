import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import type { SpeakerView } from '../../room-types';
import SpeakerNow from './SpeakerNow.svelte';

const GRANTED = Date.parse('2026-11-24T08:30:00+07:00');
const speaker: SpeakerView = {
  userId: 'u-binh',
  displayName: 'Phạm Văn Bình',
  requestedAtMs: GRANTED - 60_000,
  grantedAtMs: GRANTED,
};

function at(seconds: number, limitSecs = 300) {
  return { speaker, limitSecs, nowMs: GRANTED + seconds * 1000, isChair: false, isMe: false, onFinish: async () => true };
}

const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, ' ').trim();

beforeEach(() => setLocale('vi'));

describe('SpeakerNow timer', () => {
  it('counts from the grant, warns in the last 30 seconds and marks the time over', async () => {
    const { rerender } = render(SpeakerNow, at(60));
    const box = screen.getByTestId('speaker-now');
    expect(text('speaker-timer')).toBe('01:00');
    expect(text('speaker-remaining')).toBe('Còn 04:00 · Thời gian mỗi lượt: 5 phút');
    expect(box.dataset.level).toBe('normal');
    expect(box.classList.contains('warning')).toBe(false);
    expect(text('speaker-notice')).toBe('');

    await rerender(at(269));
    expect(box.dataset.level).toBe('normal');

    await rerender(at(270));
    expect(text('speaker-timer')).toBe('04:30');
    expect(box.dataset.level).toBe('warning');
    expect(box.classList.contains('warning')).toBe(true);
    expect(text('speaker-notice')).toBe('Còn dưới 30 giây.');
    expect(screen.getByTestId('speaker-notice').getAttribute('role')).toBe('status');

    await rerender(at(300));
    expect(box.dataset.level).toBe('warning');

    await rerender(at(310));
    expect(text('speaker-timer')).toBe('05:10');
    expect(box.dataset.level).toBe('over');
    expect(box.classList.contains('over')).toBe(true);
    expect(text('speaker-remaining')).toBe('Quá giờ 00:10 · Thời gian mỗi lượt: 5 phút');
    expect(text('speaker-notice')).toBe('Đã quá thời gian phát biểu.');
  });

  it('never warns without a limit, and says when nobody speaks', async () => {
    const { rerender } = render(SpeakerNow, at(4000, 0));
    expect(text('speaker-timer')).toBe('1:06:40');
    expect(text('speaker-remaining')).toBe('Không giới hạn thời gian');
    expect(screen.getByTestId('speaker-now').dataset.level).toBe('normal');
    await rerender({ ...at(0), speaker: null });
    expect(screen.getByTestId('speaker-now').textContent).toContain('Hiện không có ai phát biểu.');
    expect(screen.queryByTestId('speaker-timer')).toBeNull();
  });

  it('gives the chair the button that ends the turn', () => {
    render(SpeakerNow, { ...at(10), isChair: true });
    expect(screen.getByTestId('speaker-finish').textContent?.trim()).toBe('Kết thúc lượt phát biểu');
  });
});
