/**
 * Meeting times typed into `<input type="datetime-local">` are Vietnam time (UTC+7, no
 * daylight saving), whatever the computer's own zone: "2026-11-24T08:00" is sent as
 * "2026-11-24T08:00:00+07:00", and any RFC 3339 time is shown back in Vietnam time.
 */
import { vietnamParts } from '../format';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A datetime-local value as RFC 3339 in Vietnam time; `null` when empty or not a real date. */
export function localToRfc3339(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // Day 31 of a 30-day month (or 29/02 of a common year) rolls over: refuse it.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad2(second)}+07:00`;
}

/** An RFC 3339 time as a datetime-local value in Vietnam time; "" when missing or unreadable. */
export function rfc3339ToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = vietnamParts(iso);
  if (!p) return '';
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** What is wrong with a start and an optional end typed in the form, if anything. */
export type TimeProblem = 'start_missing' | 'start_invalid' | 'end_invalid' | 'end_before_start';

/** Checks the start (required) and end (optional, strictly after the start) datetime-local values. */
export function checkLocalTimes(startsLocal: string, endsLocal: string): TimeProblem | null {
  if (startsLocal.trim() === '') return 'start_missing';
  const start = localToRfc3339(startsLocal);
  if (start === null) return 'start_invalid';
  if (endsLocal.trim() === '') return null;
  const end = localToRfc3339(endsLocal);
  if (end === null) return 'end_invalid';
  if (Date.parse(end) <= Date.parse(start)) return 'end_before_start';
  return null;
}
