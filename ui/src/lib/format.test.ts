import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatMeetingDate,
  formatMeetingWhen,
  formatTimeRange,
} from './format';

describe('formatMeetingDate', () => {
  it('writes Vietnamese weekday, date and time', () => {
    expect(formatMeetingDate('2026-11-23T08:00:00+07:00', 'vi')).toBe('Thứ Hai, 23/11/2026, 08:00');
    expect(formatMeetingDate('2026-11-24T08:00:00+07:00', 'vi')).toBe('Thứ Ba, 24/11/2026, 08:00');
    expect(formatMeetingDate('2026-11-29T14:05:00+07:00', 'vi')).toBe('Chủ Nhật, 29/11/2026, 14:05');
  });

  it('writes English weekday with the same date layout', () => {
    expect(formatMeetingDate('2026-11-23T08:00:00+07:00', 'en')).toBe('Monday, 23/11/2026, 08:00');
  });

  it('shows Vietnam time whatever offset the input carries', () => {
    expect(formatMeetingDate('2026-11-24T01:00:00Z', 'vi')).toBe('Thứ Ba, 24/11/2026, 08:00');
    expect(formatMeetingDate('2026-11-24T02:00:00+01:00', 'vi')).toBe('Thứ Ba, 24/11/2026, 08:00');
  });

  it('moves a late-evening UTC time to the next day in Vietnam', () => {
    // 31/12/2026 18:30 UTC is 01:30 on Friday 01/01/2027 in Vietnam.
    expect(formatMeetingDate('2026-12-31T18:30:00Z', 'vi')).toBe('Thứ Sáu, 01/01/2027, 01:30');
    expect(formatMeetingDate('2026-11-23T17:00:00Z', 'en')).toBe('Tuesday, 24/11/2026, 00:00');
    expect(formatMeetingDate('2026-11-23T16:59:00Z', 'en')).toBe('Monday, 23/11/2026, 23:59');
  });

  it('returns unreadable input unchanged', () => {
    expect(formatMeetingDate('not a date', 'vi')).toBe('not a date');
  });
});

describe('time ranges', () => {
  it('joins times on the same day with an en dash', () => {
    expect(formatTimeRange('2026-11-24T08:00:00+07:00', '2026-11-24T11:30:00+07:00')).toBe('08:00–11:30');
    expect(formatMeetingWhen('2026-11-24T08:00:00+07:00', '2026-11-24T11:30:00+07:00', 'vi')).toBe(
      'Thứ Ba, 24/11/2026, 08:00–11:30',
    );
  });

  it('judges "same day" in Vietnam time', () => {
    // 16:00Z and 17:30Z are 23:00 and 00:30 the next day in Vietnam.
    expect(formatTimeRange('2026-11-24T16:00:00Z', '2026-11-24T17:30:00Z')).toBeNull();
  });

  it('writes both full dates for a meeting over several days, and the start alone without an end', () => {
    expect(formatMeetingWhen('2026-12-08T08:00:00+07:00', '2026-12-10T17:00:00+07:00', 'vi')).toBe(
      'Thứ Ba, 08/12/2026, 08:00 – Thứ Năm, 10/12/2026, 17:00',
    );
    expect(formatMeetingWhen('2026-12-08T08:00:00+07:00', null, 'en')).toBe('Tuesday, 08/12/2026, 08:00');
    expect(formatTimeRange('2026-12-08T08:00:00+07:00', null)).toBeNull();
  });

  it('formats a clock time in Vietnam time', () => {
    expect(formatClock('2026-11-24T01:15:00Z')).toBe('08:15');
  });
});

describe('formatBytes', () => {
  it('uses a decimal comma in Vietnamese and a point in English', () => {
    expect(formatBytes(1_258_291, 'vi')).toBe('1,2 MB');
    expect(formatBytes(1_258_291, 'en')).toBe('1.2 MB');
  });

  it('picks a sensible unit and precision', () => {
    expect(formatBytes(0, 'vi')).toBe('0 B');
    expect(formatBytes(850, 'vi')).toBe('850 B');
    expect(formatBytes(1024, 'vi')).toBe('1 KB');
    expect(formatBytes(348_160, 'vi')).toBe('340 KB');
    expect(formatBytes(15 * 1024 * 1024, 'en')).toBe('15 MB');
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1 MB');
    expect(formatBytes(3.5 * 1024 ** 3, 'vi')).toBe('3,5 GB');
  });

  it('does not crash on nonsense', () => {
    expect(formatBytes(-1, 'vi')).toBe('—');
    expect(formatBytes(Number.NaN, 'en')).toBe('—');
  });
});
