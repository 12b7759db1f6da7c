/**
 * Dates, times and sizes for display. Meeting times are always shown in Vietnam time
 * (UTC+7, no daylight saving), whatever the computer's own time zone: we add 7 hours to the
 * instant and read it with getUTC* methods, so no Intl time-zone data is needed.
 */
import { translate, type Locale, type MessageKey } from './i18n/translate';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Calendar fields of an instant as seen in Vietnam. */
export interface VietnamDateParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Splits an RFC 3339 time into Vietnam-time fields; `null` if it cannot be read. */
export function vietnamParts(iso: string): VietnamDateParts | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

function clock(p: VietnamDateParts): string {
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

function sameDay(a: VietnamDateParts, b: VietnamDateParts): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function dateLine(p: VietnamDateParts, locale: Locale): string {
  const weekday = translate(locale, `weekday.${p.weekday}` as MessageKey);
  return `${weekday}, ${pad2(p.day)}/${pad2(p.month)}/${p.year}, ${clock(p)}`;
}

/** "Thứ Hai, 24/11/2026, 08:00" (vi) or "Monday, 24/11/2026, 08:00" (en), in Vietnam time. */
export function formatMeetingDate(iso: string, locale: Locale): string {
  const p = vietnamParts(iso);
  return p ? dateLine(p, locale) : iso;
}

/** "08:00" in Vietnam time; the input unchanged if it cannot be read. */
export function formatClock(iso: string): string {
  const p = vietnamParts(iso);
  return p ? clock(p) : iso;
}

/** "08:05" in Vietnam time for an instant given in Unix milliseconds (server clocks). */
export function formatClockMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/**
 * A share for a vote announcement: "93,33%" (vi) or "93.33%" (en), at most two decimals,
 * trailing zeros dropped ("50%"); "—" when the whole is zero.
 */
export function formatPercent(part: number, whole: number, locale: Locale): string {
  if (!(whole > 0) || !Number.isFinite(part)) return '—';
  const text = ((part * 100) / whole).toFixed(2).replace(/\.?0+$/, '');
  return `${locale === 'vi' ? text.replace('.', ',') : text}%`;
}

/** "08:00–11:30" when both ends fall on the same day in Vietnam; otherwise `null`. */
export function formatTimeRange(startIso: string, endIso: string | null): string | null {
  if (endIso === null) return null;
  const start = vietnamParts(startIso);
  const end = vietnamParts(endIso);
  if (!start || !end || !sameDay(start, end)) return null;
  return `${clock(start)}–${clock(end)}`;
}

/**
 * The full when-line of a meeting: "Thứ Hai, 24/11/2026, 08:00–11:30" for a same-day meeting,
 * "Thứ Hai, 24/11/2026, 08:00 – Thứ Tư, 26/11/2026, 17:00" across days, the start alone without an end.
 */
export function formatMeetingWhen(startIso: string, endIso: string | null, locale: Locale): string {
  const start = vietnamParts(startIso);
  if (!start) return startIso;
  const end = endIso === null ? null : vietnamParts(endIso);
  if (!end) return dateLine(start, locale);
  if (sameDay(start, end)) return `${dateLine(start, locale)}–${clock(end)}`;
  return `${dateLine(start, locale)} – ${dateLine(end, locale)}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A file size for people: "850 B", "12 KB", "1,2 MB" (vi, comma decimal) or "1.2 MB" (en).
 * Binary multiples (1 KB = 1024 B), one decimal below 10, whole numbers above.
 */
export function formatBytes(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  let text: string;
  if (unit === 0) {
    text = String(Math.round(value));
  } else if (value < 10) {
    // toFixed may round 9.96 up to "10.0"; a trailing ".0" is dropped either way.
    text = value.toFixed(1).replace(/\.0$/, '');
    if (locale === 'vi') text = text.replace('.', ',');
  } else {
    text = String(Math.round(value));
  }
  // 1023.6 KB rounds to 1024: show the next unit instead.
  if (text === '1024' && unit < UNITS.length - 1) {
    text = '1';
    unit += 1;
  }
  return `${text} ${UNITS[unit]}`;
}
